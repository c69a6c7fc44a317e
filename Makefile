# Two commands: `make test` and `make paper`. Everything runs inside .venv/,
# built from requirements.txt; a target whose inputs have not changed does nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed-from-requirements

.PHONY: test data env clean

env: $(ENV_STAMP)

# Rebuilt only when the pins change.
$(ENV_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $@

test: $(ENV_STAMP)
	$(PY) -m pytest

# The reconstructed respondent data, from the claims ledger.
data: data/responses.csv
data/responses.csv data/datapackage.json &: data/published/claims.csv analysis/reconstruct.py analysis/codebook.py | $(ENV_STAMP)
	$(PY) -m analysis reconstruct

clean:
	rm -rf $(VENV) _manuscript .pytest_cache .hypothesis

# Two commands: `make test` and `make paper`. Everything runs inside .venv/,
# built from requirements.txt; a target whose inputs have not changed does nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed-from-requirements

ANALYSIS := $(wildcard analysis/*.py analysis/figures/*.py) data/published/claims.csv
NOTEBOOKS := $(patsubst %.py,%.ipynb,$(wildcard notebooks/[0-9]*.py))

.PHONY: test data figures notebooks env clean

env: $(ENV_STAMP)

# Rebuilt only when the pins change.
$(ENV_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test: $(ENV_STAMP)
	$(PY) -m pytest

# The reconstructed respondent data, from the claims ledger.
data: data/responses.csv
data/responses.csv data/datapackage.json &: data/published/claims.csv analysis/reconstruct.py analysis/codebook.py | $(ENV_STAMP)
	$(PY) -m analysis reconstruct

# Figures for the journal, PNG (300 dpi) and SVG.
figures: figures/fig_audit.svg
figures/fig_audit.svg: $(ANALYSIS) data/responses.csv | $(ENV_STAMP)
	$(PY) -m analysis figures

# Executed notebooks, committed with their outputs (nbval re-runs them in `make test`).
notebooks: $(NOTEBOOKS)
notebooks/%.ipynb: notebooks/%.py $(ANALYSIS) data/responses.csv | $(ENV_STAMP)
	$(PY) -m render.notebooks $<

clean:
	rm -rf $(VENV) _manuscript .pytest_cache .hypothesis

# Two commands: `make test` and `make paper`. Everything runs inside .venv/,
# built from requirements.txt; a target whose inputs have not changed does nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed-from-requirements

ANALYSIS := $(wildcard analysis/*.py analysis/figures/*.py) data/published/claims.csv
NOTEBOOKS := $(patsubst %.py,%.ipynb,$(wildcard notebooks/[0-9]*.py))

# The respondent file in use: $PAPER_DATA or the shipped reconstruction. Its name
# is kept in .make/paper-data so that switching files re-renders, and only then.
# A relative PAPER_DATA is taken from here, whatever folder a tool runs in.
ifdef PAPER_DATA
export PAPER_DATA := $(abspath $(PAPER_DATA))
endif
PAPER_DATA_FILE := $(if $(PAPER_DATA),$(PAPER_DATA),data/responses.csv)
PAPER_INPUTS := paper.qmd _quarto.yml references.bib $(wildcard styles/*.csl) $(ANALYSIS) \
	$(wildcard render/*.py render/filters/*.lua render/templates/*) $(PAPER_DATA_FILE) .make/paper-data

.PHONY: test paper bench data figures notebooks env clean FORCE

env: $(ENV_STAMP)

# Rebuilt only when the pins change.
$(ENV_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test: $(ENV_STAMP)
	$(PY) -m pytest

# The manuscript in _manuscript/ (HTML, PDF, DOCX) and the figure files in figures/.
# quarto render when Quarto >= 1.4 is on PATH, else the no-Quarto path; it says which.
paper: _manuscript/index.html
_manuscript/index.html: $(PAPER_INPUTS) | $(ENV_STAMP)
	$(PY) -m render paper.qmd --figures figures
	@touch $@

# Timings of the render path (not a test): cold paper, one-chunk floor, ratio, no-op make paper.
bench: $(ENV_STAMP)
	$(PY) -m render.bench

.make/paper-data: FORCE
	@mkdir -p .make
	@echo '$(abspath $(PAPER_DATA_FILE))' | cmp -s - $@ || echo '$(abspath $(PAPER_DATA_FILE))' > $@

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
	rm -rf $(VENV) _manuscript .make .pytest_cache .hypothesis

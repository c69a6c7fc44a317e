"""The committed notebooks are built from their reviewed .py sources."""

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.py"))


def test_there_are_three_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["01-reconstruction", "02-audit", "03-results"]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_matches_its_source(source):
    built = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    expected = jupytext.read(source, fmt="py:percent")
    assert [(c.cell_type, c.source) for c in built.cells] == [(c.cell_type, c.source) for c in expected.cells]
    assert any(c.outputs for c in built.cells if c.cell_type == "code"), "rebuild with `make notebooks`"


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_only_call_the_analysis_package(source):
    code = "\n".join(c.source for c in jupytext.read(source, fmt="py:percent").cells if c.cell_type == "code")
    assert "def " not in code and "proportion_confint" not in code

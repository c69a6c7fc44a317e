"""Unit tests exercise the package on the shipped data, whatever PAPER_DATA says.

Tests that are about PAPER_DATA set it themselves. (The notebooks, checked by
nbval, do follow PAPER_DATA: their stored outputs are for the data they were
built with.)
"""

import pytest


@pytest.fixture(autouse=True)
def _shipped_data_only(monkeypatch):
    monkeypatch.delenv("PAPER_DATA", raising=False)


def pytest_collection_modifyitems(items):
    """Notebook cells (nbval) run a kernel: they belong to the slow ``render`` tests."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.render)

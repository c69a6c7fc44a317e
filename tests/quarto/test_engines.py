"""Where Quarto is installed (the users' CI), both engines render every case and the paper, and agree.

Each case of ``cases/`` and ``paper.qmd`` is rendered by ``quarto render`` (through ``python -m render
--engine quarto``, so Quarto's Jupyter engine runs this environment's Python) and by the no-Quarto path,
into separate folders, and :func:`tests.quarto.compare.compare` holds each format of the two against
each other. Elsewhere the module is skipped with one line; ``test_compare.py`` tests the comparison.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from render.quarto import quarto_version
from tests.helpers import copy_project, render
from tests.quarto.compare import compare
from tests.quarto.test_conformance import CASES, HERE, formats_of

if quarto_version() is None:
    pytest.skip("needs Quarto >= 1.4 on PATH (the users' CI has it)", allow_module_level=True)
pytestmark = pytest.mark.render
SUFFIX = {"html": ".html", "docx": ".docx", "typst": ".pdf"}


def output(out: Path, fmt: str) -> Path:
    return next(p for p in sorted(out.iterdir()) if p.suffix == SUFFIX[fmt] and not p.name.endswith("-preview.html"))


def both_engines(folder: Path, source: Path) -> dict[str, Path]:
    outs = {}
    for engine in ("quarto", "python"):
        outs[engine] = folder / f"out-{engine}"
        result = render(source, outs[engine], "--engine", engine, cwd=source.parent)
        assert result.returncode == 0, f"{source.name} with --engine {engine}: {result.stderr}"
    return outs


@pytest.mark.parametrize("case", CASES)
def test_both_engines_render_the_case_alike(tmp_path, case):
    folder = tmp_path / case
    shutil.copytree(HERE / "cases" / case, folder)
    outs = both_engines(folder, folder / "doc.qmd")
    differences = [d for fmt in formats_of(folder) for d in
                   compare(case, "pdf" if fmt == "typst" else fmt, output(outs["quarto"], fmt),
                           output(outs["python"], fmt))]
    assert not differences, "\n".join(map(str, differences))


def test_both_engines_render_the_paper_alike(tmp_path):
    project = copy_project(tmp_path)
    outs = both_engines(project, project / "paper.qmd")
    differences = [d for fmt in ("html", "docx", "typst") for d in
                   compare("paper", "pdf" if fmt == "typst" else fmt, output(outs["quarto"], fmt),
                           output(outs["python"], fmt))]
    assert not differences, "\n".join(map(str, differences))

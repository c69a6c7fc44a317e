"""With Quarto on PATH, `make paper` runs `quarto render` with the project's Python; the checkout stays clean."""

import os
import subprocess
from pathlib import Path

import pytest

from analysis.paths import ROOT
from render.quarto import quarto_version
from tests.helpers import copy_project

STAND_IN = """#!/bin/sh
# A stand-in for the quarto CLI: reports a version, and for `render` records what it
# was given and checks that the Python it was pointed at can run a Jupyter kernel.
if [ "$1" = "--version" ]; then echo "{version}"; exit 0; fi
{{ echo "$QUARTO_PYTHON"; echo "$@"; }} > "$STAND_IN_LOG"
"$QUARTO_PYTHON" -c "import nbformat, nbclient, ipykernel" || exit 3
out=""
while [ $# -gt 0 ]; do [ "$1" = "--output-dir" ] && out="$2"; shift; done
mkdir -p "$out" && echo "<html>rendered by the stand-in</html>" > "$out/index.html"
"""


def stand_in(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "quarto"
    script.write_text(STAND_IN.format(version=version))
    script.chmod(0o755)
    return folder


def test_make_paper_hands_quarto_the_projects_python(tmp_path):
    project = copy_project(tmp_path)
    log = tmp_path / "stand-in.log"
    env = {**os.environ, "PATH": f"{stand_in(tmp_path / 'bin', '1.7.34')}:{os.environ['PATH']}",
           "STAND_IN_LOG": str(log)}
    env.pop("PAPER_DATA", None)
    env.pop("QUARTO_PYTHON", None)
    # -o: the environment is the real one, linked in; do not rebuild it.
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "paper"],
                            cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    quarto_python, arguments = log.read_text().splitlines()
    assert Path(quarto_python).resolve() == (project / ".venv" / "bin" / "python").resolve()
    assert arguments.startswith("render paper.qmd --output-dir ") and "-M render-engine:quarto render" in arguments
    assert "render engine: quarto render (Quarto 1.7.34)" in result.stdout
    assert "rendered by the stand-in" in (project / "_manuscript" / "index.html").read_text()


@pytest.mark.parametrize(("version", "expected"), [("1.7.34", (1, 7, 34)), ("1.4.549", (1, 4, 549)), ("1.3.450", None),
                                                   ("99.9.9", (99, 9, 9)), ("not a version", None)])
def test_only_quarto_14_or_later_is_used(tmp_path, monkeypatch, version, expected):
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path, version)}:{os.environ['PATH']}")
    assert quarto_version() == expected


def test_gitignore_has_what_quarto_requires_so_a_render_leaves_it_alone():
    # quarto-cli src/project/project-gitignore.ts: every required entry must be a line of
    # .gitignore (trimmed) or Quarto rewrites the file: /.quarto/ always, /env/ when a
    # virtual environment lives in env/, /_*.local when such files exist at the top.
    lines = [line.strip() for line in (ROOT / ".gitignore").read_text().splitlines()]
    assert "/.quarto/" in lines
    assert not (ROOT / "env").exists() or "/env/" in lines
    assert not list(ROOT.glob("_*.local")) or "/_*.local" in lines

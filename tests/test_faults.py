"""Faults in the middle of a build: signals, a killed render, two renders at once."""

import ast
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from analysis.paths import ROOT, SHIPPED_RESPONSES
from render.publish import remove_abandoned_builds
from tests.helpers import copy_project, docx_text, html_text, pdf_text, render

pytestmark = pytest.mark.render


@pytest.fixture
def project(tmp_path):
    """A copy of this project with the real environment linked in and a previous render in place."""
    copy = copy_project(tmp_path)
    (copy / "_manuscript").mkdir()
    (copy / "_manuscript" / "index.html").write_text("previous render")
    return copy


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PAPER_DATA", "QUARTO_PYTHON")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "quarto").exists())
    return env


def kernels_under(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [p for p in process.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_make_paper_stops_everything_and_changes_nothing(project, signum):
    make = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "paper", "FRESH=1"],
                            cwd=project, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    parent = psutil.Process(make.pid)
    deadline = time.monotonic() + 120
    while not kernels_under(parent) and time.monotonic() < deadline:
        time.sleep(0.1)
    kernels = kernels_under(parent)
    assert kernels, "the render never started its kernel"
    family = parent.children(recursive=True)
    os.killpg(make.pid, signum)  # as a terminal's Ctrl-C (or a TERM to the job) reaches every process of the job
    make.communicate(timeout=120)
    assert make.returncode != 0
    psutil.wait_procs(family, timeout=30)
    assert not [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not list(project.glob(".render-*"))
    assert sorted(p.name for p in (project / "_manuscript").iterdir()) == ["index.html"]
    assert (project / "_manuscript" / "index.html").read_text() == "previous render"


def test_a_build_folder_left_by_sigkill_is_removed_by_the_next_render(tmp_path):
    source = tmp_path / "doc.qmd"
    source.write_text('---\ntitle: "Killed"\n---\n\n```{python}\nimport time\ntime.sleep(60)\n```\n')
    killed = subprocess.Popen([sys.executable, "-m", "render", str(source), "--out", str(tmp_path / "out"),
                               "--engine", "python"], cwd=ROOT, env=environment())
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".render-*/render.pid")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = list(tmp_path.glob(".render-*"))
    assert left, "a SIGKILL leaves the build folder behind (nothing can clean up after it)"
    assert remove_abandoned_builds(tmp_path) == left and not list(tmp_path.glob(".render-*"))
    left[0].mkdir()
    (left[0] / "render.pid").write_text(str(killed.pid))  # dead: as SIGKILL left it
    source.write_text('---\ntitle: "Next"\n---\n\nText.\n')
    assert render(source, tmp_path / "out", cwd=tmp_path).returncode == 0
    assert not list(tmp_path.glob(".render-*"))


def test_a_live_renders_build_folder_is_left_alone(tmp_path):
    live = tmp_path / ".render-live"
    live.mkdir()
    (live / "render.pid").write_text(str(os.getpid()))
    assert remove_abandoned_builds(tmp_path) == [] and live.exists()


def _abstract_numbers(text: str) -> list[str]:
    return re.findall(r"\d+/\d+ \(\d+\.\d%", text[text.index("Objective:"):text.index("Conclusion:")])


def test_two_renders_at_once_take_turns_and_leave_one_whole_render(project, tmp_path):
    other = tmp_path / "other.csv"
    data = pd.read_csv(SHIPPED_RESPONSES, dtype=str)
    data.loc[data.index[:25], "mentor_experience"] = "not_positive"
    data.to_csv(other, index=False)
    positives = (data["mentor_experience"] == "positive").sum()
    runs = [subprocess.Popen([sys.executable, "-m", "render", "paper.qmd"], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**environment(), **extra})
            for extra in ({}, {"PAPER_DATA": str(other)})]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    out = project / "_manuscript"
    numbers = [_abstract_numbers(extract(path)) for extract, path in
               ((html_text, out / "index.html"), (docx_text, out / "paper.docx"), (pdf_text, out / "paper.pdf"))]
    assert numbers[0] == numbers[1] == numbers[2], "the outputs mix two renders"
    assert numbers[0][0] in ("327/362 (90.3%", f"{positives}/362 ({100 * positives / 362:.1f}%")


def test_two_make_paper_at_once_both_succeed(project):
    runs = [subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "paper"],
                             cwd=project, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert "Objective:" in html_text(project / "_manuscript" / "index.html")


def test_the_work_beside_the_kernel_start_imports_no_package_the_kernel_start_imports(tmp_path):
    """Two threads importing one package at once can fail (KeyError: 'IPython', CPython gh-83065).

    The previews are written in a thread while the main thread starts the kernel; the
    packages each imports for the first time must be apart, and IPython imported before.
    """
    script = f"""
import sys, tempfile
from pathlib import Path
import nbformat
import render.__main__, render.build as build
from render.execute import kernel_client
def new_packages(before):
    return sorted({{name.split(".")[0] for name in set(sys.modules) - before}})
prepared = build.prepare(Path("paper.qmd").resolve())
before = set(sys.modules)
build.independent_outputs(prepared, Path({str(tmp_path / "out")!r}))
previews = new_packages(before)
before = set(sys.modules)
with tempfile.TemporaryDirectory() as sockets:
    client = kernel_client(nbformat.v4.new_notebook(), Path("."), Path(sockets), timeout=60)
    with client.setup_kernel():
        pass
print(previews)
print(new_packages(before))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    previews, kernel_start = (set(ast.literal_eval(line)) for line in result.stdout.splitlines())
    assert kernel_start, "the kernel start was expected to import something (ipykernel's client side)"
    assert not previews & kernel_start and "IPython" not in previews | kernel_start


@pytest.mark.parametrize("outcome", ["succeeds", "fails"])
def test_the_kernel_is_stopped_without_running_its_own_teardown(tmp_path, outcome):
    """ipykernel 7.4's teardown can race its own IO thread and print a ZMQError traceback to
    the render's stderr (seen in CI under a data error), so the kernel is stopped, not asked
    to stop: nothing of its own shutdown runs (atexit hooks included), and stderr is only the render's."""
    marker = tmp_path / "teardown-ran"
    source = tmp_path / "doc.qmd"
    source.write_text(f"""---
title: Teardown
---

```{{python}}
#| label: register
import atexit, pathlib
atexit.register(pathlib.Path({str(marker)!r}).write_text, "ran")
{'raise ValueError("stop here")' if outcome == "fails" else ''}
```
""", encoding="utf-8")
    result = render(source, tmp_path / "out")
    assert (result.returncode == 0) == (outcome == "succeeds"), result.stderr
    assert not marker.exists() and "Traceback" not in result.stderr, result.stderr
    if outcome == "fails":
        assert result.stderr.strip().endswith("ValueError: stop here (nothing was overwritten)"), result.stderr

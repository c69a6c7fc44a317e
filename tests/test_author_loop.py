"""The author's loop: an execution cache that is never stale, and a live preview."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pandas as pd
import psutil
import pytest

import render.cache as cache_module
from analysis.paths import ROOT, SHIPPED_RESPONSES
from render.cache import cache_key
from render.execute import kernel_setup
from render.qmd import read_qmd
from tests.helpers import TEXT, copy_project, render

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "mini.qmd"
OUTPUTS = {"html": "mini.html", "docx": "mini.docx", "typst": "mini.pdf"}
DATA_DOC = """---
title: "Data"
format:
  html: default
---

```{python}
#| echo: false
from analysis.load import load_responses
responses = load_responses()
```

There are `{python} len(responses)` respondents.
"""


def project(tmp_path: Path, text: str | None = None, name: str = "mini.qmd") -> Path:
    (tmp_path / "mini.bib").write_text((FIXTURE.parent / "mini.bib").read_text())
    source = tmp_path / name
    source.write_text(text if text is not None else FIXTURE.read_text())
    return source


def key(source: Path, figures: bool = False) -> str:
    return cache_key(read_qmd(source), source.parent, {"echo": False}, kernel_setup(300), figures)


def test_the_key_changes_with_every_input_that_can_change_a_value(tmp_path, monkeypatch):
    source = project(tmp_path)
    base = key(source)
    assert key(source) == base  # stable
    text = FIXTURE.read_text()
    source.write_text(text.replace("The answer is", "The reply is"))
    assert key(source) == base, "an edit to prose alone must keep the key"
    for changed in (text.replace("answer = 6 * 7", "answer = 6 * 8"),  # chunk code
                    text.replace("#| fig-cap: \"Bars of the fixture\"", "#| fig-cap: \"Bars\""),  # chunk option
                    text.replace("`{python} answer`", "`{python} answer + 0`")):  # inline code
        source.write_text(changed)
        assert key(source) != base
    source.write_text(text)
    assert key(source, figures=True) != base
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert key(source) != base


@pytest.mark.parametrize("part", ["analysis/measures.py", "data/published/claims.csv", "requirements.lock"])
def test_the_key_changes_with_the_package_the_ledger_and_the_lock(tmp_path, monkeypatch, part):
    tree = tmp_path / "tree"
    for name in ("analysis", "data", "requirements.lock"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, tree / name)
    monkeypatch.setattr("analysis.paths.ROOT", tree)
    monkeypatch.setattr("analysis.paths.PUBLISHED_DIR", tree / "data" / "published")
    source = project(tmp_path)
    base = key(source)
    with open(tree / part, "a") as file:
        file.write("\n# changed\n" if part.endswith((".py", ".lock")) else "\n")
    assert key(source) != base


def test_the_key_changes_with_the_data_file_and_its_path(tmp_path, monkeypatch):
    source = project(tmp_path)
    data = tmp_path / "responses.csv"
    shutil.copyfile(SHIPPED_RESPONSES, data)
    monkeypatch.setenv("PAPER_DATA", str(data))
    base = key(source)
    data.write_text(data.read_text().replace("R001,positive", "R001,not_positive"))
    assert key(source) != base
    moved = tmp_path / "moved.csv"
    shutil.copyfile(data, moved)
    before = key(source)
    monkeypatch.setenv("PAPER_DATA", str(moved))
    assert key(source) != before


@pytest.mark.render
def test_a_prose_edit_starts_no_kernel_and_updates_every_format(tmp_path):
    source = project(tmp_path)
    first = render(source, tmp_path / "out", "--fresh", cwd=tmp_path)
    assert first.returncode == 0 and "execution: executed in a kernel" in first.stdout
    source.write_text(FIXTURE.read_text().replace("The answer is", "The reply is"))
    second = render(source, tmp_path / "out", cwd=tmp_path)
    assert second.returncode == 0 and "execution: from the cache (no kernel started" in second.stdout
    for fmt, name in OUTPUTS.items():
        assert "The reply is 42" in TEXT[fmt](tmp_path / "out" / name), fmt


@pytest.mark.render
def test_output_from_the_cache_is_byte_identical_to_a_fresh_execution(tmp_path):
    source = project(tmp_path)
    fresh = render(source, tmp_path / "fresh", "--fresh", cwd=tmp_path)
    cached = render(source, tmp_path / "cached", cwd=tmp_path)
    assert "executed in a kernel" in fresh.stdout and "from the cache" in cached.stdout
    for name in OUTPUTS.values():
        assert (tmp_path / "fresh" / name).read_bytes() == (tmp_path / "cached" / name).read_bytes(), name


@pytest.mark.render
def test_a_data_edit_executes_again_and_changes_the_numbers(tmp_path):
    source = project(tmp_path, DATA_DOC, "data.qmd")
    data = tmp_path / "responses.csv"
    shutil.copyfile(SHIPPED_RESPONSES, data)
    env = {"PAPER_DATA": str(data)}
    assert render(source, tmp_path / "out", env=env, cwd=tmp_path).returncode == 0
    assert "There are 362 respondents." in TEXT["html"](tmp_path / "out" / "data.html")
    pd.read_csv(data, dtype=str).head(300).to_csv(data, index=False)
    again = render(source, tmp_path / "out", env=env, cwd=tmp_path)
    assert "executed in a kernel" in again.stdout
    assert "There are 300 respondents." in TEXT["html"](tmp_path / "out" / "data.html")


@pytest.mark.render
def test_the_paper_and_its_figures_come_back_from_the_cache(tmp_path):
    out, figures = tmp_path / "_manuscript", tmp_path / "figures"
    render(ROOT / "paper.qmd", out, "--figures", str(figures))  # fills the cache if needed
    shutil.rmtree(figures)
    again = render(ROOT / "paper.qmd", out, "--figures", str(figures))
    assert "from the cache" in again.stdout
    for written in sorted(figures.iterdir()):
        assert written.read_bytes() == (ROOT / "figures" / written.name).read_bytes(), written.name


def test_the_cache_keeps_a_few_entries_and_writes_them_whole(tmp_path, monkeypatch):
    from render.execute import Results

    monkeypatch.setattr(cache_module, "KEEP", 2)
    cache = cache_module.ExecutionCache(tmp_path / "cache")
    for index in range(4):
        cache.store(f"key{index}", Results({0: []}, {1: {"x": str(index)}}), None)
        time.sleep(0.01)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["key2", "key3"]
    assert cache.load("key3", None).values == {1: {"x": "3"}} and cache.load("key0", None) is None


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _wait_for(condition, timeout: float = 90, step: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


@pytest.mark.render
def test_preview_serves_rerenders_on_save_shows_errors_and_stops_cleanly(tmp_path):
    source = project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PAPER_DATA"}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "quarto").exists())
    preview = subprocess.Popen([sys.executable, "-m", "render.preview", str(source), "--out", str(tmp_path / "out"),
                                "--port", "0", "--engine", "python"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        url = _wait_for(lambda: next((line.split()[2] for line in iter(preview.stdout.readline, "")
                                      if line.startswith("preview at ")), None))
        assert url.startswith("http://127.0.0.1:") and url.endswith("/mini.html")
        root = url.rsplit("/", 1)[0]
        page = _get(url)
        assert "The answer is 42" in page and "/__preview__" in page  # the reload script
        state = json.loads(_get(root + "/__preview__"))
        source.write_text(FIXTURE.read_text().replace("The answer is", "The reply is"))
        _wait_for(lambda: json.loads(_get(root + "/__preview__"))["renders"] > state["renders"])
        assert "The reply is 42" in _get(url)
        source.write_text(FIXTURE.read_text().replace("answer = 6 * 7", "answer = 6 *"))
        error = _wait_for(lambda: json.loads(_get(root + "/__preview__"))["error"])
        assert "chunk 'setup'" in error and "SyntaxError" in error
        assert "The reply is 42" in _get(url), "the last good output is kept"
        children = psutil.Process(preview.pid).children(recursive=True)
    finally:
        preview.send_signal(signal.SIGINT)
        preview.wait(timeout=60)
    assert preview.returncode == 0
    assert not [child for child in children if child.is_running() and child.status() != psutil.STATUS_ZOMBIE]
    with pytest.raises(OSError):
        _get(url)


def test_the_work_beside_the_kernel_starts_once_the_kernel_is_up_and_before_the_first_chunk(tmp_path):
    # A busy thread started earlier slows the kernel's start (a run of short waits for the GIL).
    from render.execute import execute

    marker = tmp_path / "chunk-ran"
    source = project(tmp_path, f"---\ntitle: T\n---\n\n```{{python}}\nopen({str(marker)!r}, 'w').close()\n```\n")
    seen = []

    def kernel_ready():
        kernels = [p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        seen.append((len(kernels), marker.exists()))

    execute(read_qmd(source), tmp_path, {}, on_kernel_ready=kernel_ready)
    assert seen == [(1, False)]
    assert marker.exists()
    seen.clear()
    prose_only = project(tmp_path, "---\ntitle: T\n---\n\nProse only.\n")
    execute(read_qmd(prose_only), tmp_path, {}, on_kernel_ready=kernel_ready)
    assert seen == []  # nothing to run: no kernel, and the render starts the work itself


def test_the_work_beside_the_kernel_runs_once_whether_or_not_a_kernel_ran():
    from concurrent.futures import ThreadPoolExecutor

    from render.__main__ import Beside

    calls = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = Beside(pool, lambda: calls.append("started") or "tags")
        started.start()
        started.start()
        assert started.result() == "tags"
        never_started = Beside(pool, lambda: calls.append("at the end") or "tags")
        assert never_started.result() == "tags"
    assert calls == ["started", "at the end"]


def _start_preview(source: Path, *args: str, cwd: Path = ROOT, make: bool = False):
    """The preview on a free port (``make preview`` with ``make``); its address, and its output lines as they come."""
    env = {k: v for k, v in os.environ.items() if k not in ("PAPER_DATA", "RENDER_FIGURES_DIR")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "quarto").exists())
    command = (["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "preview", "PORT=0"] if make else
               [sys.executable, "-m", "render.preview", str(source), "--port", "0", "--engine", "python", *args])
    preview = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    lines: list[str] = []
    url = _wait_for(lambda: next((line.split()[2] for line in iter(preview.stdout.readline, "")
                                  if lines.append(line) or line.startswith("preview at ")), None), timeout=180)

    def read_on():
        for line in preview.stdout:
            lines.append(line)

    threading.Thread(target=read_on, daemon=True).start()
    return preview, url, lines


def _status(url: str) -> dict:
    return json.loads(_get(url.rsplit("/", 1)[0] + "/__preview__"))


def _save_and_wait(url: str, source: Path, text: str, whole: bool = True) -> dict:
    """Save ``text`` once the preview is idle; wait for the page (and, with ``whole``, every format) or an error."""
    _wait_for(lambda: _status(url)["idle"], timeout=120, step=0.1)
    before = _status(url)
    source.write_text(text)
    counter = "complete" if whole else "renders"
    return _wait_for(lambda: (lambda s: s if s[counter] > before[counter] or s["error"] else None)(_status(url)),
                     timeout=180, step=0.05)


def _stop(preview: subprocess.Popen) -> None:
    os.killpg(preview.pid, signal.SIGINT)
    preview.wait(timeout=60)


@pytest.mark.render
def test_no_value_survives_between_preview_renders_even_in_the_warm_spare_kernel(tmp_path):
    text = ("---\ntitle: T\nformat:\n  html: default\n---\n\n```{python}\n#| label: setup\n"
            "leftover = 41\nvalue = leftover + 1\n```\n\nThe value is `{python} value`.\n")
    source = project(tmp_path, text)
    preview, url, lines = _start_preview(source, "--out", str(tmp_path / "out"))
    try:
        assert "The value is 42" in _get(url)
        # A chunk edit: executed in the spare kernel, warmed after the first render.
        state = _save_and_wait(url, source, text.replace("leftover + 1", "leftover + 2"))
        assert not state["error"] and "The value is 43" in _get(url)
        assert any("executed in the spare kernel" in line for line in lines), lines
        # The definition removed: a fresh make paper fails here, and so must the preview.
        state = _save_and_wait(url, source, text.replace("leftover = 41\n", ""))
        assert "NameError" in state["error"] and "leftover" in state["error"], state
        assert "The value is 43" in _get(url), "the last good page is kept"
    finally:
        _stop(preview)
    assert preview.returncode == 0


@pytest.mark.render
def test_make_paper_after_make_preview_does_nothing_and_matches_a_fresh_make_paper(tmp_path):
    project_copy = copy_project(tmp_path)
    commit = ["git", "-c", "user.name=a", "-c", "user.email=a@b"]
    for command in (["git", "init", "-q"], ["git", "add", "-A"], [*commit, "commit", "-qm", "first"]):
        subprocess.run(command, cwd=project_copy, check=True, capture_output=True)
    paper = project_copy / "paper.qmd"
    original = paper.read_text()
    preview, url, lines = _start_preview(paper, cwd=project_copy, make=True)
    try:
        prose = original.replace("Wasim and colleagues evaluated", "Wasim and co-authors evaluated")
        assert not _save_and_wait(url, paper, prose)["error"]
        chunk = prose.replace("reconstruction = is_reconstruction()", "reconstruction = is_reconstruction()  # edit")
        assert not _save_and_wait(url, paper, chunk)["error"]
        _wait_for(lambda: _status(url)["idle"], timeout=120)
    finally:
        _stop(preview)
    assert any("executed in the spare kernel" in line for line in lines), lines
    outputs = ("_manuscript", "figures")
    after_preview = _files(project_copy, outputs)
    assert "co-authors" in (project_copy / "_manuscript" / "index.html").read_text()
    make = ["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "paper"]
    again = subprocess.run(make, cwd=project_copy, capture_output=True, text=True, check=True)
    assert "render engine" not in again.stdout, again.stdout  # nothing to do
    assert _files(project_copy, outputs) == after_preview
    fresh = subprocess.run([*make, "FRESH=1"], cwd=project_copy, capture_output=True, text=True, check=True)
    assert "executed in a kernel" in fresh.stdout
    remade = _files(project_copy, outputs)
    assert sorted(remade) == sorted(after_preview)
    assert [name for name in remade if remade[name] != after_preview[name]] == []


def _files(project_dir: Path, folders: tuple[str, ...]) -> dict[str, bytes]:
    return {str(path.relative_to(project_dir)): path.read_bytes() for folder in folders
            for path in sorted((project_dir / folder).rglob("*")) if path.is_file()}

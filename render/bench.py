"""``make bench``: how long the author's loop takes, measured in one run (not a test).

Four figures, medians over repeated runs, with their spread:

* a cold render of ``paper.qmd`` to HTML, PDF and DOCX with the journal's figure
  files (``--fresh``: the kernel runs), against the floor: the same path on a
  one-chunk document that imports the science stack (a new process, a kernel,
  three pandoc runs, one typst compile). Goal: 1.5 times the floor or less;
* a render after an edit to prose, against the floor (the cache spares the
  kernel). Goal: 1.0 times the floor or less;
* ``make preview`` as its user feels it: from saving the manuscript to the page's
  reload, for a prose edit and for an edit to a chunk's code, against the floor.
  Goals: 0.15 and 0.5 times the floor or less;
* a ``make paper`` with nothing changed. Goal: 0.1 s or less;
* a fresh clone's setup (``make env`` with an empty package cache), and its first
  ``make paper``. Goal: 30 s or less together. Also another clone's, with uv's
  cache holding every wheel, as on a machine that has installed the lock before.

The cold render, the floor and the prose edit are timed in turn within each run,
and a ratio is the median of the runs' ratios: on a shared host whose speed drifts
by tens of percent within minutes, two medians taken minutes apart would compare
different machines.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """---
title: "Floor"
format:
  html: default
  docx: default
  typst: default
---

```{python}
#| echo: false
import analysis.report, analysis.figures.build  # the science stack the paper imports
value = 1
```

The value is `{python} value`.
"""
RUNS = 5
#: Where the last run's table goes (docs/maintainer.md links to it).
RESULTS = ROOT / "docs" / "benchmark.md"
SETUP_RUNS = 3
IGNORED = shutil.ignore_patterns(".venv", ".git", "_manuscript", ".make", "__pycache__", ".pytest_cache", ".hypothesis",
                                 ".ruff_cache", ".render-*", "mutants")


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return elapsed


def summary(samples: list[float]) -> tuple[float, str]:
    return statistics.median(samples), f"{min(samples):.2f}-{max(samples):.2f}"


def render_time(source: Path, out: Path, *extra: str) -> float:
    return timed([sys.executable, "-m", "render", str(source), "--out", str(out), "--engine", "python", *extra],
                  source.parent)


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("PAPER_DATA", "PYTHONDONTWRITEBYTECODE")}
    os.environ.clear()
    os.environ.update(env)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "project"
        shutil.copytree(ROOT, project, ignore=IGNORED)
        (project / ".venv").symlink_to(ROOT / ".venv")
        floor_doc = project / "floor" / "floor.qmd"
        floor_doc.parent.mkdir()
        floor_doc.write_text(FLOOR)

        paper = project / "paper.qmd"
        original = paper.read_text()
        words = ("Wasim and colleagues evaluated", "Wasim and co-authors evaluated")
        render_time(paper, tmp / "prose")  # fills the cache that the prose edits then hit
        cold, floor, prose = [], [], []
        # Interleaved, so that a drift in the machine's speed (a shared host) reaches the
        # three alike, and each ratio compares runs made under the same conditions.
        for run in range(RUNS):
            cold.append(render_time(paper, tmp / "cold", "--fresh", "--figures", str(tmp / "figures")))
            floor.append(render_time(floor_doc, tmp / "floor_out", "--fresh"))
            paper.write_text(original.replace(words[0], words[(run + 1) % 2]))  # a word against the run before
            prose.append(render_time(paper, tmp / "prose"))

        paper.write_text(original)
        preview_prose, preview_chunk = preview_times(project, paper, words, env)

        subprocess.run(["make", "--no-print-directory", "paper"], cwd=ROOT, capture_output=True, check=True, env=env)
        noop = [timed(["make", "--no-print-directory", "paper"], ROOT, env) for _ in range(RUNS)]

        setup, first_paper = [], None
        for run in range(SETUP_RUNS):
            clone = tmp / f"clone{run}"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            cold_cache = {**env, "UV_CACHE_DIR": str(tmp / f"uv-cache{run}"), "PIP_NO_CACHE_DIR": "1"}
            setup.append(timed(["make", "--no-print-directory", "env"], clone, cold_cache))
            if first_paper is None:
                first_paper = timed(["make", "--no-print-directory", "paper"], clone, cold_cache)
        # Another clone on the same machine: uv's cache now holds every wheel (nothing downloaded).
        clone = tmp / "clone-warm"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        warm_cache = {**env, "UV_CACHE_DIR": str(tmp / "uv-cache0"), "PIP_NO_CACHE_DIR": "1"}
        warm = [timed(["make", "--no-print-directory", target], clone, warm_cache) for target in ("env", "paper")]

    (cold_m, cold_s), (floor_m, floor_s), (prose_m, prose_s) = summary(cold), summary(floor), summary(prose)
    (preview_prose_r, preview_prose_rs), (preview_chunk_r, preview_chunk_rs) = (
        summary([t / floor_m for t in times]) for times in (preview_prose, preview_chunk))
    (noop_m, noop_s), (setup_m, setup_s) = summary(noop), summary(setup)
    (cold_r, cold_rs), (prose_r, prose_rs) = (summary([a / b for a, b in zip(times, floor, strict=True)])
                                              for times in (cold, prose))
    rows = [
        (f"cold render, paper.qmd + figure files (median of {RUNS})", f"{cold_m:.2f} s", cold_s, ""),
        (f"floor: one-chunk document, same formats (median of {RUNS})", f"{floor_m:.2f} s", floor_s, ""),
        ("cold render / floor (median of the runs' ratios)", f"{cold_r:.2f}", cold_rs, "<= 1.5", cold_r <= 1.5),
        (f"render after a prose edit (median of {RUNS})", f"{prose_m:.2f} s", prose_s, ""),
        ("prose edit / floor (median of the runs' ratios)", f"{prose_r:.2f}", prose_rs, "<= 1.0", prose_r <= 1.0),
        (f"make preview, save to reloaded page, prose edit / floor (median of {RUNS})", f"{preview_prose_r:.2f}",
         preview_prose_rs, "<= 0.15", preview_prose_r <= 0.15),
        (f"make preview, save to reloaded page, chunk edit / floor (median of {RUNS})", f"{preview_chunk_r:.2f}",
         preview_chunk_rs, "<= 0.5", preview_chunk_r <= 0.5),
        (f"no-op make paper (median of {RUNS})", f"{noop_m:.3f} s", noop_s, "<= 0.1 s", noop_m <= 0.1),
        (f"fresh clone: make env, empty package cache (median of {SETUP_RUNS})", f"{setup_m:.1f} s", setup_s, ""),
        ("fresh clone: its first make paper", f"{first_paper:.1f} s", "", ""),
        ("fresh clone to first paper", f"{setup[0] + first_paper:.1f} s", "", "<= 30 s",
         setup[0] + first_paper <= 30),
        ("another clone, wheels in uv's cache: make env + make paper",
         f"{sum(warm):.1f} s", f"{warm[0]:.1f} + {warm[1]:.1f}", "<= 30 s", sum(warm) <= 30),
    ]
    for name, value, spread, goal, *met in rows:
        verdict = ("met" if met[0] else "MISSED") if met else ""
        print(f"{name:<66} {value:>8}  {spread:<12} {goal:<9} {verdict}")
    write_report(rows, RESULTS)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def preview_times(project: Path, paper: Path, words: tuple[str, str], env: dict) -> tuple[list[float], list[float]]:
    """Save to reloaded page in ``make preview``, as its page sees it: the render count it waits on goes up.

    A prose edit swaps a word; a chunk edit changes a chunk's code (a comment), so the kernel runs.
    Each edit is saved once the preview is idle (the last render whole, the spare kernel warm), as an
    author saves after reading the page.
    """
    command = [sys.executable, "-m", "render.preview", str(paper), "--port", "0", "--engine", "python",
               "--out", str(project / "_preview")]
    server = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env, start_new_session=True)
    try:
        address = next(line for line in server.stdout if line.startswith("preview at "))
        status = re.search(r"http://127\.0\.0\.1:(\d+)/", address).group(0) + "__preview__"

        def state(after: int | None = None) -> dict:
            # with after=N, the server answers once the render count is not N (the page's own long poll)
            with urllib.request.urlopen(status + ("" if after is None else f"?after={after}"), timeout=60) as reply:
                return json.load(reply)

        def timed_edit(text: str) -> float:
            while not (now := state())["idle"]:
                time.sleep(0.1)
            before = now["renders"]
            start = time.perf_counter()
            paper.write_text(text)
            while (reply := state(after=before))["renders"] == before:
                if reply["error"] or time.perf_counter() - start > 120:
                    sys.exit(f"benchmark: the preview did not render the edit within 120 s {reply['error']}")
            return time.perf_counter() - start

        original = paper.read_text()
        prose, chunk = [], []
        for run in range(RUNS):
            prose.append(timed_edit(original.replace(words[0], words[(run + 1) % 2])))
            chunk.append(timed_edit(original.replace("reconstruction = is_reconstruction()",
                                                     f"reconstruction = is_reconstruction()  # edit {run}")))
        paper.write_text(original)
        return prose, chunk
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)


def machine() -> str:
    """The machine, in a line: processor count, memory, system and Python."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), None) if Path("/proc/meminfo").is_file() else None
    gib = f", {int(memory) / 2**20:.0f} GiB" if memory else ""
    return f"{os.cpu_count()} cores{gib}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def write_report(rows: list[tuple], path: Path) -> None:
    """The table of the last run, for the guides to link to (measured figures are never typed into prose)."""
    lines = ["# Benchmark: the last `make bench`", "",
             f"Written by `make bench` (`render/bench.py`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"machine: {machine()}. What each row measures and why: the docstring of `render/bench.py`.", "",
             "| figure | median | range | goal | |", "|---|---|---|---|---|"]
    for name, value, spread, goal, *met in rows:
        lines.append(f"| {name} | {value} | {spread} | {goal} | {('met' if met[0] else 'missed') if met else ''} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

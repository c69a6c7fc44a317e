"""``make bench``: how long rendering takes, against a floor and against a no-op.

Prints, in one run: a cold render of ``paper.qmd`` to HTML, PDF and DOCX through
the no-Quarto path (a new process and a new kernel); the same for a one-chunk
document (the floor: kernel start-up, pandoc three times, typst); their ratio;
and the time of a ``make paper`` with no input changed. Goals: ratio <= 2.5,
cold render <= 20 s, no-op <= 2 s. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = """---
title: "Floor"
---

```{python}
#| label: value
value = 1
```

The value is `{python} value`.
"""
GOALS = {"cold": 20.0, "ratio": 2.5, "noop": 2.0}
RUNS = 3


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stderr}")
    return elapsed


def render_seconds(source: Path, out: Path) -> float:
    """Median over RUNS cold renders (a new process and kernel each time)."""
    command = [sys.executable, "-m", "render", str(source), "--out", str(out), "--engine", "python"]
    return statistics.median(timed(command, ROOT) for _ in range(RUNS))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        minimal = tmp / "minimal.qmd"
        minimal.write_text(MINIMAL)
        cold = render_seconds(ROOT / "paper.qmd", tmp / "paper_out")
        floor = render_seconds(minimal, tmp / "minimal_out")
    subprocess.run(["make", "--no-print-directory", "paper"], cwd=ROOT, capture_output=True, check=True)
    noop = statistics.median(timed(["make", "--no-print-directory", "paper"], ROOT) for _ in range(RUNS))
    ratio = cold / floor
    rows = [
        (f"cold render of paper.qmd (html, pdf, docx), median of {RUNS}", f"{cold:.1f} s",
         f"<= {GOALS['cold']:.0f} s", cold <= GOALS["cold"]),
        (f"cold render of a one-chunk document (floor), median of {RUNS}", f"{floor:.1f} s", "", True),
        ("ratio paper / floor", f"{ratio:.2f}", f"<= {GOALS['ratio']}", ratio <= GOALS["ratio"]),
        ("no-op make paper", f"{noop:.2f} s", f"<= {GOALS['noop']:.0f} s", noop <= GOALS["noop"]),
    ]
    for name, value, goal, met in rows:
        print(f"{name:<58} {value:>8}  {goal:<8} {'' if not goal else ('met' if met else 'MISSED')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

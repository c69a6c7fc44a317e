"""Write MUTATION.md from the last ``mutmut run``: the score per module and every surviving mutant.

Each survivor must be either killed by a test or explained, in ``tests/mutation-equivalents.toml``,
as equivalent (no input the package can receive tells it from the original). An explanation names
the mutated line it was written for, so one that no longer matches the code is reported as stale.
Exit status 1 when a survivor is unexplained or a named module scores below the goal.

Run by ``make mutate`` after ``mutmut run``; reads ``mutmut results`` and ``mutmut show``.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPLANATIONS = ROOT / "tests" / "mutation-equivalents.toml"
REPORT = ROOT / "MUTATION.md"
#: The modules the issue names, with the score each must reach (killed / mutants, equivalents excluded).
GOAL = 0.90
NAMED = ("consistency", "audit", "estimates", "measures", "report", "tables")
KILLED = {"killed", "timeout"}  # a timeout is a mutant the tests stop: detected


def mutmut(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def statuses() -> dict[str, str]:
    found = {}
    for line in mutmut("results", "--all", "true").splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name.startswith("analysis."):
            found[name] = status.strip()
    return found


def mutated_line(name: str) -> str:
    """The line a mutant puts in place of the original (the first ``+`` line of its diff)."""
    diff = mutmut("show", name).splitlines()
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return added[0] if added else ""


def main() -> int:
    found = statuses()
    if not found:
        print("no mutmut results: run `mutmut run` first", file=sys.stderr)
        return 1
    explanations = tomllib.loads(EXPLANATIONS.read_text(encoding="utf-8")) if EXPLANATIONS.exists() else {}
    per_module: dict[str, Counter] = {}
    survivors = []
    for name, status in sorted(found.items()):
        module = name.split(".")[1]
        counts = per_module.setdefault(module, Counter())
        if status in KILLED:
            counts["killed"] += 1
        elif status == "survived":
            line = mutated_line(name)
            explained = explanations.get(name)
            if explained and explained.get("line") == line:
                counts["equivalent"] += 1
                survivors.append((name, line, explained["reason"]))
            else:
                counts["survived"] += 1
                survivors.append((name, line, "STALE EXPLANATION" if explained else "NOT EXPLAINED"))
        else:
            counts[status.replace(" ", "_")] += 1

    lines = ["# Mutation testing", "",
             "Written by `make mutate` (mutmut over the modules in `[tool.mutmut]` of `pyproject.toml`, with the fast",
             "tests). Score = killed / (mutants - equivalent); a timeout counts as killed.", "",
             "| module | mutants | killed | equivalent | survived | no tests | score |",
             "|---|---|---|---|---|---|---|"]
    failing = []
    for module, counts in sorted(per_module.items()):
        total = sum(counts.values())
        effective = total - counts["equivalent"]
        score = counts["killed"] / effective if effective else 1.0
        mark = " (named)" if module in NAMED else ""
        lines.append(f"| `{module}`{mark} | {total} | {counts['killed']} | {counts['equivalent']} | "
                     f"{counts['survived']} | {counts['no_tests'] + counts['not_checked']} | {score:.1%} |")
        if module in NAMED and score < GOAL:
            failing.append(f"{module} scores {score:.1%}, below {GOAL:.0%}")
    named = [per_module[m] for m in NAMED if m in per_module]
    killed = sum(c["killed"] for c in named)
    total = sum(sum(c.values()) for c in named)
    effective = total - sum(c["equivalent"] for c in named)
    lines += ["", f"Named modules together: {killed} of {total} mutants killed ({killed / total:.1%}); "
                  f"{total - effective} equivalent; score {killed}/{effective} = {killed / effective:.1%}.", "",
              "## Surviving mutants", "", "Each with the line the mutant writes and why it survives.", ""]
    for name, line, reason in survivors:
        lines.append(f"- `{name}`: `{line}`: {reason}")
    unexplained = [name for name, _, reason in survivors if reason in ("NOT EXPLAINED", "STALE EXPLANATION")]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT.name}: named modules {killed}/{effective} = {killed / effective:.1%} "
          f"({killed} of {total} mutants killed); "
          f"{len(survivors)} survivors, {len(unexplained)} unexplained")
    for problem in failing + [f"unexplained survivor: {name}" for name in unexplained]:
        print(problem, file=sys.stderr)
    return 1 if failing or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m render [paper.qmd]``: render the manuscript, and write the journal figure files.

Uses ``quarto render`` when Quarto >= 1.4 is on PATH (pointed at this Python
through ``QUARTO_PYTHON``), otherwise the no-Quarto path, and says which ran.
Everything is built in a temporary folder and moved into place only on
success, so a failed render leaves the previous outputs untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from render.build import Prepared, prepare, run_kernel, versions, write_outputs
from render.features import RenderError
from render.quarto import quarto_version, render_with_quarto

FIGURES_ENV = "RENDER_FIGURES_DIR"


def source_date_epoch(project_dir: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_dir, capture_output=True, text=True,
                            check=False)
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else 0


def commit(project_dir: Path) -> str:
    """The commit the sources are at, marked when the working tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project_dir, capture_output=True, text=True, check=False)
    if head.returncode != 0:
        return "not a git checkout"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project_dir,
                           capture_output=True, text=True, check=False).stdout.strip()
    return head.stdout.strip() + (" with uncommitted changes" if dirty else "")


def render_without_quarto(prepared: Prepared, build: Path, epoch: int, env: dict, provenance: dict) -> str:
    engine = f"no-Quarto render path ({versions()})"
    results = run_kernel(prepared, env)
    write_outputs(prepared, results, build, build / "_out", env, epoch, {"render-engine": engine, **provenance})
    return engine


def replace_dir(new: Path, old: Path) -> None:
    """Put ``new`` where ``old`` was, keeping ``old`` until the swap is done."""
    backup = old.with_name(old.name + ".previous")
    shutil.rmtree(backup, ignore_errors=True)
    if old.exists():
        old.rename(backup)
    shutil.move(str(new), str(old))
    shutil.rmtree(backup, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m render", description=__doc__)
    parser.add_argument("source", nargs="?", default="paper.qmd", type=Path)
    parser.add_argument("--out", type=Path, help="output folder (default: the project's output-dir)")
    parser.add_argument("--figures", type=Path, help="also write the journal figure files to this folder")
    parser.add_argument("--engine", choices=("auto", "quarto", "python"), default="auto")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    if not source.is_file():
        print(f"error: {args.source}: no such file", file=sys.stderr)
        return 2
    version = quarto_version() if args.engine != "python" else None
    if args.engine == "quarto" and version is None:
        print("error: --engine quarto needs Quarto >= 1.4 on PATH", file=sys.stderr)
        return 2
    epoch = source_date_epoch(source.parent)
    provenance = {"render-commit": commit(source.parent)}
    with tempfile.TemporaryDirectory(prefix=".render-", dir=source.parent) as tmp:
        build = Path(tmp)
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
        if args.figures:
            env[FIGURES_ENV] = str(build / "figures")
        try:
            prepared = prepare(source)
            out = (args.out or prepared.project.default_output_dir).resolve()
            if version:
                engine = render_with_quarto(source, build / "_out", version, env, provenance)
            else:
                engine = render_without_quarto(prepared, build, epoch, env, provenance)
        except RenderError as error:
            print(f"error: {error} (nothing was overwritten)", file=sys.stderr)
            return 1
        out.parent.mkdir(parents=True, exist_ok=True)
        replace_dir(build / "_out", out)
        if args.figures:
            args.figures.mkdir(parents=True, exist_ok=True)
            for figure in sorted((build / "figures").iterdir()) if (build / "figures").exists() else []:
                os.replace(figure, args.figures / figure.name)
    print(f"render engine: {engine}")
    print(f"wrote {', '.join(sorted(p.name for p in out.iterdir()))} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

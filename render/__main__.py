"""``python -m render [paper.qmd]``: render the manuscript to ``_manuscript/`` and the figures to ``figures/``.

Uses ``quarto render`` when Quarto >= 1.4 is on PATH, otherwise the path built
from jupytext, nbclient, pandoc and typst, and says which ran. Everything is
built in a temporary directory and moved into place only on success, so a
failed render leaves the previous outputs untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from render.assemble import to_markdown
from render.execute import RenderError, execute
from render.formats import PandocError, render_formats, versions
from render.qmd import read_qmd

MIN_QUARTO = (1, 4)


def quarto_version() -> tuple[int, ...] | None:
    """Quarto's version if a Quarto >= 1.4 is on PATH, else None."""
    if not shutil.which("quarto"):
        return None
    result = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
    try:
        version = tuple(int(part) for part in result.stdout.strip().split(".")[:3])
    except ValueError:
        return None
    return version if version[:2] >= MIN_QUARTO else None


def source_date_epoch(project_dir: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_dir, capture_output=True, text=True)
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else 0


def project_config(project_dir: Path) -> dict:
    path = project_dir / "_quarto.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}


def render_without_quarto(source: Path, build: Path, epoch: int, env: dict) -> str:
    """The no-Quarto path: parse, execute, assemble, then pandoc/typst."""
    engine = f"no-Quarto render path ({versions()})"
    config = project_config(source.parent)
    document = read_qmd(source)
    metadata = {**{k: v for k, v in config.items() if k not in ("project", "manuscript")}, **document.front_matter}
    execute_defaults = {**config.get("execute", {}), **document.front_matter.get("execute", {})}
    results = execute(document, source.parent, dpi=int(metadata.get("fig-dpi", 300)))
    markdown = build / f"{source.stem}.md"
    markdown.write_text(to_markdown(document, results, build / f"{source.stem}_files", execute_defaults), encoding="utf-8")
    notebooks = config.get("manuscript", {}).get("notebooks", [])
    render_formats(markdown, build / "_manuscript", metadata, source.parent, engine, epoch, env, notebooks)
    return engine


def render_with_quarto(source: Path, build: Path, version: tuple[int, ...], env: dict) -> str:
    engine = f"quarto render (Quarto {'.'.join(map(str, version))})"
    out = build / "_manuscript"
    result = subprocess.run(["quarto", "render", "--output-dir", str(out)], cwd=source.parent, env=env)
    if result.returncode != 0:
        raise RenderError(f"quarto render failed with exit status {result.returncode}")
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
    parser.add_argument("--out", type=Path, help="output folder (default: _manuscript beside the source)")
    parser.add_argument("--figures", type=Path, help="also write the journal figure files to this folder")
    parser.add_argument("--engine", choices=("auto", "quarto", "python"), default="auto")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    out = (args.out or source.parent / "_manuscript").resolve()
    epoch = source_date_epoch(source.parent)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    version = quarto_version() if args.engine != "python" else None
    if args.engine == "quarto" and version is None:
        print("error: --engine quarto needs Quarto >= 1.4 on PATH", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".render-", dir=out.parent) as tmp:
        build = Path(tmp)
        try:
            if version:
                engine = render_with_quarto(source, build, version, env)
            else:
                engine = render_without_quarto(source, build, epoch, env)
            if args.figures:
                figures = subprocess.run([sys.executable, "-m", "analysis", "figures", "--out", str(build / "figures")],
                                         cwd=source.parent, env=env, capture_output=True, text=True)
                if figures.returncode != 0:
                    raise RenderError(figures.stderr.strip())
        except (RenderError, PandocError) as error:
            print(f"error: {error}\nNothing was overwritten in {out.name}/ or figures/.", file=sys.stderr)
            return 1
        replace_dir(build / "_manuscript", out)
        if args.figures:
            args.figures.mkdir(parents=True, exist_ok=True)
            for figure in sorted((build / "figures").iterdir()):
                os.replace(figure, args.figures / figure.name)
    print(f"render engine: {engine}")
    print(f"wrote {', '.join(sorted(p.name for p in out.iterdir()))} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

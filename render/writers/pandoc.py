"""One pandoc run of the write layer: the checked AST to one format.

Filters run in Quarto's order: the user's ``filters:`` (those listed before a
``quarto`` entry, or all of them), then this path's implementations of
Quarto's own (HTML tables, markdown-cell unrolling, cross-references, callouts, floats),
then the user's filters listed after ``quarto``, then citeproc.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from render.assemble import PANDOC, READER
from render.features import RenderError

FILTERS = Path(__file__).resolve().parent.parent / "filters"
BUILTIN_FILTERS = ("html-tables.lua", "cells.lua", "crossref.lua", "callouts.lua", "floats.lua")
#: Options that steer the render and are not document metadata.
RENDER_ONLY = {"format", "execute", "jupyter", "engine", "filters", "fig-dpi", "fig-format", "toc", "embed-resources",
               "include-in-header", "include-after-body", "reference-doc", "citeproc", "keep-typ", "google-scholar"}


def user_filters(options: dict, project_dir: Path) -> tuple[list[Path], list[Path]]:
    """The user's filters that run before Quarto's, and those that run after."""
    before, after, seen_quarto = [], [], False
    for entry in options.get("filters", []) or []:
        if entry == "quarto":
            seen_quarto = True
            continue
        path = project_dir / (entry["path"] if isinstance(entry, dict) else entry)
        (after if seen_quarto else before).append(path)
    return before, after


def metadata(options: dict) -> dict:
    """The document metadata pandoc gets: the options minus those that steer the render."""
    return {key: value for key, value in options.items() if key not in RENDER_ONLY}


def run(source: Path, target: Path, to: str, options: dict, project_dir: Path, *, cwd: Path, env: dict,
        citeproc: bool, extra: list[str] = ()) -> None:
    """Write ``source`` (pandoc JSON, or the assembled markdown) to ``target``.

    A failure or a citeproc warning is one line.
    """
    meta_file = target.parent / f".{target.name}.metadata.yaml"
    meta_file.write_text(yaml.safe_dump(metadata(options), allow_unicode=True, sort_keys=True), encoding="utf-8")
    before, after = user_filters(options, project_dir)
    filters = [*before, *(FILTERS / name for name in BUILTIN_FILTERS), *after]
    reader = READER if source.suffix == ".md" else "json"
    command = [PANDOC, str(source), "--from", reader, "--to", to, "--standalone", "--metadata-file", str(meta_file),
               *(f"--lua-filter={path}" for path in filters), *(["--citeproc"] if citeproc else []),
               "--output", str(target), *extra]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    meta_file.unlink()
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("\t")]
        message = " ".join(line for line in lines if line != "stack traceback:")[:400]
        raise RenderError(f"pandoc --to {to} failed: {message}")
    missing = re.findall(r"Citeproc: citation (\S+) not found", result.stderr)
    if missing:
        sources = [*bibliographies(options), *(["the references: metadata"] if options.get("references") else [])]
        raise RenderError(f"citation @{missing[0]} is not in the bibliography ({', '.join(sources)})")


def as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def has_references(options: dict) -> bool:
    """Whether the document cites from a bibliography file or from ``references:`` in its metadata."""
    return bool(options.get("bibliography") or options.get("references"))


def bibliographies(options: dict) -> list[str]:
    return [str(b) for b in as_list(options.get("bibliography"))]

"""An execution cache that is never stale.

Unlike Quarto's ``freeze``, which does not notice a change to the data or to an
imported module (quarto-cli #6793), the key here is a hash of everything that
can change a value the kernel computes:

* the kernel's setup (figure resolution and size), the code and options of every
  chunk, and every inline expression with its file and line (the values name
  them: see :mod:`analysis.provenance`), in order;
* the sources of the ``analysis/`` package and of this engine's execution code;
* the respondent file in use (its path and its bytes: ``PAPER_DATA`` or the shipped
  one) and the claims ledger;
* the locked environment (``requirements.lock``) and the Python version;
* whether the journal's figure files are wanted (they are kept with the entry).

An edit to prose that moves no inline expression keeps the key, so the render
reuses the results without starting a kernel; any other change executes again. Entries live in
``.make/cache/render/`` (git-ignored); the newest few are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from render.execute import Results
from render.qmd import Chunk, Document, Prose

ENGINE_FILES = ("execute.py", "inline.py", "qmd.py", "places.py")
KEEP = 8


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if "__pycache__" not in p.parts)


def cache_key(document: Document, project_dir: Path, execute_defaults: dict, setup: str, figures: bool) -> str:
    """The hash of every input that can change what the kernel computes."""
    from analysis.paths import PUBLISHED_DIR, ROOT, responses_path

    digest = hashlib.sha256()

    def add(label: str, data: bytes | str) -> None:
        data = data.encode() if isinstance(data, str) else data
        digest.update(f"{label}:{len(data)}:".encode() + data)

    add("python", sys.version)
    add("execute", json.dumps([execute_defaults, setup, figures, str(project_dir)], sort_keys=True, default=str))
    for cell in document.cells:
        if isinstance(cell, Chunk):
            add("chunk", json.dumps([cell.options, cell.code], sort_keys=True, default=str))
        elif isinstance(cell, Prose):
            add("inline", json.dumps([[inline.expression, str(inline.where)] for inline in cell.inlines]))
    data = responses_path()
    add("data-path", str(data))
    add("data", data.read_bytes() if data.is_file() else b"(missing)")
    for path in [PUBLISHED_DIR / "claims.csv", ROOT / "requirements.lock", *_files(ROOT / "analysis", "*.py"),
                 *(Path(__file__).parent / name for name in ENGINE_FILES)]:
        add(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
            path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


class ExecutionCache:
    """Results (and figure files) by key, in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self, key: str, figures_to: Path | None) -> Results | None:
        entry = self.folder / key
        if not (entry / "results.json").is_file():
            return None
        if figures_to is not None:
            shutil.copytree(entry / "figures", figures_to, dirs_exist_ok=True)
        os.utime(entry)  # recently used
        return Results.from_json(json.loads((entry / "results.json").read_text(encoding="utf-8")))

    def store(self, key: str, results: Results, figures_from: Path | None) -> None:
        """Write the entry beside its final place and rename it in: a reader never sees half of one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = self.folder / f".{key}.{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        (staging / "results.json").write_text(json.dumps(results.to_json(), sort_keys=True), encoding="utf-8")
        if figures_from is not None and figures_from.exists():
            shutil.copytree(figures_from, staging / "figures")
        shutil.rmtree(self.folder / key, ignore_errors=True)
        staging.rename(self.folder / key)
        self._prune()

    def _prune(self) -> None:
        entries = sorted((p for p in self.folder.iterdir() if not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)

"""Read a Quarto document into cells, with chunk options and source line numbers.

jupytext's R Markdown reader parses Quarto's ```{python} chunks (Quarto's own
reader needs the Quarto binary); chunk options stay in the cell as ``#|``
comment lines, which are parsed here as YAML, as Quarto does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import yaml

INLINE = re.compile(r"`\{python\}\s+([^`]+?)\s*`")
_CHUNK_START = re.compile(r"^```+\s*\{python[^}]*\}\s*$")


@dataclass
class Chunk:
    """A code chunk: its code (options stripped), options, and the line it starts on."""

    code: str
    options: dict
    line: int

    @property
    def label(self) -> str:
        return str(self.options.get("label", f"unlabelled chunk at line {self.line}"))


@dataclass
class Inline:
    """An inline ``{python}`` expression and the line it is on."""

    expression: str
    line: int


@dataclass
class Prose:
    """A stretch of markdown and the inline expressions it holds."""

    text: str
    line: int
    inlines: list[Inline] = field(default_factory=list)


@dataclass
class Document:
    """A parsed ``.qmd``: front matter and the cells in order."""

    path: Path
    front_matter: dict
    cells: list[Chunk | Prose]


def split_options(source: str) -> tuple[dict, str]:
    """``#| key: value`` lines at the top of a chunk, as a dict, and the remaining code."""
    lines = source.splitlines()
    option_lines = []
    while lines and lines[0].startswith("#|"):
        option_lines.append(lines.pop(0)[2:].strip())
    options = yaml.safe_load("\n".join(option_lines)) or {}
    if not isinstance(options, dict):
        raise ValueError(f"chunk options are not a YAML mapping: {option_lines}")
    return options, "\n".join(lines)


def _line_of(needle: str, start_line: int, lines: list[str]) -> int:
    """The first line at or after ``start_line`` holding the first line of ``needle``."""
    first = needle.strip().splitlines()[0] if needle.strip() else ""
    for number in range(start_line, len(lines) + 1):
        if first and first in lines[number - 1]:
            return number
    return start_line


def read_qmd(path: Path) -> Document:
    """Parse ``path`` into front matter, chunks and prose, each with its line number."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    chunk_lines = [number for number, line in enumerate(lines, start=1) if _CHUNK_START.match(line)]
    notebook = jupytext.reads(text, fmt="Rmd")
    front_matter: dict = {}
    cells: list[Chunk | Prose] = []
    cursor = 1
    for cell in notebook.cells:
        if cell.cell_type == "raw" and not cells and cell.source.startswith("---"):
            front_matter = yaml.safe_load(cell.source.strip().strip("-")) or {}
            continue
        if cell.cell_type == "code":
            line = chunk_lines.pop(0)
            options, code = split_options(cell.source)
            cells.append(Chunk(code, options, line))
            cursor = line + 1
        else:
            line = _line_of(cell.source, cursor, lines)
            inlines = [
                Inline(match.group(1), line + cell.source.count("\n", 0, match.start()))
                for match in INLINE.finditer(cell.source)
            ]
            cells.append(Prose(cell.source, line, inlines))
            cursor = line
    return Document(path, front_matter, cells)

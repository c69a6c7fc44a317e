"""Provenance markup for the numbers the manuscript computes.

Each number an inline expression prints is returned as an
``IPython.display.Markdown`` bracketed span, so that both ``quarto render`` and
the no-Quarto path hand it to pandoc unescaped::

    [141/362 (39.0%; ...)]{.computed data-expr="paper.share(...)" data-source="paper.qmd:28"
                           data-claim="strength_personal_development_count ..." data-verdict="match mismatch" ...}

``data-expr`` is the expression as written in the manuscript and
``data-source`` its line: the manuscript's inline expressions are indexed once
(with Quarto's own pattern) and each call is matched to the next occurrence of
an expression with the same method and arguments (defaults applied). Quarto
looks inline results up by expression text within a markdown cell (the prose
between two chunks), so an expression written twice in one cell shows one
evaluation twice; its ``data-source`` then lists every line it has in that
cell, the same under either engine. A value called from anywhere else (a
notebook, the REPL) carries no ``data-source``.
HTML keeps the attributes (the page's popover reads them); DOCX and PDF show
the value only.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import Markdown

#: Quarto's inline expression pattern (quarto-cli src/core/execute-inline.ts).
INLINE = re.compile(r"(^|[^`])`\{python\}[ \t]([^`\n]+)`")
#: A code chunk's opening fence: where one markdown cell ends (quarto-cli break-quarto-md.ts).
CHUNK_START = re.compile(r"^\s*```+\s*\{[A-Za-z]+( *[ ,].*)?\}\s*$")


@dataclass(frozen=True)
class Occurrence:
    expression: str
    line: int
    cell: int


def _literal(node: ast.AST):
    return ast.literal_eval(node)


def call_key(owner: type, expression: str) -> tuple | None:
    """``(method, bound arguments)`` of ``obj.method(args)`` or ``obj.attribute``, defaults applied."""
    try:
        node = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return (node.attr, ()) if hasattr(owner, node.attr) else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and hasattr(owner, node.func.attr)):
        return None
    try:
        args = [_literal(arg) for arg in node.args]
        kwargs = {kw.arg: _literal(kw.value) for kw in node.keywords}
    except ValueError:
        return None
    return bound_key(owner, node.func.attr, args, kwargs)


def bound_key(owner: type, name: str, args, kwargs) -> tuple | None:
    method = getattr(owner, name)
    try:
        bound = inspect.signature(method).bind(None, *args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    values = list(bound.arguments.items())[1:]  # without self
    return (name, tuple((key, repr(value)) for key, value in values))


@dataclass
class Provenance:
    """Finds where in the manuscript each call of ``owner``'s methods is written."""

    owner: type
    source: Path | None
    occurrences: dict[tuple, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    used: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        if self.source is None or not self.source.is_file():
            return
        cell = 0
        for number, line in enumerate(self.source.read_text(encoding="utf-8").splitlines(), start=1):
            if CHUNK_START.match(line):
                cell += 1
                continue
            for match in INLINE.finditer(line):
                key = call_key(self.owner, match.group(2))
                if key:
                    self.occurrences[key].append(Occurrence(match.group(2).strip(), number, cell))

    def locate(self, key: tuple, fallback: str) -> tuple[str, str | None]:
        """The expression text and ``file:line[,line...]`` of the next occurrence of ``key``."""
        found = self.occurrences.get(key, [])
        if not found:
            return fallback, None
        occurrence = found[self.used[key] % len(found)]
        self.used[key] += 1
        lines = [str(o.line) for o in found if o.cell == occurrence.cell]
        return occurrence.expression, f"{self.source.name}:{','.join(lines)}"


def _attribute(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def span(text: str, attributes: dict[str, str], classes: str = "computed") -> str:
    """A pandoc bracketed span; empty attributes are left out."""
    pairs = " ".join(f"{key}={_attribute(value)}" for key, value in attributes.items() if value not in (None, ""))
    return f"[{text}]{{.{classes}{' ' + pairs if pairs else ''}}}"


def markdown(text: str) -> Markdown:
    return Markdown(text)

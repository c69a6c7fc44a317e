"""Provenance markup for the numbers the manuscript computes.

Each number an inline expression prints is returned as an
``IPython.display.Markdown`` bracketed span, so that both ``quarto render`` and
the no-Quarto path hand it to pandoc unescaped::

    [141/362 (39.0%; ...)]{.computed data-expr="paper.share(...)" data-source="paper.qmd:28"
                           data-claim="strength_personal_development_count ..." data-verdict="match mismatch" ...}

``data-expr`` is the expression as written in the manuscript and
``data-source`` its line: the manuscript's inline expressions are indexed once,
by the render engine's reader (``render.qmd``, which splits cells and finds
inline code as Quarto does), and each call is matched to the next occurrence of
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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import Markdown

from render.features import RenderError
from render.qmd import Prose, read_qmd


@dataclass
class Occurrence:
    """One evaluation of an inline expression: its text in one markdown cell, at every line it is written."""

    expression: str
    cell: int
    places: list[tuple[str, int]]  # (file relative to the manuscript's folder, line); an include has its own file

    def where(self) -> str:
        places = dict.fromkeys(self.places)  # a line that has the text twice is named once
        files = dict.fromkeys(file for file, _ in places)
        return "; ".join(f"{file}:{','.join(str(n) for f, n in places if f == file)}" for file in files)


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
        try:  # the render engine's reader, so both engines index the manuscript as Quarto splits it
            document = read_qmd(self.source)
        except RenderError:
            return  # a feature only Quarto has: the values still print, without their lines
        folder = self.source.parent.resolve()
        for cell, block in enumerate(document.cells):
            for inline in block.inlines if isinstance(block, Prose) else []:
                key = call_key(self.owner, inline.expression)
                if not key:
                    continue
                place = (str(inline.where.path.relative_to(folder)), inline.where.line)
                same = [o for o in self.occurrences[key] if (o.cell, o.expression) == (cell, inline.expression)]
                if same:  # Quarto evaluates a text once per cell and prints that result at each place
                    same[0].places.append(place)
                else:
                    self.occurrences[key].append(Occurrence(inline.expression, cell, [place]))

    def locate(self, key: tuple, fallback: str) -> tuple[str, str | None]:
        """The expression text and ``file:line[,line...]`` of the next evaluation of ``key``."""
        found = self.occurrences.get(key, [])
        if not found:
            return fallback, None
        occurrence = found[self.used[key] % len(found)]
        self.used[key] += 1
        return occurrence.expression, occurrence.where()


def _attribute(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def span(text: str, attributes: dict[str, str], classes: str = "computed") -> str:
    """A pandoc bracketed span; empty attributes are left out."""
    pairs = " ".join(f"{key}={_attribute(value)}" for key, value in attributes.items() if value not in (None, ""))
    return f"[{text}]{{.{classes}{' ' + pairs if pairs else ''}}}"


def markdown(text: str) -> Markdown:
    return Markdown(text)

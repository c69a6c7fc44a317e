"""Where each inline expression of a manuscript is written: the lines provenance names.

The manuscript's setup chunk builds ``InlinePlaces("paper.qmd")`` and hands it to
:class:`analysis.report.Paper`, which marks each value with the places of the
expression that printed it (``data-source``). The document is read with this
engine's reader (includes followed, cells split as Quarto splits them), leniently:
a feature that only Quarto renders must not cost the values their lines.
"""

from __future__ import annotations

from pathlib import Path

from render.qmd import Prose, read_qmd


class InlinePlaces:
    """Every inline ``{python}`` expression of ``source``, in document order, with its file and line."""

    def __init__(self, source: str | Path):
        source = Path(source).resolve()
        folder = source.parent
        self.places: list[tuple[str, str]] = []  # (expression, "file:line"), file relative to the manuscript
        for cell in read_qmd(source, strict=False).cells:
            for inline in cell.inlines if isinstance(cell, Prose) else []:
                path = inline.where.path.resolve()
                name = path.relative_to(folder) if path.is_relative_to(folder) else path
                self.places.append((inline.expression, f"{name}:{inline.line}"))

    def __iter__(self):
        return iter(self.places)

    def of(self, expression: str) -> list[str]:
        """Every place ``expression`` is written, in document order."""
        return [place for text, place in self.places if text == expression]

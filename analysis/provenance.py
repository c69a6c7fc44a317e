"""Provenance markup for the values the manuscript computes.

Each value an inline expression prints is an ``IPython.display.Markdown``
bracketed span (:func:`span`), which both ``quarto render`` and the no-Quarto
path hand to pandoc unescaped::

    [327/362 (90.3%; ...)]{.computed data-expr="paper.share(...)" data-source="paper.qmd:34"
                           data-file="data/responses.csv data/published/claims.csv" data-sha256="..." ...}

``data-expr`` is the inline expression exactly as written. The kernel evaluates
an inline expression through IPython's ``user_expressions`` under both engines
(one evaluation per place it is written, cells in order), so
:func:`inline_expression` reads it from there; a value computed anywhere else
(a chunk, a notebook) has the call instead, and no ``data-source``.

``data-source`` needs the manuscript's lines, which the science does not read:
whoever builds the :class:`~analysis.report.Paper` hands it a ``places`` object
(the manuscript machinery's ``render.places.InlinePlaces``) that says where each
expression is written. An expression written more than once gets every place in
``data-source``, and ``data-part="1"`` on the first span of each printed value;
the page's filter (``styles/provenance.lua``) then gives the n-th printed value
its n-th place. It must be done there, after execution: within one markdown cell
Quarto prints one evaluation of an expression at every place it is written.

Text from data goes into the markup through :func:`analysis.formats.markdown_text`,
in the span and in its attributes alike.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

from analysis.formats import markdown_text


class ProvenanceError(RuntimeError):
    """An inline expression whose value would reach the page without provenance."""


def span(text: str, attributes: dict[str, str], classes: str = "computed") -> str:
    """A pandoc bracketed span; ``text`` is markdown, attribute values are escaped here; empty ones are left out."""
    pairs = " ".join(f'{key}="{markdown_text(value)}"' for key, value in attributes.items() if value not in (None, ""))
    return f"[{text}]{{.{classes}{' ' + pairs if pairs else ''}}}"


def inline_expression() -> str | None:
    """The inline expression the kernel is evaluating now, if this call comes from one.

    Quarto's Jupyter engine and the no-Quarto path both send a markdown cell's inline
    expressions as ``user_expressions`` of an execute request; IPython evaluates them one by one
    in ``InteractiveShell.user_expressions``, whose frame holds the expression (``expr``).
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "user_expressions" and isinstance(frame.f_locals.get("expr"), str):
            return frame.f_locals["expr"].strip()
        frame = frame.f_back
    return None


def carries_provenance(expression: str, owner: type) -> bool:
    """Whether ``expression`` is ``name.member(...)`` or ``name.member`` of a public member of ``owner``."""
    try:
        node = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return False
    if isinstance(node, ast.Call):
        node = node.func
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and not node.attr.startswith("_") and hasattr(owner, node.attr))


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

"""Parse the assembled markdown once into pandoc's AST and check it against the registry.

Assemble layer. Everything a writer will meet is checked here, before any
output exists: cross-references resolve (or name a Quarto type this path does
not implement), no class or attribute with a Quarto meaning goes unimplemented,
callouts are of known kinds. Messages name the file and line the author wrote.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from render.features import (
    CALLOUTS,
    CROSSREF_TYPES,
    QUARTO_ONLY_ATTRIBUTES,
    QUARTO_ONLY_CLASSES,
    QUARTO_ONLY_CROSSREF_TYPES,
    SUBFIGURE_ATTRIBUTES,
    RenderError,
    refuse,
)
from render.qmd import Document

PANDOC = pypandoc.get_pandoc_path()
READER = "markdown"
_EQUATION_LABEL = re.compile(r"^\{#(eq-[^\s}]+)\}$")


def parse(markdown: Path, cwd: Path) -> dict:
    """The pandoc AST of ``markdown`` (as JSON)."""
    result = subprocess.run([PANDOC, str(markdown), "--from", READER, "--to", "json"], cwd=cwd,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RenderError(f"pandoc could not read the assembled markdown: {result.stderr.strip().splitlines()[0]}")
    return json.loads(result.stdout)


def _walk(node, visit):
    if isinstance(node, dict):
        if "t" in node:
            visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit)


_ATTR_POSITION = {"Div": 0, "Span": 0, "CodeBlock": 0, "Code": 0, "Header": 1, "Image": 0, "Link": 0,
                  "Figure": 0, "Table": 0}


def _attr(node) -> tuple[str, list[str], dict[str, str]] | None:
    position = _ATTR_POSITION.get(node["t"])
    if position is None:
        return None
    identifier, classes, pairs = node["c"][position]
    return identifier, classes, dict(pairs)


@dataclass(frozen=True)
class Inventory:
    """What one walk over a document's AST finds; the checks and the staging read it."""

    targets: frozenset[str]  # every cross-reference target the document defines
    checked: tuple[dict, ...]  # citations and elements with attributes, in document order
    images: frozenset[str]  # relative paths of the images it shows


def inventory(ast: dict) -> Inventory:
    """Walk ``ast`` once (a large AST takes a tenth of a second per walk)."""
    targets: set[str] = set()
    checked, images = [], set()

    def visit(node):
        kind = node["t"]
        attr = _attr(node)
        if attr:
            checked.append(node)
            if attr[0]:
                targets.add(attr[0])
        if kind == "Str":
            label = _EQUATION_LABEL.match(node["c"])
            if label:
                targets.add(label.group(1))
        elif kind == "Cite":
            checked.append(node)
        elif kind == "Image":
            src = node["c"][2][0]
            if "://" not in src and not src.startswith(("data:", "/")):
                images.add(src)

    _walk(ast["blocks"], visit)
    return Inventory(frozenset(targets), tuple(checked), frozenset(images))


def check(found: Inventory, document: Document, number_sections: bool) -> None:
    """Refuse what the writers would not render as Quarto does; fail on unresolved references."""
    for node in found.checked:
        if node["t"] == "Cite":
            _check_cite(node, document, found.targets, number_sections)
        else:
            _check_attr(node["t"], *_attr(node), document)


def _check_cite(node, document: Document, defined: set[str], number_sections: bool) -> None:
    ids = [citation["citationId"] for citation in node["c"][0]]
    kinds = [(i, i.split("-", 1)[0].lower() if "-" in i else "") for i in ids]
    refs = [i for i, kind in kinds if kind in CROSSREF_TYPES]
    for identifier, kind in kinds:
        where = document.find("@" + identifier)
        if kind in QUARTO_ONLY_CROSSREF_TYPES:
            raise refuse(f"cross-reference type '{kind}' (@{identifier})", where.path, where.line)
        if kind in CROSSREF_TYPES:
            target = identifier[0].lower() + identifier[1:]
            if target not in defined:
                raise RenderError(f"{where}: unresolved cross-reference @{identifier}: no figure, table, equation "
                                  f"or section has the id {target}")
            if kind == "sec" and not number_sections:
                raise refuse(f"@{identifier} without number-sections: true (Quarto's docs require it)",
                             where.path, where.line)
    if refs and len(refs) != len(ids):
        where = document.find("@" + refs[0])
        raise RenderError(f"{where}: one bracket mixes cross-references and citations; write them apart")


def _check_attr(kind: str, identifier: str, classes: list[str], attributes: dict[str, str],
                document: Document) -> None:
    prefix = identifier.split("-", 1)[0] if "-" in identifier else ""
    # Quarto reads such prefixes as cross-reference targets on divs (theorems, callouts)
    # and code blocks (listings) only; a heading's automatic id such as tip-with-title is not one.
    if prefix in QUARTO_ONLY_CROSSREF_TYPES and kind in ("Div", "CodeBlock"):
        where = document.find("#" + identifier)
        raise refuse(f"cross-referenceable '{prefix}' element (#{identifier})", where.path, where.line)
    for name in classes:
        callout = name.removeprefix("callout-") if name.startswith("callout-") else None
        if name in QUARTO_ONLY_CLASSES or name.startswith("column-") or (callout and callout not in CALLOUTS):
            where = document.find(name)
            raise refuse(f"class '.{name}'", where.path, where.line)
    for name in attributes:
        quarto_only = name in QUARTO_ONLY_ATTRIBUTES
        misplaced = name in SUBFIGURE_ATTRIBUTES and not (kind == "Div" and identifier.startswith("fig-"))
        if quarto_only or misplaced:
            where = document.find(name)
            raise refuse(f"attribute '{name}'" + (" outside a figure panel" if misplaced else ""),
                         where.path, where.line)

"""HTML previews of notebooks, as Quarto's manuscript pages link them.

nbconvert renders each notebook with its stored outputs (its ``basic`` template:
no CDN, no scripts); the page around it is ours, with a way back to the article
and a download link to the ``.ipynb``. Each code cell's anchor is its label
(``#cell-<label>``), so a figure in the article can link to the cell that made it.
"""

from __future__ import annotations

import functools
import html
import threading
from pathlib import Path

import IPython.lib.lexers  # noqa: F401  nbconvert's highlighter imports it lazily: see render/execute.py
import nbformat
from nbconvert import HTMLExporter

from render.features import Where
from render.qmd import split_options

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
</head>
<body class="notebook-preview">
<header class="title-block">
<p><a href="{back}">&larr; Back to the article</a></p>
<h1 class="title">{title}</h1>
<p class="other-formats"><a href="{download}" download>Download {download_name}</a></p>
</header>
<main id="content" class="notebook">
{body}
</main>
</body>
</html>
"""


def label_cells(notebook) -> None:
    """Ids that are the same on every build (nbformat's are random): ``cell-<label>`` for a
    labelled code cell (nbformat allows 64 characters), ``cell-<index>`` for the rest."""
    for index, cell in enumerate(notebook.cells):
        label = None
        if cell.cell_type == "code":
            options, _ = split_options(cell.source, Where(Path("notebook"), index + 1))
            label = options.get("label")
        cell.id = f"cell-{label}"[:64] if label else f"cell-{index}"


@functools.cache
def _exporter() -> HTMLExporter:
    """One exporter for every preview: building its Jinja environment is the slow part."""
    return HTMLExporter(template_name="basic")


_EXPORT_LOCK = threading.Lock()


def write_preview(notebook, target: Path, title: str, back: str, download: str, css: str) -> Path:
    """Write the preview page of ``notebook`` (a NotebookNode) to ``target``."""
    label_cells(notebook)
    with _EXPORT_LOCK:  # the exporter keeps state while it converts
        body, _ = _exporter().from_notebook_node(notebook)
    for cell in notebook.cells:  # the basic template writes id="cell-id=<id>"
        body = body.replace(f'id="cell-id={cell.id}"', f'id="{cell.id}"', 1)
    target.write_text(PAGE.format(title=html.escape(title), css=css, back=back, download=download,
                                  download_name=html.escape(Path(download).name), body=body), encoding="utf-8")
    return target


def read_notebook(path: Path):
    return nbformat.read(path, as_version=4)

"""Build each ``notebooks/*.py`` (jupytext percent format) into an executed ``.ipynb``.

The ``.py`` file is the source people edit and review; the ``.ipynb`` is
committed with its outputs so nbval can re-execute it and compare.
Usage: ``python -m render.notebooks notebooks/01-reconstruction.py ...``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

from render.execute import kernel_client
from render.previews import label_cells

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def build_notebook(source: Path) -> Path:
    """Execute ``source`` in its own folder and write the notebook beside it."""
    notebook = jupytext.read(source, fmt="py:percent")
    notebook.metadata = {"kernelspec": KERNEL, "jupytext": {"formats": "ipynb,py:percent"}}
    label_cells(notebook)
    with tempfile.TemporaryDirectory(prefix="render-kernel-") as sockets:
        kernel_client(notebook, source.parent, Path(sockets), timeout=300).execute()
    notebook.metadata.pop("language_info", None)  # carries the patch version of Python
    target = source.with_suffix(".ipynb")
    nbformat.write(notebook, target)
    return target


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(f"wrote {build_notebook(Path(argument))}")

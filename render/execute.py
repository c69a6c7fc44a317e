"""Run a document's chunks in one Jupyter kernel, evaluating inline expressions in order.

nbclient drives an ipykernel. The inline ``{python}`` expressions of each
stretch of prose become, at its place in the document, one hidden cell that
displays their values formatted as Quarto does for the Jupyter engine: a string
as itself, anything else by its ``text/markdown`` or else ``text/plain``
representation. (One cell per stretch, not per expression: a kernel round trip
each would cost more than the expressions; a failure still names its expression.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from render.qmd import Chunk, Document, Inline, Prose

INLINE_MIME = "application/x-inline-value+json"

SETUP = """\
%matplotlib inline
from IPython import get_ipython as _get_ipython
from IPython.display import display as _display
from matplotlib_inline.backend_inline import set_matplotlib_formats as _set_formats
_set_formats("png", dpi=__DPI__, bbox_inches=None, metadata={"Software": None})

class InlineExpressionError(Exception):
    pass

def _inline_values(*thunks):
    shown = []
    for index, thunk in enumerate(thunks):
        try:
            value = thunk()
        except Exception as error:
            raise InlineExpressionError(f"{index}|{type(error).__name__}: {error}") from None
        if not isinstance(value, str):
            data = _get_ipython().display_formatter.format(value)[0]
            value = data.get("text/markdown") or data.get("text/plain", "")
        shown.append(value)
    _display({"__MIME__": shown}, raw=True)
"""


class RenderError(RuntimeError):
    """A chunk or an inline expression failed; the message names it and its line."""


@dataclass
class Results:
    """Outputs of each chunk and the value of each inline expression, keyed by object id."""

    outputs: dict[int, list]
    values: dict[int, str]

    def outputs_of(self, chunk: Chunk) -> list:
        return self.outputs.get(id(chunk), [])

    def value_of(self, inline: Inline) -> str:
        return self.values[id(inline)]


def _steps(document: Document) -> list[Chunk | Prose]:
    return [cell for cell in document.cells
            if isinstance(cell, Chunk) and cell.options.get("eval", True) is not False
            or isinstance(cell, Prose) and cell.inlines]


def _code(step: Chunk | Prose) -> str:
    if isinstance(step, Chunk):
        return step.code
    return "_inline_values(" + ", ".join(f"lambda: ({inline.expression})" for inline in step.inlines) + ")"


def execute(document: Document, workdir: Path, dpi: int = 300, timeout: int = 600) -> Results:
    """Execute every chunk and inline expression of ``document``, in order, with ``workdir`` as cwd."""
    steps = _steps(document)
    setup = SETUP.replace("__DPI__", str(int(dpi))).replace("__MIME__", INLINE_MIME)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(setup)] + [nbformat.v4.new_code_cell(_code(step)) for step in steps]
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(workdir)}})
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                step = steps[index - 1] if index else None
                raise RenderError(_describe(document, step, error)) from None
    results = Results({}, {})
    for step, cell in zip(steps, notebook.cells[1:]):
        if isinstance(step, Chunk):
            results.outputs[id(step)] = cell.outputs
        else:
            values = next(o["data"][INLINE_MIME] for o in cell.outputs if INLINE_MIME in o.get("data", {}))
            results.values.update({id(inline): value for inline, value in zip(step.inlines, values)})
    return results


def _describe(document: Document, step: Chunk | Prose | None, error: CellExecutionError) -> str:
    reason = f"{error.ename}: {error.evalue}"
    if step is None:
        return f"{document.path}: the render setup failed: {reason}"
    if isinstance(step, Chunk):
        return f"{document.path}:{step.line}: chunk '{step.label}' (line {step.line}) failed: {reason}"
    if error.ename == "InlineExpressionError":
        index, reason = error.evalue.split("|", 1)
        inline = step.inlines[int(index)]
        return f"{document.path}:{inline.line}: inline expression `{inline.expression}` (line {inline.line}) failed: {reason}"
    return f"{document.path}:{step.line}: inline expressions (line {step.line}) failed: {reason}"

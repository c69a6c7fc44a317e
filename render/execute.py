"""Execute a document's chunks in one Jupyter kernel and evaluate its inline expressions.

Execute layer. nbclient drives an ipykernel, as Quarto's Jupyter engine does.
Chunks run in order; after the chunks before it, each markdown cell's inline
expressions go to the kernel in one ``execute_request`` with empty code and
``user_expressions`` (quarto-cli ``src/resources/jupyter/notebook.py``,
``cell_execute_inline``), so values are formatted by IPython exactly as under
Quarto. :mod:`render.inline` turns them into markdown.
"""

from __future__ import annotations

import ast
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import IPython.paths  # noqa: F401  see below
import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from render.features import RenderError
from render.inline import format_value
from render.qmd import Chunk, Document, Prose

# jupyter_client imports IPython.paths when it starts a kernel, and the notebook previews,
# written in a worker thread, import IPython's lexers through nbconvert. Two threads
# importing the IPython package at once can fail with KeyError: 'IPython' (CPython
# gh-83065; seen here once in a few cold renders, when the previews started before the
# kernel), so both are imported up front, whatever the order the render starts them in.

def kernel_setup(dpi: int = 300, size: tuple[float, float] | None = None) -> str:
    """The code run before the first chunk: matplotlib's inline PNGs at ``fig-dpi`` and, when the document
    sets ``fig-width``/``fig-height``, its default figure size (Quarto's ``setup.py`` for Python does both)."""
    code = ("%matplotlib inline\n"
            "from matplotlib_inline.backend_inline import set_matplotlib_formats as _set_formats\n"
            f'_set_formats("png", dpi={int(dpi)}, bbox_inches=None, metadata={{"Software": None}})\n'
            "del _set_formats\n")
    if size:
        code += f"import matplotlib as _mpl\n_mpl.rcParams['figure.figsize'] = {tuple(map(float, size))!r}\ndel _mpl\n"
    return code


#: Where a render gets a started kernel for its environment (and the code that gives it that), or None.
KernelSource = Callable[[dict], "tuple[KernelManager, str] | None"]


def new_kernel(env: dict) -> None:
    """The kernel source of ``make paper``: none started in advance, so every render starts its own."""
    return None

#: Run in a kernel after its last chunk: the installed modules it imported, in import order.
LIST_INSTALLED_MODULES = """
def _installed_modules():
    import json, sys, sysconfig
    roots = tuple({sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})
    return json.dumps([name for name, module in list(sys.modules.items())
                       if name != "__main__" and str(getattr(module, "__file__", None) or "").startswith(roots)])
"""


@dataclass
class Results:
    """Each chunk's outputs (by chunk index) and each prose cell's inline values (by cell index).

    ``modules``: the installed modules the kernel had imported at the end, in order (what
    ``make preview`` imports into its spare kernel, :mod:`render.kernels`); no output shows it.
    """

    outputs: dict[int, list]
    values: dict[int, dict[str, str]]
    modules: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"outputs": {str(k): v for k, v in self.outputs.items()},
                "values": {str(k): v for k, v in self.values.items()}, "modules": self.modules}

    @classmethod
    def from_json(cls, data: dict) -> Results:
        return cls({int(k): [nbformat.from_dict(o) for o in v] for k, v in data["outputs"].items()},
                   {int(k): v for k, v in data["values"].items()}, data.get("modules", []))


def runs(chunk: Chunk, execute_defaults: dict) -> bool:
    return {**execute_defaults, **chunk.options}.get("eval", True) is not False


def ipc_config(sockets: Path) -> Config:
    """Kernel sockets as files in ``sockets``: no TCP port, so no unencrypted-TCP warning from ipykernel."""
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(sockets / "kernel")
    return config


def kernel_client(notebook: nbformat.NotebookNode, workdir: Path, sockets: Path, timeout: int) -> NotebookClient:
    """An nbclient client for ``notebook`` run in ``workdir``, its kernel's sockets in ``sockets``.

    The kernel is stopped, not asked to stop (``shutdown_kernel="immediate"``): every reply
    is in by then, and asked, ipykernel 7.4 can race its own IO thread on the way out and
    print a ZMQError traceback on our stderr (seen in CI after a data error; iostream's
    ``schedule``, the case ipykernel #1518 left). So a chunk's ``atexit`` hooks do not run.
    """
    return NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                          shutdown_kernel="immediate", resources={"metadata": {"path": str(workdir)}},
                          config=ipc_config(sockets))


def execute(document: Document, workdir: Path, execute_defaults: dict, setup: str | None = None, timeout: int = 600,
            env: dict | None = None, on_kernel_ready: Callable[[], None] = lambda: None,
            kernel: tuple[KernelManager, str] | None = None) -> Results:
    """Run every chunk and inline expression of ``document`` in order, with ``workdir`` as cwd.

    ``kernel``: a started kernel to run in instead of a new one, with the code that gives it
    ``env`` (:meth:`render.kernels.SpareKernel.take`); it is stopped at the end either way.

    ``on_kernel_ready`` is called once the kernel has started, before the first chunk (not
    at all if nothing runs): the place to start work that runs beside the kernel. Started
    earlier, a busy thread slows the kernel's start, a run of short waits in this process
    that each wait again for the GIL (measured: 1.0 s alone, 2.4 to 3.5 s beside a busy thread).
    """
    results = Results({}, {})
    if not any((isinstance(c, Chunk) and runs(c, execute_defaults)) or (isinstance(c, Prose) and c.inlines)
               for c in document.cells):
        return results  # nothing to run: no kernel
    notebook = nbformat.v4.new_notebook()
    if kernel is not None:
        manager, set_environment = kernel
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False, km=manager)
        try:
            _execute_cells(client, document, execute_defaults, setup or kernel_setup(), results, on_kernel_ready,
                           set_environment)
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            manager.shutdown_kernel(now=True)
        return results
    saved_env = dict(os.environ)
    os.environ.update(env or {})  # the kernel inherits this process's environment
    try:
        with tempfile.TemporaryDirectory(prefix="render-kernel-") as sockets:
            client = kernel_client(notebook, workdir, Path(sockets), timeout)
            _execute_cells(client, document, execute_defaults, setup or kernel_setup(), results, on_kernel_ready)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
    return results


def _execute_cells(client: NotebookClient, document: Document, execute_defaults: dict, setup: str,
                   results: Results, on_kernel_ready: Callable[[], None], set_environment: str = "") -> None:
    with client.setup_kernel():
        on_kernel_ready()
        if set_environment:
            _quietly(client, set_environment)
        _run(client, nbformat.v4.new_code_cell(setup), None, document)
        for index, cell in enumerate(document.cells):
            if isinstance(cell, Chunk) and runs(cell, execute_defaults):
                code = nbformat.v4.new_code_cell(cell.code)
                results.outputs[index] = _run(client, code, cell, document).outputs
            elif isinstance(cell, Prose) and cell.inlines:
                results.values[index] = _inline_values(client, cell)
        results.modules = _installed_modules(client)


def _quietly(client: NotebookClient, code: str, expression: str | None = None):
    """Run ``code`` outside the notebook and its history (no execution count moves); return ``expression``."""
    reply = client.wait_for_reply(client.kc.execute(code, silent=True, store_history=False,
                                                    user_expressions={"value": expression} if expression else {}))
    if reply["content"]["status"] != "ok":
        raise RenderError(f"the render's own code failed in the kernel: {reply['content'].get('evalue')}")
    return reply["content"].get("user_expressions", {}).get("value")


def _installed_modules(client: NotebookClient) -> list[str]:
    value = _quietly(client, LIST_INSTALLED_MODULES, "_installed_modules()")
    return json.loads(ast.literal_eval(value["data"]["text/plain"])) if value and value.get("status") == "ok" else []


def _run(client: NotebookClient, cell, chunk: Chunk | None, document: Document):
    client.nb.cells.append(cell)
    try:
        return client.execute_cell(cell, len(client.nb.cells) - 1)
    except CellExecutionError as error:
        if chunk is None:
            raise RenderError(f"{document.path}: the render setup failed: {error.ename}: {error.evalue}") from None
        failing = _CELL_LINE.findall(_ANSI.sub("", str(error.traceback or "")))
        where = chunk.code_where(int(failing[-1])) if failing else chunk.where  # the deepest line of the chunk
        raise RenderError(f"{where}: chunk '{chunk.label}' failed: {error.ename}: {error.evalue}") from None


#: IPython names a line of the running cell "Cell In[7], line 3" in a traceback.
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _inline_values(client: NotebookClient, prose: Prose) -> dict[str, str]:
    """Evaluate the cell's expressions in one request; last result wins per expression text."""
    expressions = {str(i): inline.expression for i, inline in enumerate(prose.inlines)}
    reply = client.wait_for_reply(client.kc.execute("", silent=False, store_history=False,
                                                    user_expressions=expressions))
    content = reply["content"]
    values: dict[str, str] = {}
    for key, inline in zip(expressions, prose.inlines, strict=True):
        result = content.get("user_expressions", {}).get(key, content)
        if result.get("status") != "ok":
            raise RenderError(f"{inline.where}: inline expression `{inline.expression}` (line {inline.line}) failed: "
                              f"{result.get('ename')}: {result.get('evalue')}")
        values[inline.expression] = format_value(result, inline.expression, inline.where)
    return values

"""A kernel started ahead of the next render, for ``make preview``.

Execute layer. Starting a kernel and importing the science stack is most of a
chunk edit's render (about 1 s and 2.5 s on the development machine). The
preview keeps one spare kernel: a new process, started after each render, which
has imported only installed modules (the standard library and site-packages,
never the project's own ``analysis/``), in the order the last execution first
imported them. No value of an earlier run can survive in it: it never ran a
chunk. A spare whose warm-up printed anything (a warning at import, say) is not
used, since a chunk's output would then miss what a cold kernel prints.

The render's environment differs from the preview's by a few variables
(``SOURCE_DATE_EPOCH``, the figure folder); they are set in the kernel's
``os.environ`` before the first chunk, and a spare started under any other
difference is discarded.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

from jupyter_client import BlockingKernelClient, KernelManager

from analysis.figures import FIGURES_ENV
from render.execute import ipc_config

#: Variables a render may set differently from the preview's own environment.
RENDER_VARIABLES = ("SOURCE_DATE_EPOCH", FIGURES_ENV)



def warm_up_code(modules: list[str]) -> str:
    """Import ``modules`` one by one; one that fails alone is left for the render to import."""
    return ("def _warm_up(names):\n    import importlib\n    for name in names:\n"
            "        try:\n            importlib.import_module(name)\n        except Exception:\n            pass\n"
            f"_warm_up({json.dumps(modules)})\ndel _warm_up\n")


def set_environment_code(variables: dict[str, str | None]) -> str:
    """Set (or, for None, remove) environment variables in the kernel, leaving no name behind."""
    return ("def _set_environment(values):\n    import os\n    for name, value in values.items():\n"
            "        if value is None:\n            os.environ.pop(name, None)\n"
            "        else:\n            os.environ[name] = value\n"
            f"_set_environment({variables!r})\ndel _set_environment\n")


class SpareKernel:
    """One kernel, started and warmed in a thread; :meth:`take` hands it over or says it cannot."""

    def __init__(self, workdir: Path, sockets: Path, modules: list[str]):
        self.workdir = workdir.resolve()
        started_with = dict(os.environ)
        self.environment = {k: v for k, v in started_with.items() if k not in RENDER_VARIABLES}
        self.manager: KernelManager | None = None
        self.usable = False
        self.ready = threading.Event()
        self._sockets = sockets
        threading.Thread(target=self._start, args=(modules, started_with), daemon=True, name="spare-kernel").start()

    def _start(self, modules: list[str], env: dict[str, str]) -> None:
        try:
            # nbclient drives the kernel with an asynchronous client; the warm-up, here, with a blocking one.
            manager = KernelManager(kernel_name="python3", config=ipc_config(self._sockets),
                                    client_class="jupyter_client.asynchronous.AsyncKernelClient")
            manager.start_kernel(cwd=str(self.workdir), env=env)
            self.manager = manager
            client = BlockingKernelClient(**manager.get_connection_info(session=True))
            client.start_channels()
            try:
                client.wait_for_ready(timeout=60)
                printed = []
                reply = client.execute_interactive(warm_up_code(modules), silent=False, store_history=False,
                                                   timeout=120, output_hook=printed.append)
                self.usable = reply["content"]["status"] == "ok" and not [
                    m for m in printed if m["msg_type"] in ("stream", "display_data", "execute_result", "error")]
            finally:
                client.stop_channels()
        except Exception:  # a spare that failed to start is no spare: the render starts its own
            self.usable = False
        finally:
            self.ready.set()

    def take(self, workdir: Path, env: dict[str, str]) -> tuple[KernelManager, str] | None:
        """The warmed kernel and the code that gives it ``env``; None (and the spare stopped) if it cannot serve."""
        self.ready.wait()
        manager, self.manager = self.manager, None
        base = {k: v for k, v in env.items() if k not in RENDER_VARIABLES}
        if manager is None or not self.usable or workdir.resolve() != self.workdir or base != self.environment:
            stop(manager)
            return None
        return manager, set_environment_code({k: env.get(k) for k in RENDER_VARIABLES})

    def discard(self) -> None:
        self.ready.wait()
        stop(self.manager)
        self.manager = None


def stop(manager: KernelManager | None) -> None:
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.shutdown_kernel(now=True)

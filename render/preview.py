"""``make preview``: serve the rendered paper, re-render on every saved change, reload the page.

Serves the output folder on 127.0.0.1 and prints its address. Watches the
manuscript, its project file, the bibliography, ``analysis/``, ``data/`` and
``styles/``; on a change it renders again and the open page reloads itself: the
server adds a small script to the HTML it serves, which waits on ``/__preview__``
for the next render. A failed render keeps the last good output and puts its
one-line error on the page. Ctrl-C stops the server, the watcher and any render
under way, kernels included.

Warm, as an author's day needs it. The renders run in this process, its imports
done once. The execution cache is ``make paper``'s (same key, same entries), so a
prose edit starts no kernel. An edit that must execute runs in a spare kernel
(:mod:`render.kernels`): a new process, started after the last render, that has
imported the installed modules the paper uses and run nothing else, so no value
survives from one render to the next. The HTML page is written and reloaded first;
then the whole render (every format, the journal's figure files with ``--figures``)
replaces the outputs as ``make paper`` would, from the cache. Before each render
it brings ``make``'s stamps up to date (the commit, the data file), so that a
``make paper`` after it has nothing to do.

With Quarto >= 1.4 on PATH it runs ``quarto preview`` instead, and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from render.__main__ import render, render_page
from render.build import prepare
from render.features import RenderError
from render.kernels import SpareKernel
from render.quarto import quarto_version

WATCHED = ("analysis", "data", "styles")
RELOAD = """
<script>
// make preview: reload when a new render is done; show a failed render's error.
// The server answers "/__preview__?after=N" once the render count differs from N.
(function () {
  var seen = null;
  function poll() {
    var url = "/__preview__" + (seen === null ? "" : "?after=" + seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.renders !== seen && !s.error) { location.reload(); return; }
      seen = s.renders;
      var banner = document.getElementById("preview-error");
      if (s.error && !banner) {
        banner = document.createElement("div");
        banner.id = "preview-error";
        banner.setAttribute("role", "alert");
        banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:99;background:#a4161a;color:#fff;" +
          "padding:.6rem 1rem;font:14px/1.4 system-ui,sans-serif;white-space:pre-wrap";
        document.body.prepend(banner);
      }
      if (banner) { banner.hidden = !s.error; banner.textContent = s.error ? "Render failed: " + s.error : ""; }
    }).catch(function () {}).then(function () { setTimeout(poll, 50); });
  }
  poll();
})();
</script>
"""


class State:
    """What the page asks for: how many pages and whole renders have been written, and the last error."""

    def __init__(self):
        self.renders, self.complete, self.error = 0, 0, ""
        self.changed = threading.Condition()
        self.idle = lambda: True  # no render under way and the spare kernel warm (the renderer says)

    def update(self, renders: int = 0, complete: int = 0, error: str = "") -> None:
        with self.changed:
            self.renders += renders
            self.complete += complete
            self.error = error
            self.changed.notify_all()

    def json(self, after: int | None = None, wait: float = 25) -> bytes:
        """The state; with ``after``, once the render count differs from it or an error shows (or ``wait`` s)."""
        with self.changed:
            if after is not None:
                self.changed.wait_for(lambda: self.renders != after or self.error, timeout=wait)
            return json.dumps({"renders": self.renders, "complete": self.complete, "error": self.error,
                               "idle": self.idle()}).encode()


class Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, state: State, page: str, **kwargs):
        self.state, self.page = state, page
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.path.startswith("/__preview__"):
            after = parse_qs(urlsplit(self.path).query).get("after")
            return self._send(self.state.json(int(after[0]) if after else None), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / self.page
        if path.suffix == ".html" and path.is_file():
            page = path.read_text(encoding="utf-8").replace("</body>", RELOAD + "</body>")
            return self._send(page.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Renderer:
    """Renders in this process: the page first, then the whole render; a spare kernel kept for the next."""

    def __init__(self, source: Path, out: Path, figures: Path | None, state: State):
        self.source, self.out, self.figures, self.state = source, out, figures, state
        self.sockets = tempfile.TemporaryDirectory(prefix="preview-kernels-")
        self.spare: SpareKernel | None = None
        self.modules: list[str] = []  # what the last execution imported, for the next spare
        self.rendering = False
        state.idle = lambda: not self.rendering and (self.spare is None or self.spare.ready.is_set())

    def render(self) -> None:
        print("rendering ...", flush=True)
        self.rendering = True
        make_stamps(self.source.parent)
        try:
            results, how = render_page(self.source, self.out, self.figures is not None, self._take_spare)
            self.modules = results.modules or self.modules
            self.state.update(renders=1)
            render(self.source, self.out, self.figures, None)  # every format, from the cache just filled
            self.state.update(complete=1)
            print(f"execution: {how}", flush=True)
        except RenderError as error:
            self.state.update(error=str(error))
            print(f"error: {error}", flush=True)
        if self.spare is None:
            self.spare = SpareKernel(self.source.parent, Path(self.sockets.name), self.modules)
        self.rendering = False

    def _take_spare(self, env: dict):
        spare, self.spare = self.spare, None
        return spare.take(self.source.parent, env) if spare else None

    def stop(self) -> None:
        if self.spare is not None:
            self.spare.discard()
        self.sockets.cleanup()


def make_stamps(project_dir: Path) -> None:
    """``make``'s stamps of the commit and the data file, as ``make paper`` would write them."""
    if (project_dir / "Makefile").is_file() and shutil.which("make"):
        subprocess.run(["make", "--silent", "--no-print-directory", ".make/render-commit", ".make/paper-data"],
                       cwd=project_dir, capture_output=True, check=False)


def watched(source: Path):
    """A watchfiles filter: the manuscript, _quarto.yml, bibliographies and the watched folders.

    The project folder itself is watched (an editor that saves by renaming would
    leave a watch on the file behind), filtered to these inputs, so the render's own
    outputs do not set it off again.
    """
    project = source.parent.resolve()
    files = {source.resolve(), project / "_quarto.yml"}
    folders = tuple(project / name for name in WATCHED)

    def accept(change, path: str) -> bool:
        path = Path(path).resolve()
        if "__pycache__" in path.parts or path.suffix in (".pyc", ".swp") or path.name.endswith("~"):
            return False
        in_folder = any(path.is_relative_to(folder) for folder in folders)
        return path in files or (path.suffix == ".bib" and path.parent == project) or in_folder

    return accept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m render.preview", description=__doc__)
    parser.add_argument("source", nargs="?", default="paper.qmd", type=Path)
    parser.add_argument("--out", type=Path, help="output folder (default: the project's output-dir)")
    parser.add_argument("--port", type=int, default=4321, help="0 picks a free port")
    parser.add_argument("--engine", choices=("auto", "python"), default="auto")
    parser.add_argument("--figures", type=Path, help="also write the journal figure files to this folder")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with Ctrl-C ignored
    source = args.source.resolve()
    version = quarto_version() if args.engine == "auto" else None
    if version:
        print(f"Quarto {'.'.join(map(str, version))} is on PATH: running quarto preview instead", flush=True)
        env = {**os.environ, "QUARTO_PYTHON": sys.executable}
        with contextlib.suppress(KeyboardInterrupt):
            return subprocess.call(["quarto", "preview", source.name, "--port", str(args.port)], cwd=source.parent,
                                   env=env)
        return 0

    project = prepare(source).project
    out = (args.out or project.default_output_dir).resolve()
    page = project.output_name("html", source.stem)
    state = State()
    renderer = Renderer(source, out, args.figures.resolve() if args.figures else None, state)
    handler = functools.partial(Handler, directory=str(out), state=state, page=page)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        renderer.render()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"preview at http://127.0.0.1:{server.server_address[1]}/{page} (Ctrl-C to stop)", flush=True)
        for _changes in watch(source.parent, watch_filter=watched(source), stop_event=stop, debounce=300, step=20,
                              rust_timeout=500):
            renderer.render()
    except KeyboardInterrupt:
        pass
    finally:
        renderer.stop()
        server.shutdown()
        server.server_close()
    print("preview stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

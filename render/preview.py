"""``make preview``: serve the rendered paper, re-render on every saved change, reload the page.

Serves the output folder on 127.0.0.1 and prints its address. Watches the
manuscript, its project file, the bibliography, ``analysis/``, ``data/`` and
``styles/``; on a change it renders again (a subprocess of ``python -m render``,
so the execution cache spares the kernel when only prose changed) and the open
page reloads itself: the server adds a small script to the HTML it serves, which
asks ``/__preview__`` for the render count. A failed render keeps the last good
output and puts its one-line error on the page. Ctrl-C stops the server, the
watcher and any render under way, kernel included.

With Quarto >= 1.4 on PATH it runs ``quarto preview`` instead, and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import signal
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from render.quarto import quarto_version

WATCHED = ("analysis", "data", "styles")
RELOAD = """
<script>
// make preview: reload when a new render is done; show a failed render's error.
(function () {
  var seen = null;
  function poll() {
    fetch("/__preview__", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
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
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>
"""


class State:
    """What the page asks for: how many renders have succeeded, and the last error."""

    def __init__(self):
        self.renders, self.error, self.lock = 0, "", threading.Lock()

    def json(self) -> bytes:
        with self.lock:
            return json.dumps({"renders": self.renders, "error": self.error}).encode()


class Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, state: State, page: str, **kwargs):
        self.state, self.page = state, page
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.path.startswith("/__preview__"):
            return self._send(self.state.json(), "application/json")
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
    """Runs ``python -m render`` in its own process group, so that stopping it stops its kernel too."""

    def __init__(self, source: Path, out: Path, state: State, extra: list[str]):
        self.command = [sys.executable, "-m", "render", str(source), "--out", str(out), *extra]
        self.source, self.state, self.process = source, state, None

    def render(self) -> None:
        print("rendering ...", flush=True)
        self.process = subprocess.Popen(self.command, cwd=self.source.parent, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        stdout, stderr = self.process.communicate()
        code, self.process = self.process.returncode, None
        with self.state.lock:
            if code == 0:
                self.state.renders += 1
                self.state.error = ""
                print(next((line for line in stdout.splitlines() if line.startswith("execution:")), "rendered"),
                      flush=True)
            else:
                self.state.error = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {code}"
                print(self.state.error, flush=True)

    def stop(self) -> None:
        """End a render under way: SIGTERM, which the render handles by shutting its kernel down."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


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

    from render.build import prepare

    project = prepare(source).project
    out = (args.out or project.default_output_dir).resolve()
    page = project.output_name("html", source.stem)
    state = State()
    renderer = Renderer(source, out, state, ["--engine", "python"])
    renderer.render()
    handler = functools.partial(Handler, directory=str(out), state=state, page=page)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"preview at http://127.0.0.1:{server.server_address[1]}/{page} (Ctrl-C to stop)", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        for _changes in watch(source.parent, watch_filter=watched(source), stop_event=stop, debounce=300,
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

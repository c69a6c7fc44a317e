"""``python -m render [paper.qmd]``: render the manuscript, and write the journal figure files.

Uses ``quarto render`` when Quarto >= 1.4 is on PATH (pointed at this Python
through ``QUARTO_PYTHON``), otherwise the no-Quarto path, and says which ran.
Everything is built in a temporary folder and moved into place only on
success, so a failed render leaves the previous outputs untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from analysis.figures import FIGURES_ENV
from analysis.verify import provenance_document
from render.build import (
    Prepared,
    engine_name,
    independent_outputs,
    page_meta,
    prepare,
    run_kernel,
    write_outputs,
    write_page,
)
from render.cache import ExecutionCache, cache_key
from render.execute import KernelSource, Results, new_kernel
from render.features import RenderError
from render.publish import (
    build_folder,
    exclusive,
    interrupt_on_sigterm,
    publish,
    publish_page,
    remove_abandoned_builds,
)
from render.quarto import quarto_version, render_with_quarto

T = TypeVar("T")


def source_date_epoch(project_dir: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_dir, capture_output=True, text=True,
                            check=False)
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else 0


def commit(project_dir: Path) -> str:
    """The commit the sources are at, marked when the working tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project_dir, capture_output=True, text=True, check=False)
    if head.returncode != 0:
        return "not a git checkout"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project_dir,
                           capture_output=True, text=True, check=False).stdout.strip()
    return head.stdout.strip() + (" with uncommitted changes" if dirty else "")


def record_provenance(out: Path, commit_stamp: str, engine: str) -> None:
    """``provenance.json`` beside the page: every computed value it marks, with the commit (either engine)."""
    page = out / "index.html"
    if page.is_file():
        document = provenance_document(page.read_text(encoding="utf-8"), commit_stamp, engine)
        (out / "provenance.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")


class Beside(Generic[T]):
    """Work that runs in a thread while the kernel computes; started once, when the kernel is up.

    Started before, it would slow the kernel's start (see :func:`render.execute.execute`).
    """

    def __init__(self, pool: ThreadPoolExecutor, work: Callable[[], T]):
        self.pool, self.work, self.future = pool, work, None

    def start(self) -> None:
        if self.future is None:
            self.future = self.pool.submit(self.work)

    def result(self) -> T:
        self.start()  # no kernel ran (a cache hit, or nothing to execute)
        return self.future.result()


def execution(prepared: Prepared, env: dict, figures: Path | None, fresh: bool,
              on_kernel_ready: Callable[[], None], kernel: KernelSource = new_kernel) -> tuple[Results, str]:
    """The kernel's results: from the execution cache when nothing that can change them changed.

    ``kernel`` gives a started kernel to run in, or None for a new one (``make preview``'s spare).
    """
    project_dir = prepared.project.directory
    key = cache_key(prepared.document, project_dir, prepared.execute_defaults, prepared.kernel_setup,
                    figures is not None)
    cache = ExecutionCache(project_dir / ".make" / "cache" / "render")
    cached = None if fresh else cache.load(key, figures)
    if cached is not None:
        return cached, f"from the cache (no kernel started; key {key[:12]})"
    started = kernel(env)
    results = run_kernel(prepared, env, on_kernel_ready, started)
    cache.store(key, results, figures)
    where = "the spare kernel started after the last render" if started else "a kernel"
    return results, f"executed in {where}" + (" (--fresh: the cache was not read)" if fresh else "")


def render_without_quarto(prepared: Prepared, build: Path, epoch: int, env: dict, provenance: dict,
                          figures: Path | None, fresh: bool, kernel: KernelSource = new_kernel) -> tuple[str, str]:
    engine = engine_name()
    out = build / "_out"
    out.mkdir()
    with ThreadPoolExecutor(max_workers=1) as pool:
        independent = Beside(pool, lambda: independent_outputs(prepared, out))
        results, how = execution(prepared, env, figures, fresh, independent.start, kernel)
        write_outputs(prepared, results, build, out, env, epoch, {"render-engine": engine, **provenance},
                      independent.result())
    return engine, how


@dataclass
class Rendered:
    engine: str
    how: str
    out: Path
    written: list[str]


def render_environment(project_dir: Path) -> tuple[int, dict, dict[str, str]]:
    """The build date (SOURCE_DATE_EPOCH), the environment a render runs in, and the provenance it records."""
    epoch = source_date_epoch(project_dir)
    return epoch, {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}, {"render-commit": commit(project_dir)}


def render(source: Path, out: Path | None, figures_to: Path | None, version: tuple | None, fresh: bool = False,
           kernel: KernelSource = new_kernel) -> Rendered:
    """One whole render: every format into ``out`` (the project's output-dir by default), all or nothing.

    Raises :class:`RenderError` (nothing overwritten) or ``KeyboardInterrupt``.
    """
    epoch, env, provenance = render_environment(source.parent)
    prepared = prepare(source)
    out = (out or prepared.project.default_output_dir).resolve()
    with exclusive(source.parent, out):
        remove_abandoned_builds(source.parent)
        with build_folder(source.parent) as build:
            figures = build / "figures" if figures_to else None
            if figures:
                env[FIGURES_ENV] = str(figures)
            if version:
                engine, how = render_with_quarto(source, build / "_out", version, env, provenance), "by Quarto"
            else:
                engine, how = render_without_quarto(prepared, build, epoch, env, provenance, figures, fresh, kernel)
            record_provenance(build / "_out", provenance["render-commit"], engine)
            publish(build / "_out", out, figures, figures_to)
            written = sorted(p.name for p in out.iterdir())  # before another render may replace them
    return Rendered(engine, how, out, written)


def render_page(source: Path, out: Path, figures: bool, kernel: KernelSource) -> tuple[Results, str]:
    """The HTML page alone, put in place ahead of the other formats (``make preview``).

    Executes as :func:`render` does and stores the results in the same cache, from which
    the whole render that follows takes them.
    """
    _, env, provenance = render_environment(source.parent)
    prepared = prepare(source)
    with exclusive(source.parent, out), build_folder(source.parent) as build:
        if figures:
            env[FIGURES_ENV] = str(build / "figures")
        results, how = execution(prepared, env, build / "figures" if figures else None, False, lambda: None, kernel)
        write_page(prepared, results, build, build / "_out", env, {"render-engine": engine_name(), **provenance},
                   page_meta(prepared))
        publish_page(build / "_out", out, prepared.project.output_name("html", source.stem))
    return results, how


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m render", description=__doc__)
    parser.add_argument("source", nargs="?", default="paper.qmd", type=Path)
    parser.add_argument("--out", type=Path, help="output folder (default: the project's output-dir)")
    parser.add_argument("--figures", type=Path, help="also write the journal figure files to this folder")
    parser.add_argument("--engine", choices=("auto", "quarto", "python"), default="auto")
    parser.add_argument("--fresh", action="store_true", help="execute even if the execution cache has the results")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    if not source.is_file():
        print(f"error: {args.source}: no such file", file=sys.stderr)
        return 2
    version = quarto_version() if args.engine != "python" else None
    if args.engine == "quarto" and version is None:
        print("error: --engine quarto needs Quarto >= 1.4 on PATH", file=sys.stderr)
        return 2
    interrupt_on_sigterm()
    try:
        rendered = render(source, args.out.resolve() if args.out else None, args.figures, version, args.fresh)
    except RenderError as error:
        print(f"error: {error} (nothing was overwritten)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the kernel was stopped and nothing was overwritten", file=sys.stderr)
        return 130
    print(f"render engine: {rendered.engine}")
    print(f"execution: {rendered.how}")
    print(f"wrote {', '.join(rendered.written)} to {rendered.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

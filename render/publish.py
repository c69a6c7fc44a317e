"""Putting a render's outputs in place, whatever happens meanwhile.

* A render builds in a temporary ``.render-*`` folder beside the manuscript and
  writes its pid there; a folder whose process is gone (killed with SIGKILL) is
  removed by the next render.
* Renders of the same output folder take turns (an exclusive ``flock`` on a lock
  file in ``.make/``): two ``make paper`` at once both succeed, one after the
  other, and the outputs are one whole render's.
* SIGTERM is handled like Ctrl-C (``KeyboardInterrupt``), so the kernel is shut
  down and the temporary folder removed; neither signal can arrive in the middle
  of the final swap, which is therefore all or nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from analysis.figures import remove_stale_files

BUILD_PREFIX = ".render-"
PID_FILE = "render.pid"


def interrupt_on_sigterm() -> None:
    """SIGTERM as Ctrl-C; and Ctrl-C works even where the shell started this with it ignored."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)


@contextlib.contextmanager
def exclusive(project_dir: Path, out: Path) -> Iterator[None]:
    """Hold the lock of output folder ``out`` (waiting for another render of it to finish)."""
    folder = project_dir / ".make"
    folder.mkdir(exist_ok=True)
    name = hashlib.sha1(str(out).encode()).hexdigest()[:12]
    with open(folder / f"render-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_builds(project_dir: Path) -> list[Path]:
    """Remove ``.render-*`` folders whose render process no longer exists."""
    removed = []
    for folder in project_dir.glob(BUILD_PREFIX + "*"):
        pid_file = folder / PID_FILE
        try:
            pid = int(pid_file.read_text())
        except (OSError, ValueError):
            continue  # being created by a live render, or not ours
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def build_folder(project_dir: Path) -> Iterator[Path]:
    """A temporary build folder marked with this process's pid, removed on the way out."""
    with tempfile.TemporaryDirectory(prefix=BUILD_PREFIX, dir=project_dir) as tmp:
        (Path(tmp) / PID_FILE).write_text(str(os.getpid()))
        yield Path(tmp)


def replace_dir(new: Path, old: Path) -> None:
    """Put ``new`` where ``old`` was, keeping ``old`` until the swap is done."""
    backup = old.with_name(old.name + ".previous")
    shutil.rmtree(backup, ignore_errors=True)
    if old.exists():
        old.rename(backup)
    shutil.move(str(new), str(old))
    shutil.rmtree(backup, ignore_errors=True)


def publish(build_out: Path, out: Path, figures_from: Path | None, figures_to: Path | None) -> None:
    """Swap the new outputs in, with SIGINT and SIGTERM held back until it is done."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        replace_dir(build_out, out)
        if figures_to is not None and figures_from is not None and figures_from.exists():
            figures_to.mkdir(parents=True, exist_ok=True)
            for figure in sorted(figures_from.iterdir()):
                os.replace(figure, figures_to / figure.name)
            remove_stale_files(figures_to)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def publish_page(build_out: Path, out: Path, page: str) -> None:
    """Put the page and the files it shows over the last render's, ahead of the rest (``make preview``).

    The page is dated 1970 until the whole render replaces it (:func:`publish`), so that
    ``make paper`` sees the outputs as out of date if the rest never comes.
    """
    for path in sorted(p for p in build_out.rglob("*") if p.is_file()):
        target = out / path.relative_to(build_out)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    os.utime(out / page, (0, 0))

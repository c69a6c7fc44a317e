"""Compile ahead, on every core, the installed modules a render imports.

``make env`` runs this after installing the lock. Without it a fresh clone's first
render compiles them itself, one at a time, while it runs: about 1,900 modules, 10 s
here; two processes do it in about 6 s. (Compiling all of ``.venv`` costs 30 s; the
rest compiles on first use, as usual.)

The list, ``tools/precompile.txt``, holds paths relative to site-packages and is
recorded by ``make lock`` (``--record``): a render of the paper with
``PYTHONPYCACHEPREFIX`` pointing at an empty folder, whose contents are then exactly
the modules the render and its kernel compiled. A stale list costs only time: a
listed file that is not installed is skipped.
"""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
import sysconfig
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tools" / "precompile.txt"


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def compile_one(path: str) -> bool:
    # Timestamp-checked, as the import system writes them: with SOURCE_DATE_EPOCH set,
    # py_compile would write hash-checked files, which every import then re-hashes.
    try:
        py_compile.compile(path, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    except (py_compile.PyCompileError, OSError):
        return False
    return True


def compile_files(files: list[Path], workers: int | None = None) -> int:
    """Compile ``files`` in ``workers`` processes (default: one per core); returns how many compiled."""
    present = [str(f) for f in files if f.is_file()]
    if not present:
        return 0
    with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
        return sum(pool.map(compile_one, present, chunksize=25))


def listed(site: Path) -> list[Path]:
    return [site / line for line in LIST.read_text(encoding="utf-8").split()]


def record(site: Path) -> list[str]:
    """The site-packages modules that ``make paper``'s render compiles, in a fresh pycache prefix."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix, out = Path(tmp) / "pycache", Path(tmp) / "out"
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "render", "paper.qmd", "--engine", "python", "--fresh", "--out", str(out),
                        "--figures", str(out / "figures")], cwd=ROOT, env=env, check=True, capture_output=True)
        mirrored = prefix / site.relative_to(site.anchor)
        return sorted(str(pyc.relative_to(mirrored).with_name(pyc.name.split(".")[0] + ".py"))
                      for pyc in mirrored.rglob("*.pyc"))


def main(argv: list[str]) -> int:
    site = site_packages()
    if argv == ["--record"]:
        modules = record(site)
        LIST.write_text("\n".join(modules) + "\n", encoding="utf-8")
        print(f"{LIST.relative_to(ROOT)}: {len(modules)} modules")
        return 0
    compile_files(listed(site))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

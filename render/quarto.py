"""The Quarto branch: ``quarto render`` when Quarto >= 1.4 is on PATH.

Quarto looks for Jupyter in the Python that ``QUARTO_PYTHON`` names (else the
first ``python3`` on PATH, which is not the project's environment unless it is
activated), so this branch sets it to the interpreter running the render.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from render.features import RenderError

MIN_QUARTO = (1, 4)


def quarto_version() -> tuple[int, ...] | None:
    """Quarto's version if a Quarto >= 1.4 is on PATH, else None."""
    if not shutil.which("quarto"):
        return None
    result = subprocess.run(["quarto", "--version"], capture_output=True, text=True, check=False)
    try:
        version = tuple(int(part) for part in result.stdout.strip().split(".")[:3])
    except ValueError:
        return None
    return version if version[:2] >= MIN_QUARTO else None


def render_with_quarto(source: Path, out: Path, version: tuple[int, ...], env: dict, provenance: dict) -> str:
    """``quarto render`` into ``out``, its Jupyter kernel running this interpreter."""
    engine = f"quarto render (Quarto {'.'.join(map(str, version))})"
    env = {**env, "QUARTO_PYTHON": sys.executable}
    metadata = [arg for key, value in {"render-engine": engine, **provenance}.items()
                for arg in ("-M", f"{key}:{value}")]
    result = subprocess.run(["quarto", "render", source.name, "--output-dir", str(out), *metadata],
                            cwd=source.parent, env=env, check=False)
    if result.returncode != 0:
        raise RenderError(f"quarto render failed with exit status {result.returncode}")
    return engine

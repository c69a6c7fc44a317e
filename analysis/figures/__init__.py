"""The figures: one module per figure, ``fig_<name>.py``, found by name in this registry.

Each module draws one figure and declares it as ``FIGURE = FigureSpec(data, draw)``:
``data(responses, ledger)`` returns the keyword arguments of ``draw``, which
returns a matplotlib ``Figure`` (``draw(..., is_reconstruction=..., width=...)``).
:func:`figure` is what the manuscript's chunks call: it draws, and when the
render asks for the journal's files (``RENDER_FIGURES_DIR``) it writes them from
the same kernel. :func:`analysis.figures.build.write_figures`, the tests and the
notebooks read the same registry, so adding a figure means one module here and
one chunk in ``paper.qmd``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Set by the render (``python -m render --figures DIR``) to collect the journal's figure files.
FIGURES_ENV = "RENDER_FIGURES_DIR"


@dataclass(frozen=True)
class FigureSpec:
    """How to make one figure: what it shows (``data``) and how it is drawn (``draw``)."""

    data: Callable[[pd.DataFrame, pd.DataFrame], dict]
    draw: Callable
    name: str = ""

    @property
    def module(self) -> str:
        return f"analysis/figures/{self.name}.py"


def names() -> list[str]:
    """The figures' names (their modules' names), in name order, without importing them."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("fig_"))


def registry() -> dict[str, FigureSpec]:
    """Every figure, by name (its module's name), in name order."""
    return {name: replace(importlib.import_module(f"{__name__}.{name}").FIGURE, name=name) for name in names()}


def remove_stale_files(folder: Path) -> list[Path]:
    """Delete the files of figures that no longer exist (a module renamed or removed) from ``folder``.

    Only ``fig_<name>.<ext>`` files are touched, and only those whose name is no figure's.
    """
    current = set(names())
    stale = [path for path in sorted(folder.glob("fig_*.*")) if path.is_file() and path.stem not in current]
    for path in stale:
        path.unlink()
    return stale


def draw(name: str, responses: pd.DataFrame, ledger: pd.DataFrame, *, is_reconstruction: bool = True,
         width: str = "single"):
    """Draw the figure ``name`` from the respondent data and the ledger."""
    spec = registry()[name]
    return spec.draw(**spec.data(responses, ledger), is_reconstruction=is_reconstruction, width=width)


@dataclass(frozen=True)
class ManuscriptFigure:
    """A drawn figure as the manuscript shows it: the PNG of the journal's files, shown as is."""

    name: str
    figure: object
    png: bytes

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:  # the text/plain beside the image: short, not the PNG's bytes
        return f"<figure {self.name}: PNG at 300 dpi, {len(self.png)} bytes>"


def figure(name: str, responses: pd.DataFrame, ledger: pd.DataFrame, *,
           is_reconstruction: bool = True) -> ManuscriptFigure:
    """Draw ``name`` for the manuscript, writing its journal files too when the render collects them.

    The page shows the same PNG bytes the journal gets, rasterised once at 300 dpi.
    """
    from analysis.figures.style import png_bytes, save_figure

    drawn = draw(name, responses, ledger, is_reconstruction=is_reconstruction)
    shown = ManuscriptFigure(name, drawn, png_bytes(drawn))
    if os.environ.get(FIGURES_ENV):
        save_figure(drawn, name, Path(os.environ[FIGURES_ENV]), shown.png)
    return shown

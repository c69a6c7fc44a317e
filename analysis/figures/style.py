"""Shared look and deterministic saving of the figures.

Sized for print: a single journal column is about 8.5 cm, a double column about
17.5 cm. Fonts are DejaVu Sans (shipped with matplotlib) so output does not
depend on the machine; the palette is seaborn's colour-blind-safe one.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import seaborn as sns
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from PIL import Image

CM = 1 / 2.54
WIDTHS = {"single": 8.5 * CM, "double": 17.5 * CM}
PALETTE = sns.color_palette("colorblind")
MATCH_COLOUR, MISMATCH_COLOUR, NEUTRAL_COLOUR = PALETTE[2], PALETTE[3], PALETTE[0]
DPI = 300
RECONSTRUCTION_NOTE = "Data: reconstruction from published aggregates"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.titlesize": 7.5,
    "axes.titley": 1.0,  # a fixed title height: matplotlib then skips measuring the axes for it at every draw
    "axes.labelsize": 7,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.0,
    "svg.hashsalt": "mentorship-reproduction",  # fixed ids in SVG output
    "svg.fonttype": "none",  # text stays text in SVG
    "path.simplify": False,
}


def new_figure(rows: int, width: str = "single"):
    """A figure for ``rows`` labelled rows, at a print width; returns (fig, ax)."""
    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE, rc=RC)
    height_inches = 0.9 + 0.3 * rows
    # A bare Figure, not pyplot's: nothing global to close, no double display in notebooks.
    fig = Figure(figsize=(WIDTHS[width], height_inches), layout="constrained")
    return fig, fig.add_subplot()


def note_data_source(ax, is_reconstruction: bool) -> None:
    """Say, on the figure itself, whether the data are the reconstruction."""
    text = RECONSTRUCTION_NOTE if is_reconstruction else "Data: respondent file supplied via PAPER_DATA"
    ax.set_title(text, loc="left", fontsize=5.5, color="0.35")


def label_rows(ax, labels: list[str], right_labels: list[str]) -> None:
    """Category names on the left, values on the right, top row first; inside the layout."""
    y = list(range(len(labels)))[::-1]
    ax.set_yticks(y, [wrap_label(label) for label in labels])
    right = ax.secondary_yaxis("right")
    right.set_yticks(y, right_labels)
    right.tick_params(length=0, labelsize=6)
    right.spines["right"].set_visible(False)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.grid(axis="y", visible=False)


def png_bytes(fig) -> bytes:
    """The figure as PNG at 300 dpi, with no software stamp.

    The layout solved for it is then kept, so every later file of the figure (SVG)
    has the same layout and is not solved again.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    fig.set_layout_engine("none")
    return buffer.getvalue()


def save_figure(fig, name: str, out_dir: Path, png: bytes | None = None) -> list[Path]:
    """Write ``name``.png and ``name``.jpg (300 dpi) and ``name``.svg, with no timestamps or version stamps.

    The journal takes JPEG files of at least 300 dpi; PNG and SVG serve the web page and
    editors. The JPEG is made from the PNG's pixels (``png``, if already rendered), so
    the figure is rasterised once.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    png = png or png_bytes(fig)
    paths = [out_dir / f"{name}.{suffix}" for suffix in ("png", "jpg", "svg")]
    paths[0].write_bytes(png)
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").save(paths[1], "JPEG", quality=95, optimize=True, dpi=(DPI, DPI))
    # The layout was solved for the PNG: the SVG canvas writes it directly, without the
    # layout-only draw that savefig would run first (same bytes, faster).
    FigureCanvasSVG(fig).print_svg(paths[2], metadata={"Date": None, "Creator": None})
    return paths


def wrap_label(text: str, width: int = 24) -> str:
    """Break a long category label over lines so it fits a single column."""
    return "\n".join(textwrap.wrap(text, width))

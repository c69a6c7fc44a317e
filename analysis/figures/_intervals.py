"""The dot-and-whisker layout that the strengths and weaknesses figures share."""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MultipleLocator

from analysis.figures.style import NEUTRAL_COLOUR, label_rows, new_figure, note_data_source
from analysis.formats import share_with_interval


def interval_figure(estimates: pd.DataFrame, xlabel: str, *, is_reconstruction: bool, width: str):
    """Shares (%) with their intervals, one labelled row per estimate, in the frame's order."""
    fig, ax = new_figure(len(estimates), width)
    rows = estimates.reset_index(drop=True)
    y = list(range(len(rows)))[::-1]
    share, lower, upper = (100 * rows[c] for c in ("share", "lower", "upper"))
    ax.errorbar(share, y, xerr=[share - lower, upper - share], fmt="o", color=NEUTRAL_COLOUR,
                markersize=3.5, capsize=2, elinewidth=1)
    cells = [share_with_interval(row.share, row.lower, row.upper) for row in rows.itertuples()]
    label_rows(ax, list(rows["label"]), cells)
    ax.set_xlim(0, 10 * (int(upper.max() // 10) + 1))
    ax.xaxis.set_major_locator(MultipleLocator(10))
    ax.set_xlabel(xlabel)
    note_data_source(ax, is_reconstruction)
    return fig

"""Figure: weaknesses of the program as perceived by mentees, with Wilson intervals."""

from __future__ import annotations

import pandas as pd

from analysis.estimates import weakness_shares
from analysis.figures import FigureSpec
from analysis.figures._intervals import interval_figure


def fig_weaknesses(weaknesses: pd.DataFrame, *, is_reconstruction: bool = True, width: str = "single"):
    """Dot-and-whisker plot of :func:`analysis.estimates.weakness_shares` (Wilson 95% intervals)."""
    return interval_figure(weaknesses, "Respondents (%)",
                           is_reconstruction=is_reconstruction, width=width)


FIGURE = FigureSpec(data=lambda responses, ledger: {"weaknesses": weakness_shares(responses)}, draw=fig_weaknesses)

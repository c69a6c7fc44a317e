"""Figure: the strengths of the program named by mentees, with simultaneous intervals."""

from __future__ import annotations

import pandas as pd

from analysis.estimates import strength_shares
from analysis.figures import FigureSpec
from analysis.figures._intervals import interval_figure


def fig_strengths(strengths: pd.DataFrame, *, is_reconstruction: bool = True, width: str = "single"):
    """Dot-and-whisker plot of :func:`analysis.estimates.strength_shares` (Goodman 95% intervals)."""
    return interval_figure(strengths, "Respondents naming the strength (%)",
                           is_reconstruction=is_reconstruction, width=width)


FIGURE = FigureSpec(data=lambda responses, ledger: {"strengths": strength_shares(responses)}, draw=fig_strengths)

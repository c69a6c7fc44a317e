"""One module per figure, named after it; :mod:`.style` holds what they share."""

from analysis.figures.fig_audit import fig_audit
from analysis.figures.fig_strengths import fig_strengths
from analysis.figures.fig_weaknesses import fig_weaknesses

__all__ = ["fig_audit", "fig_strengths", "fig_weaknesses"]

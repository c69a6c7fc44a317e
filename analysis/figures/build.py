"""Write every figure to ``figures/`` (PNG at 300 dpi and SVG), from the data in use."""

from __future__ import annotations

from pathlib import Path

from analysis.audit import audit, audit_frame
from analysis.estimates import strength_shares, weakness_shares
from analysis.figures import fig_audit, fig_strengths, fig_weaknesses
from analysis.figures.style import save_figure
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.measures import claim_labels
from analysis.paths import FIGURES_DIR, is_reconstruction, responses_path


def write_figures(out_dir: Path = FIGURES_DIR) -> list[Path]:
    """Make the three figures from ``$PAPER_DATA`` (or the shipped data) and save them."""
    responses, ledger = load_responses(), read_ledger()
    reconstruction = is_reconstruction(responses_path())
    written = []
    written += save_figure(fig_strengths(strength_shares(responses), is_reconstruction=reconstruction), "fig_strengths", out_dir)
    written += save_figure(fig_weaknesses(weakness_shares(responses), is_reconstruction=reconstruction), "fig_weaknesses", out_dir)
    frame = audit_frame(audit(ledger, responses))
    written += save_figure(fig_audit(frame, claim_labels(ledger), is_reconstruction=reconstruction), "fig_audit", out_dir)
    return written

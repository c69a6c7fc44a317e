"""Write every figure of the registry to ``figures/`` (PNG and JPEG at 300 dpi, SVG), from the data in use."""

from __future__ import annotations

from pathlib import Path

from analysis.figures import draw, registry, remove_stale_files
from analysis.figures.style import save_figure
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import FIGURES_DIR, is_reconstruction, responses_path


def write_figures(out_dir: Path = FIGURES_DIR) -> list[Path]:
    """Make every registered figure from ``$PAPER_DATA`` (or the shipped data) and save it."""
    responses, ledger = load_responses(), read_ledger()
    reconstruction = is_reconstruction(responses_path())
    written = []
    for name in registry():
        written += save_figure(draw(name, responses, ledger, is_reconstruction=reconstruction), name, out_dir)
    remove_stale_files(out_dir)
    return written

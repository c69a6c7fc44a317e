"""Where the package's inputs and outputs live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PUBLISHED_DIR = DATA_DIR / "published"
SHIPPED_RESPONSES = DATA_DIR / "responses.csv"
FIGURES_DIR = ROOT / "figures"


def responses_path() -> Path:
    """The respondent CSV in use: ``$PAPER_DATA`` if set, else the shipped reconstruction."""
    override = os.environ.get("PAPER_DATA")
    return Path(override).expanduser().resolve() if override else SHIPPED_RESPONSES


def is_reconstruction(path: Path | None = None) -> bool:
    """True when the data in use are the shipped reconstruction, not real responses."""
    return (path or responses_path()).resolve() == SHIPPED_RESPONSES.resolve()

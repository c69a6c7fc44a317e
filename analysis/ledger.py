"""The published abstract and its claims ledger (``data/published/``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.paths import PUBLISHED_DIR

ABSTRACT_PATH = PUBLISHED_DIR / "abstract.txt"
LEDGER_PATH = PUBLISHED_DIR / "claims.csv"

#: ``context``: a number printed for context, never audited (a confidence level, a p-value, a test
#: statistic or ratio, a scale or version name, a date); its note says which.
KINDS = ("count", "percentage", "verbal", "list_length", "design", "bibliographic", "context")
BASES = ("recomputable", "design", "bibliographic", "context")

def read_abstract(path: Path = ABSTRACT_PATH) -> str:
    """The published abstract, verbatim."""
    return path.read_text(encoding="utf-8")


def scanned_text(abstract: str) -> str:
    """The part of the abstract whose numbers must all be in the ledger.

    Rule: the title and the structured abstract, i.e. everything before the
    first line starting with ``doi:``. What follows (DOI, "How to cite this",
    licence) is bibliographic metadata whose digits are identifiers, not claims.
    """
    head, _, _ = abstract.partition("\ndoi:")
    return head


def read_ledger(path: Path = LEDGER_PATH) -> pd.DataFrame:
    """The claims ledger, every column as text (so "40%" stays "40%")."""
    ledger = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    bad_kind = set(ledger["kind"]) - set(KINDS)
    bad_basis = set(ledger["basis"]) - set(BASES)
    if bad_kind or bad_basis or ledger["id"].duplicated().any():
        raise ValueError(f"{path}: bad ledger (kinds {bad_kind}, bases {bad_basis}, or duplicate ids)")
    return ledger


def ledger_spans(ledger: pd.DataFrame, abstract: str) -> dict[str, tuple[int, int]]:
    """For each ledger row, the span of its printed number inside the abstract."""
    spans = {}
    for row in ledger.itertuples():
        quote_start = abstract.find(row.quote)
        if quote_start < 0 or abstract.count(row.quote) != 1:
            raise ValueError(f"ledger row {row.id}: quote must occur exactly once in the abstract")
        offset = row.quote.find(row.printed)
        if offset < 0:
            raise ValueError(f"ledger row {row.id}: printed value {row.printed!r} not in its quote")
        spans[row.id] = (quote_start + offset, quote_start + offset + len(row.printed))
    return spans

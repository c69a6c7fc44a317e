"""The published abstract and its claims ledger (``data/published/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.paths import PUBLISHED_DIR

ABSTRACT_PATH = PUBLISHED_DIR / "abstract.txt"
LEDGER_PATH = PUBLISHED_DIR / "claims.csv"

KINDS = ("count", "percentage", "verbal", "list_length", "design", "bibliographic")
BASES = ("recomputable", "design", "bibliographic")

#: Words that state a number, by what they state (the draft ledger guesses a kind from the group).
#: Number words written out, with their values (the audit reads a list's announced length from them).
CARDINAL_VALUES = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())} | {
    word: 10 * tens for tens, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)} | {
    "hundred": 100, "thousand": 1000, "million": 1_000_000}
CARDINAL_WORDS = tuple(CARDINAL_VALUES)
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth")
FRACTION_WORDS = ("half", "quarter")
FREQUENCY_WORDS = ("once", "twice", "every", "each", "daily", "weekly", "monthly", "yearly", "annual", "annually")
NUMBER_WORDS = CARDINAL_WORDS + ORDINAL_WORDS + FRACTION_WORDS + FREQUENCY_WORDS
_NUMBER_PATTERN = re.compile(
    r"\d+(?:\.\d+)?(?:\(\d+\))?(?:-\d+)?%?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)


#: Thousands separators a printed number may use: comma, space, thin and narrow no-break spaces, no-break space.
_GROUPED = re.compile(r"\d{1,3}(?:[,\u0020\u2009\u202f\u00a0]\d{3})+|\d+")


def number_value(text: str) -> int | None:
    """A whole number as printed: ``"6,190"``, ``"24 160"``, ``"Thirty-five"``, ``"one hundred and five"``.

    Returns None for anything else (a decimal, a percentage, a word that is not a number).
    """
    stripped = text.strip()
    if _GROUPED.fullmatch(stripped):
        return int(re.sub(r"\D", "", stripped))
    words = [w for w in re.split(r"[-\s]+", stripped.lower()) if w and w != "and"]
    if not words or any(w not in CARDINAL_VALUES for w in words):
        return None
    total = current = 0
    for word in words:
        value = CARDINAL_VALUES[word]
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1000:
            total, current = total + max(current, 1) * value, 0
        else:
            current += value
    return total + current


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


@dataclass(frozen=True)
class NumberMention:
    """A number found in the abstract: its text and where it starts."""

    text: str
    start: int


def find_numbers(text: str) -> list[NumberMention]:
    """Every numeral (with its % sign) and number word in ``text``."""
    return [NumberMention(m.group(0), m.start()) for m in _NUMBER_PATTERN.finditer(text)]


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

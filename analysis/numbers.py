"""Numbers as a text prints them: numerals and number words, found and read.

One vocabulary of number words for the ledger's completeness check, the draft
ledger and the audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
#: A number word written out, compounds included: "Thirty-five", "one hundred and five".
_CARDINAL = r"(?:" + "|".join(sorted(CARDINAL_WORDS, key=len, reverse=True)) + r")"
_WORDS = _CARDINAL + r"(?:(?:-\s*|\s+(?:and\s+)?)" + _CARDINAL + r")*"
_NUMBER_PATTERN = re.compile(
    # a numeral: thousands groups (1,250; 24 160 with a space or a thin space), decimals, a leading decimal
    # point (.001), a sign (−0.188), an issue number (41(2)), a range (488-493), and a percent sign, maybe spaced
    r"(?:(?<=[\s(\[=<>≤≥:,;])[−-])?"
    r"(?:(?<![\d.,])\d{1,3}(?:(?:,|[\u0020\u2009\u202f\u00a0])\d{3})+(?![\d])|\d+(?:\.\d+)?|(?<![\d\w])\.\d+)"
    r"(?:(?:st|nd|rd|th)\b|(?:\(\d+\))?(?:-\d+)?(?:\s?%)?)"
    r"|\b(?:" + _WORDS + r"(?:\s+percent\b)?|" + "|".join(ORDINAL_WORDS + FRACTION_WORDS + FREQUENCY_WORDS) + r")\b",
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


@dataclass(frozen=True)
class NumberMention:
    """A number found in the abstract: its text and where it starts."""

    text: str
    start: int


def find_numbers(text: str) -> list[NumberMention]:
    """Every numeral (with its % sign) and number word in ``text``."""
    return [NumberMention(m.group(0), m.start()) for m in _NUMBER_PATTERN.finditer(text)]

"""Granularity checks for printed percentages.

A percentage computed from an integer count ``k`` out of ``N`` respondents and
printed to ``d`` decimals can take only certain values. Brown & Heathers (2017)
turned this into the GRIM test for means (doi:10.1177/1948550616673876); the R
package scrutiny (Jung, https://lhdjung.github.io/scrutiny/) generalises it to
percentages and to the rounding conventions authors actually use. We follow
scrutiny's idea that a value is *consistent* if some common rounding rule maps
the exact value to the printed one, and report which rules do.

The Python port scrutipy (0.1.12) was tried first: its ``grim_scalar`` panics on
whole-number percentages with ``N >= 100`` (e.g. ``"40"`` with ``N = 362``) and
it does not return the consistent counts or denominators we report, so the
arithmetic is written here, exactly, with :class:`fractions.Fraction`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

#: Rounding conventions checked, named as in scrutiny where it has a name.
ROUNDING_RULES = ("half_up", "half_even", "truncate")


@dataclass(frozen=True)
class PrintedPercentage:
    """A percentage as printed: its exact value and its number of decimals."""

    value: Fraction
    decimals: int
    text: str

    @classmethod
    def parse(cls, text: str) -> PrintedPercentage:
        """Parse ``"40%"`` or ``"90.3%"``; the decimals printed are kept."""
        digits = text.strip().rstrip("%").strip()
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return cls(Fraction(digits), decimals, text.strip())


def round_fraction(value: Fraction, decimals: int, rule: str) -> Fraction:
    """Round a non-negative exact value to ``decimals`` places under ``rule``.

    ``half_up`` rounds ties away from zero, ``half_even`` to the even last
    digit (IEEE 754's default, used by Python's ``round``), ``truncate`` drops
    the digits beyond ``decimals`` (what spreadsheet cell formats do not do but
    some hand-made tables do).
    """
    if value < 0:
        raise ValueError("percentages are non-negative")
    scale = 10**decimals
    scaled = value * scale
    whole = math.floor(scaled)
    remainder = scaled - whole
    if rule == "truncate":
        rounded = whole
    elif rule == "half_up":
        rounded = whole + (remainder >= Fraction(1, 2))
    elif rule == "half_even":
        is_tie = remainder == Fraction(1, 2)
        rounded = whole + (remainder > Fraction(1, 2) or (is_tie and whole % 2 == 1))
    else:
        raise ValueError(f"unknown rounding rule {rule!r}; use one of {ROUNDING_RULES}")
    return Fraction(rounded, scale)


def percentage(count: int, n: int) -> Fraction:
    """The exact percentage ``100 * count / n``."""
    if n <= 0 or not 0 <= count <= n:
        raise ValueError(f"need 0 <= count <= n and n > 0, got count={count}, n={n}")
    return Fraction(100 * count, n)


def format_percentage(count: int, n: int, decimals: int, rule: str = "half_up") -> str:
    """``count/n`` as a printed percentage, e.g. ``"38.95%"`` for 2 decimals."""
    return f"{float(round_fraction(percentage(count, n), decimals, rule)):.{decimals}f}%"


def rules_reproducing(count: int, n: int, printed: PrintedPercentage) -> tuple[str, ...]:
    """The rounding rules under which ``count/n`` prints as ``printed``."""
    exact = percentage(count, n)
    return tuple(
        rule for rule in ROUNDING_RULES if round_fraction(exact, printed.decimals, rule) == printed.value
    )


def counts_consistent(n: int, printed: PrintedPercentage) -> list[int]:
    """Every count ``k`` (0..n) that prints as ``printed`` under some rule."""
    # Under the rules checked the exact value lies in [p - step/2, p + step).
    step = Fraction(1, 10**printed.decimals)
    low = max(0, math.floor((printed.value - step / 2) * n / 100))
    high = min(n, math.ceil((printed.value + step) * n / 100))
    return [k for k in range(low, high + 1) if rules_reproducing(k, n, printed)]


def denominators_consistent(count: int, printed: PrintedPercentage) -> list[int]:
    """Every denominator ``N >= count`` for which ``count/N`` prints as ``printed``.

    The printed value ``p`` with ``d`` decimals stands for an exact value in
    ``[p - 0.5 * 10**-d, p + 10**-d)`` under the rules checked, so ``N`` lies in
    ``(100 * count / (p + 10**-d), 100 * count / (p - 0.5 * 10**-d)]``.
    """
    step = Fraction(1, 10**printed.decimals)
    lowest_value = printed.value - step / 2
    if count == 0 or lowest_value <= 0:
        raise ValueError(f"the denominators for {count} at {printed.text} are unbounded")
    n_low = max(count, math.floor(100 * count / (printed.value + step)))
    n_high = math.ceil(100 * count / lowest_value)
    return [n for n in range(n_low, n_high + 1) if rules_reproducing(count, n, printed)]


@dataclass(frozen=True)
class GrimResult:
    """Outcome of a GRIM test of a percentage printed without its count."""

    verdict: str  # "consistent", "inconsistent" or "not testable"
    counts: tuple[int, ...]  # counts out of N that print as the value (any rule)
    rules: tuple[str, ...]  # rules under which at least one such count exists


def grim_percentage(printed: PrintedPercentage, n: int) -> GrimResult:
    """GRIM for a percentage (Brown & Heathers 2017, applied to proportions).

    With ``d`` decimals a percentage has a grid of ``10**(d+2)`` printable
    values; once ``n >= 10**(d+2)`` every grid value is reachable by some count,
    so the test cannot discriminate and the verdict is "not testable", never
    "consistent".
    """
    counts = tuple(counts_consistent(n, printed))
    rules = tuple(rule for rule in ROUNDING_RULES if any(rule in rules_reproducing(k, n, printed) for k in counts))
    if n >= 10 ** (printed.decimals + 2):
        return GrimResult("not testable", counts, rules)
    return GrimResult("consistent" if counts else "inconsistent", counts, rules)


#: How far a verbal quantity plausibly stretches, as a share of N. A judgement,
#: stated as such wherever it is used: "half" read as 45% to 55%.
VERBAL_SHARES = {"half": (Fraction(45, 100), Fraction(55, 100))}


def verbal_count_range(word: str, n: int) -> tuple[int, int]:
    """The counts out of ``n`` that a verbal quantity such as "Half" plausibly covers."""
    low, high = VERBAL_SHARES[word.strip().lower()]
    return math.ceil(low * n), math.floor(high * n)


def nearest_count(share: Fraction, n: int) -> int:
    """The count out of ``n`` nearest to ``share`` (ties go up)."""
    return math.floor(share * n + Fraction(1, 2))

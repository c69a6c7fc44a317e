"""Granularity checks for printed percentages and proportions (GRIM).

A share computed from an integer count ``k`` out of ``N`` and printed to ``d``
decimals can take only certain values. Brown & Heathers (2017) turned this into
the GRIM test (doi:10.1177/1948550616673876); the R package scrutiny (Jung,
https://lhdjung.github.io/scrutiny/) applies it to percentages and to the
rounding procedures authors actually use. This module follows scrutiny's names
and semantics for rounding and for testability, on exact arithmetic
(:class:`fractions.Fraction`) instead of floating point with a tolerance:

- ``up`` and ``down`` round a tie (a cut-off part of exactly 5) up or down;
  ``even`` rounds it to the even digit, exactly (R's ``round()``, which scrutiny
  uses, decides ties on the binary value, so e.g. 0.075 goes down in R and up
  here);
- ``ceiling``, ``floor``, ``trunc`` (towards zero) and ``anti_trunc`` (away from
  zero; as in scrutiny it always moves, so a value already on the grid moves one
  step and 0 rounds to one step);
- ``up_or_down`` (scrutiny's default) and ``ceiling_or_floor`` accept either of
  their two procedures.

Only non-negative shares occur here, so scrutiny's ``symmetric`` is moot.

The Python port scrutipy (0.1.12) was tried first: its ``grim_scalar`` panics on
whole-number percentages with ``N >= 100`` (e.g. ``"40"`` with ``N = 362``) and
it does not return the consistent counts or denominators reported here.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from analysis.numbers import number_value

#: A share as printed: digits, optionally a point and more digits (".40" too, as APA prints proportions).
_DECIMAL = re.compile(r"([0-9]*)(?:\.([0-9]+))?", re.ASCII)

#: One rounding procedure each: the integer a non-negative ``scaled`` value (in units of the last
#: printed digit) rounds to.
PROCEDURES: dict[str, Callable[[Fraction], int]] = {
    "up": lambda scaled: math.floor(scaled + Fraction(1, 2)),
    "down": lambda scaled: math.ceil(scaled - Fraction(1, 2)),
    "even": lambda scaled: round(scaled),  # Fraction.__round__ rounds exact ties to even
    "ceiling": math.ceil,
    "floor": math.floor,
    "trunc": math.floor,  # the same as floor for the non-negative values here
    "anti_trunc": lambda scaled: math.floor(scaled) + 1,
}

#: scrutiny's ``rounding`` argument: each name stands for one procedure or, for the two
#: compound names, for either of two.
ROUNDING = {
    "up_or_down": ("up", "down"),
    "ceiling_or_floor": ("ceiling", "floor"),
    **{name: (name,) for name in PROCEDURES},
}
DEFAULT_ROUNDING = "up_or_down"  # scrutiny's default

#: The procedures the audit of a paper reports on: scrutiny's default pair, the IEEE default
#: (half to even, Python's and R's ``round``) and truncation, which hand-made tables use.
AUDIT_PROCEDURES = ("up", "down", "even", "trunc")

#: Each procedure in words, for notes and the manuscript.
PROCEDURE_WORDS = {
    "up": "half up",
    "down": "half down",
    "even": "half to even",
    "ceiling": "ceiling",
    "floor": "floor",
    "trunc": "truncation",
    "anti_trunc": "away from zero",
}


def procedures_of(rounding: str | tuple[str, ...]) -> tuple[str, ...]:
    """The procedures a rounding name (or a tuple of procedure names) stands for.

    Raises ``ValueError`` for a name scrutiny does not have.
    """
    names = ROUNDING.get(rounding) if isinstance(rounding, str) else tuple(rounding)
    if not names or any(name not in PROCEDURES for name in names):
        raise ValueError(f"unknown rounding {rounding!r}; use one of: {', '.join(ROUNDING)}")
    return names


def round_fraction(value: Fraction, decimals: int, procedure: str) -> Fraction:
    """Round a non-negative exact value to ``decimals`` places.

    Parameters
    ----------
    value : Fraction
        The exact value, e.g. ``Fraction(100 * 141, 362)`` for a percentage.
    decimals : int
        Places after the decimal point to keep (0 for a whole number).
    procedure : str
        One of :data:`PROCEDURES` (not a compound name such as ``up_or_down``).

    Returns
    -------
    Fraction
        The rounded value, exactly, on the scale of ``value`` (``Fraction(39)`` for 38.95 rounded
        half up to 0 places).

    Raises
    ------
    ValueError
        For a negative value or an unknown procedure.

    References
    ----------
    Jung L. scrutiny: Error detection in science (R package), rounding procedures:
    https://lhdjung.github.io/scrutiny/articles/rounding-options.html
    """
    if value < 0:
        raise ValueError("shares are non-negative")
    if procedure not in PROCEDURES:
        raise ValueError(f"unknown rounding procedure {procedure!r}; use one of: {', '.join(PROCEDURES)}")
    scale = 10**decimals
    return Fraction(PROCEDURES[procedure](value * scale), scale)


@dataclass(frozen=True)
class PrintedShare:
    """A share as printed: its exact value, its number of decimals and its scale.

    ``percent`` is true for ``"40%"`` (scale 100) and false for a proportion such
    as ``"0.40"`` (scale 1). The decimals come from the text, so ``"54.0"`` has
    one and ``"54"`` none.
    """

    value: Fraction
    decimals: int
    text: str
    percent: bool = True

    @classmethod
    def parse(cls, text: str, proportion: bool = False) -> PrintedShare:
        """Parse ``"40%"``, ``"90.3"`` (a percentage) or, with ``proportion``, ``"0.40"``.

        Raises ``ValueError`` with a one-line reason for anything that is not a
        share: not a plain decimal number, negative, above 100% or above 1.
        """
        stripped = re.sub(r"\s+%$", "%", text.strip())
        words = re.fullmatch(r"(.+?)\s+percent", stripped, re.IGNORECASE)
        if words and number_value(words.group(1)) is not None:  # "Thirty-five percent" is 35%
            stripped = f"{number_value(words.group(1))}%"
        if proportion and stripped.endswith("%"):
            raise ValueError(f"{text!r} has a % sign but was given as a proportion")
        if stripped.startswith(("-", "−")):
            raise ValueError(f"{text!r} is negative: a share is never below zero")
        digits = _DECIMAL.fullmatch(stripped.removesuffix("%").strip())
        if not digits or not digits.group(0):
            raise ValueError(f"{text!r} is not a non-negative number written with digits and a decimal point")
        fraction = digits.group(2) or ""
        share = cls(Fraction(digits.group(0)), len(fraction), stripped, percent=not proportion)
        if share.value > share.scale:
            raise ValueError(f"{text!r} is above {'100%' if share.percent else '1'}")
        return share

    @property
    def scale(self) -> int:
        """100 for a percentage, 1 for a proportion."""
        return 100 if self.percent else 1

    @property
    def step(self) -> Fraction:
        """The distance between two neighbouring printable values, e.g. 0.1 for ``"90.3%"``."""
        return Fraction(1, 10**self.decimals)

    @property
    def grid(self) -> int:
        """How many steps span the whole range 0..100% (or 0..1): ``10**(d+2)`` for a percentage."""
        return self.scale * 10**self.decimals

    def exact(self, count: int, n: int) -> Fraction:
        """The exact share ``count/n`` on this value's scale (percent or proportion)."""
        return self.scale * percentage(count, n) / 100

    def render(self, value: Fraction) -> str:
        """A value on this scale written like this one, e.g. ``"38%"`` or ``"0.380"``."""
        return f"{float(value):.{self.decimals}f}" + ("%" if self.text.endswith("%") else "")


def percentage(count: int, n: int) -> Fraction:
    """The exact percentage of ``count`` out of ``n``.

    Parameters
    ----------
    count : int
        Respondents counted, ``0 <= count <= n``.
    n : int
        The denominator, positive.

    Returns
    -------
    Fraction
        ``100 * count / n`` exactly, on the 0-100 scale (a percentage, not a share).

    Raises
    ------
    ValueError
        If ``n <= 0`` or ``count`` is outside ``0..n``.
    """
    if n <= 0 or not 0 <= count <= n:
        raise ValueError(f"need 0 <= count <= n and n > 0, got count={count}, n={n}")
    return Fraction(100 * count, n)


def format_percentage(count: int, n: int, decimals: int, procedure: str = "up") -> str:
    """``count/n`` printed as a percentage, e.g. ``"38.95%"`` for 2 decimals.

    Rounds the exact value with :func:`round_fraction` (half up by default, as spreadsheets and
    SPSS print), unlike :func:`analysis.formats.percent`, which formats a float share for prose.
    """
    return f"{float(round_fraction(percentage(count, n), decimals, procedure)):.{decimals}f}%"


def procedures_reproducing(count: int, n: int, printed: PrintedShare,
                           rounding: str | tuple[str, ...] = AUDIT_PROCEDURES) -> tuple[str, ...]:
    """The procedures of ``rounding`` under which ``count/n`` prints as ``printed``."""
    exact = printed.exact(count, n)
    return tuple(procedure for procedure in procedures_of(rounding)
                 if round_fraction(exact, printed.decimals, procedure) == printed.value)


def count_range(n: int, printed: PrintedShare, procedure: str) -> tuple[int, int] | None:
    """The counts ``k`` (0..n) for which ``k/n`` prints as ``printed`` under one procedure, as ``(first, last)``.

    Every procedure is monotone (a larger exact value never rounds lower), so the counts form one run,
    found by bisection: arithmetic proportional to the printed precision and ``log n``, never to ``n``.
    None when no count prints as ``printed``.
    """
    if n <= 0:
        raise ValueError(f"N must be positive, got {n}")
    counts = range(n + 1)

    def shown(k: int) -> Fraction:
        return round_fraction(printed.exact(k, n), printed.decimals, procedure)

    first = bisect.bisect_left(counts, printed.value, key=shown)
    end = bisect.bisect_right(counts, printed.value, key=shown)
    return (first, end - 1) if first < end else None


def consistent_ranges(n: int, printed: PrintedShare,
                      rounding: str | tuple[str, ...] = AUDIT_PROCEDURES) -> dict[str, tuple[int, int]]:
    """For each procedure of ``rounding`` under which some count prints as ``printed``, its run of counts."""
    return {procedure: found for procedure in procedures_of(rounding)
            if (found := count_range(n, printed, procedure)) is not None}


def counts_consistent(n: int, printed: PrintedShare,
                      rounding: str | tuple[str, ...] = AUDIT_PROCEDURES) -> list[int]:
    """Every count ``k`` (0..n) for which ``k/n`` prints as ``printed`` under some procedure of ``rounding``.

    A list, for the audit's N; :func:`consistent_ranges` gives the same as runs, for any N.
    """
    runs = consistent_ranges(n, printed, rounding).values()
    return sorted({k for first, last in runs for k in range(first, last + 1)})


def denominators_consistent(count: int, printed: PrintedShare,
                            rounding: str | tuple[str, ...] = AUDIT_PROCEDURES) -> list[int]:
    """Every denominator ``N >= count`` for which ``count/N`` prints as ``printed``.

    Parameters
    ----------
    count : int
        The printed count (positive).
    printed : PrintedShare
        The printed share.
    rounding : str or tuple of str
        A scrutiny rounding name, or procedure names; by default the audit's.

    Returns
    -------
    list of int
        The denominators, ascending. An exact value within one step of the
        printed one is the most any procedure allows, so ``N`` lies in
        ``[scale * count / (p + step), scale * count / (p - step)]``, where ``p``
        is the printed value and ``scale`` 100 for a percentage, 1 for a proportion.

    Raises
    ------
    ValueError
        When the printed value is within one step of 0, so that arbitrarily
        large ``N`` cannot be excluded, or the count is 0.
    """
    lowest_value = printed.value - printed.step
    if count <= 0 or lowest_value <= 0:
        raise ValueError(f"the denominators for {count} at {printed.text} are unbounded")
    n_low = max(count, math.floor(printed.scale * count / (printed.value + printed.step)))
    n_high = math.ceil(printed.scale * count / lowest_value)
    return [n for n in range(n_low, n_high + 1) if procedures_reproducing(count, n, printed, rounding)]


@dataclass(frozen=True)
class GrimResult:
    """The GRIM test of a share printed without its count.

    ``ranges`` maps each procedure under which some count out of ``n`` prints as the
    value to that run of counts, ``(first, last)``; ``nearest`` holds, for an
    inconsistent value, the counts just below and above it, each with what it prints as.
    """

    printed: PrintedShare
    n: int
    rounding: str | tuple[str, ...]
    verdict: str  # "consistent", "inconsistent" or "not testable"
    ranges: dict[str, tuple[int, int]]
    nearest: dict[int, str]

    @property
    def procedures(self) -> tuple[str, ...]:
        """The procedures under which at least one count prints as the value."""
        return tuple(self.ranges)

    @property
    def count_total(self) -> int:
        """How many counts print as the value under some procedure (the runs' union, counted, not listed)."""
        total, reached = 0, -1
        for first, last in sorted(self.ranges.values()):
            total += max(0, last - max(first, reached + 1) + 1)
            reached = max(reached, last)
        return total

    @property
    def counts(self) -> dict[int, tuple[str, ...]]:
        """Each count that prints as the value, with the procedures that make it do so (for modest N)."""
        found: dict[int, list[str]] = {}
        for procedure, (first, last) in self.ranges.items():
            for k in range(first, last + 1):
                found.setdefault(k, []).append(procedure)
        return {k: tuple(found[k]) for k in sorted(found)}


def grim(printed: PrintedShare, n: int, rounding: str | tuple[str, ...] = DEFAULT_ROUNDING) -> GrimResult:
    """GRIM for a share: is there a count out of ``n`` that prints as ``printed``?

    Parameters
    ----------
    printed : PrintedShare
        The printed percentage or proportion.
    n : int
        The sample size (positive).
    rounding : str or tuple of str
        A scrutiny rounding name (default ``up_or_down``) or procedure names.

    Returns
    -------
    GrimResult
        The verdict is "not testable" once ``n`` reaches the number of printable
        values, ``10**(d+2)`` for a percentage with ``d`` decimals (``10**d`` for
        a proportion): every printable value is then reachable, scrutiny's GRIM
        ratio is not positive, and a match says nothing. The counts come as runs
        (:func:`count_range`), so any ``n`` takes the same few steps.
    """
    ranges = consistent_ranges(n, printed, rounding)
    nearest: dict[int, str] = {}
    if n >= printed.grid:
        verdict = "not testable"
    elif ranges:
        verdict = "consistent"
    else:
        verdict = "inconsistent"
        target = printed.value * n / printed.scale
        first = procedures_of(rounding)[0]
        for k in sorted({max(0, math.floor(target)), min(n, math.ceil(target))}):
            nearest[k] = printed.render(round_fraction(printed.exact(k, n), printed.decimals, first))
    return GrimResult(printed, n, rounding, verdict, ranges, nearest)


#: Words and signs that make a printed share a bound, with the relation the true share bears to it.
BOUND_WORDS = {"over": ">", "more than": ">", "greater than": ">", "above": ">", "at least": ">=", "≥": ">=",
               ">=": ">=", ">": ">", "under": "<", "less than": "<", "fewer than": "<", "below": "<",
               "at most": "<=", "≤": "<=", "<=": "<=", "<": "<"}
_BOUND = re.compile(r"^(" + "|".join(sorted(map(re.escape, BOUND_WORDS), key=len, reverse=True)) + r")\s*(.+)$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Bound:
    """A share printed as a bound: "Over 85.0%", "less than 5%", "≥ 90%", "more than half"."""

    relation: str  # ">", ">=", "<" or "<="
    share: PrintedShare
    text: str

    @classmethod
    def parse(cls, text: str) -> Bound | None:
        """The bound ``text`` states, or None when it is not a bound."""
        found = _BOUND.match(text.strip())
        if not found:
            return None
        value = found.group(2).strip()
        share = PrintedShare.parse("50%") if value.lower() == "half" else PrintedShare.parse(value)
        return cls(BOUND_WORDS[found.group(1).lower()], share, text.strip())

    def holds(self, count: int, n: int) -> bool:
        """Whether ``count/n`` lies on the stated side of the printed value (exactly, not rounded)."""
        exact, value = self.share.exact(count, n), self.share.value
        return {">": exact > value, ">=": exact >= value, "<": exact < value, "<=": exact <= value}[self.relation]

    def counts(self, n: int) -> tuple[int, int] | None:
        """The run of counts out of ``n`` that satisfy the bound (one run: the share grows with the count)."""
        counts = range(n + 1)
        if self.relation.startswith(">"):
            first = bisect.bisect_left(counts, True, key=lambda k: self.holds(k, n))
            return (first, n) if first <= n else None
        end = bisect.bisect_left(counts, True, key=lambda k: not self.holds(k, n))
        return (0, end - 1) if end > 0 else None


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

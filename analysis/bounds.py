"""What the marginals alone say about a cross-tabulation: Fréchet bounds.

The abstract reports marginal counts only, so the number of respondents with
both of two attributes is not identified. Fréchet (1951) bounds give every value
it could take: ``max(0, a + b - n) <= both <= min(a, b)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrechetBounds:
    """Bounds on the overlap of two binary attributes with counts ``a`` and ``b`` out of ``n``."""

    a: int
    b: int
    n: int
    lower: int
    upper: int

    @property
    def lower_share(self) -> float:
        return self.lower / self.n

    @property
    def upper_share(self) -> float:
        return self.upper / self.n


def frechet_bounds(a: int, b: int, n: int) -> FrechetBounds:
    """Sharp bounds on ``|A and B|`` given ``|A| = a``, ``|B| = b`` out of ``n``.

    Parameters
    ----------
    a, b : int
        Counts of respondents with each attribute, ``0 <= a, b <= n``.
    n : int
        Number of respondents, positive.

    Returns
    -------
    FrechetBounds
        ``lower = max(0, a + b - n)`` and ``upper = min(a, b)``, as counts; ``lower_share`` and
        ``upper_share`` are the same as shares of ``n`` (fractions of 1, not percentages).

    Raises
    ------
    ValueError
        If a count is negative or above ``n``, or ``n`` is not positive.

    References
    ----------
    Fréchet M. Sur les tableaux de corrélation dont les marges sont données. Ann Univ Lyon 1951;14:53-77.
    """
    if n <= 0 or not (0 <= a <= n and 0 <= b <= n):
        raise ValueError(f"need 0 <= a, b <= n and n > 0, got a={a}, b={b}, n={n}")
    return FrechetBounds(a, b, n, max(0, a + b - n), min(a, b))

"""Fréchet bounds on the overlap of two attributes, and what they refuse."""

import pytest

from analysis.bounds import frechet_bounds


@pytest.mark.parametrize(("a", "b", "n", "lower", "upper"),
                         [(1, 1, 1, 1, 1), (0, 0, 1, 0, 0), (3, 4, 5, 2, 3), (5, 0, 5, 0, 0), (0, 5, 5, 0, 0)])
def test_bounds_at_the_edges(a, b, n, lower, upper):
    bounds = frechet_bounds(a, b, n)
    assert (bounds.lower, bounds.upper) == (lower, upper)
    assert (bounds.lower_share, bounds.upper_share) == (lower / n, upper / n)


@pytest.mark.parametrize(("a", "b", "n"), [(0, 0, 0), (1, 1, -1), (6, 1, 5), (1, 6, 5), (-1, 1, 5), (1, -1, 5)])
def test_impossible_counts_are_refused(a, b, n):
    with pytest.raises(ValueError, match=rf"^need 0 <= a, b <= n and n > 0, got a={a}, b={b}, n={n}$"):
        frechet_bounds(a, b, n)

"""Interval estimates against values computed independently of statsmodels."""

import math

import pytest

from analysis.estimates import abstract_shares, goodman_intervals, strength_shares, weakness_shares, wilson_interval
from analysis.ledger import read_ledger
from analysis.load import load_responses


def wilson_by_hand(k, n, z=1.959963984540054):
    """Wilson (1927): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


@pytest.mark.parametrize(("k", "n"), [(327, 362), (10, 362), (0, 20), (20, 20), (1, 3)])
def test_wilson_matches_the_formula(k, n):
    assert wilson_interval(k, n) == pytest.approx(wilson_by_hand(k, n), abs=1e-12)


def test_wilson_is_not_wald():
    # Wald for 0/20 collapses to [0, 0]; Wilson does not.
    low, high = wilson_interval(0, 20)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(0.1611, abs=1e-4)


def test_goodman_matches_the_formula():
    # Goodman (1965): chi-square quantile with 1 df at 1 - alpha/k, then a Wilson-like form per category.
    from scipy.stats import chi2

    counts = [141, 131, 22, 10, 58]
    n, a = sum(counts), chi2.ppf(1 - 0.05 / len(counts), 1)
    for count, (low, high) in zip(counts, goodman_intervals(counts), strict=True):
        root = math.sqrt(a * (a + 4 * count * (n - count) / n))
        assert low == pytest.approx((a + 2 * count - root) / (2 * (n + a)), abs=1e-12)
        assert high == pytest.approx((a + 2 * count + root) / (2 * (n + a)), abs=1e-12)


def test_simultaneous_intervals_are_wider_than_single_ones():
    strengths = strength_shares(load_responses())
    for row in strengths.itertuples():
        low, high = wilson_interval(row.count, row.n)
        assert row.lower < low and row.upper > high


def test_tidy_frames_cover_the_abstract():
    data = load_responses()
    shares = abstract_shares(data, read_ledger())
    assert list(shares.columns) == ["label", "measure", "count", "n", "share", "lower", "upper", "method"]
    assert shares.set_index("measure").loc["mentor_experience=positive", "count"] == 327
    assert len(shares) == 8 and shares["method"].str.startswith("Wilson").all()
    assert strength_shares(data)["count"].sum() == len(data)
    assert list(weakness_shares(data)["count"]) == [107, 181, 55]

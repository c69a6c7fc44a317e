"""Interval estimates against values computed independently of statsmodels."""

import pytest

from analysis.estimates import abstract_shares, goodman_intervals, strength_shares, weakness_shares, wilson_interval
from analysis.ledger import read_ledger
from analysis.load import load_responses
from tests.helpers import DISTINCT_COUNTS, goodman_closed_form, respondents_csv, wilson_closed_form


@pytest.mark.parametrize(("k", "n"), [(327, 362), (10, 362), (0, 20), (20, 20), (1, 3)])
def test_wilson_matches_the_formula(k, n):
    assert wilson_interval(k, n) == pytest.approx(wilson_closed_form(k, n), abs=1e-12)


def test_wilson_is_not_wald():
    # Wald for 0/20 collapses to [0, 0]; Wilson does not.
    low, high = wilson_interval(0, 20)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(0.1611, abs=1e-4)


def test_goodman_matches_the_formula():
    counts = [141, 131, 22, 10, 58]
    for (low, high), (by_hand_low, by_hand_high) in zip(goodman_intervals(counts), goodman_closed_form(counts),
                                                         strict=True):
        assert low == pytest.approx(by_hand_low, abs=1e-12) and high == pytest.approx(by_hand_high, abs=1e-12)


@pytest.fixture(scope="module")
def distinct(tmp_path_factory):
    return load_responses(respondents_csv(tmp_path_factory.mktemp("data") / "distinct.csv", DISTINCT_COUNTS))


def test_every_interval_column_equals_the_closed_forms(distinct):
    n = DISTINCT_COUNTS["*"]
    single = [abstract_shares(distinct, read_ledger()), weakness_shares(distinct)]
    for frame in single:
        for row in frame.itertuples():
            assert (row.count, row.n, row.share) == (DISTINCT_COUNTS[row.measure], n, DISTINCT_COUNTS[row.measure] / n)
            assert (row.lower, row.upper) == pytest.approx(wilson_closed_form(row.count, n), abs=1e-12)
    strengths = strength_shares(distinct)
    expected_counts = [DISTINCT_COUNTS.get(m, 44) for m in strengths["measure"]]  # 44 unreported
    assert list(strengths["count"]) == expected_counts
    for row, bounds in zip(strengths.itertuples(), goodman_closed_form(expected_counts), strict=True):
        assert (row.lower, row.upper) == pytest.approx(bounds, abs=1e-12)


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


def test_the_confidence_level_is_an_argument():
    # At 90% (z = 1.645) both intervals are narrower than at 95%.
    from scipy.stats import chi2, norm

    low, high = wilson_interval(50, 200, alpha=0.10)
    assert (low, high) == pytest.approx(wilson_closed_form(50, 200, z=norm.ppf(0.95)), abs=1e-12)
    counts = [50, 100, 50]
    a = chi2.ppf(1 - 0.10 / 3, 1)
    (low, high), *_ = goodman_intervals(counts, alpha=0.10)
    root = (a * (a + 4 * 50 * 150 / 200)) ** 0.5
    assert (low, high) == pytest.approx(((a + 100 - root) / (2 * (200 + a)), (a + 100 + root) / (2 * (200 + a))))


def test_strength_shares_are_count_over_n(distinct):
    strengths = strength_shares(distinct)
    assert strengths["share"].tolist() == pytest.approx([c / 340 for c in (137, 119, 27, 13, 44)])
    assert strengths["method"].unique().tolist() == ["Goodman simultaneous (95%)"]
    assert strengths["label"].tolist()[-1] == "Unnamed or unreported"

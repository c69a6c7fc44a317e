"""Granularity arithmetic on hand-checked cases and on properties.

Expected verdicts here were worked out by hand (shown in comments) or come from
Python's decimal module, an implementation independent of analysis.consistency.
"""

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.consistency import (
    PrintedPercentage,
    counts_consistent,
    denominators_consistent,
    grim_percentage,
    nearest_count,
    rules_reproducing,
    verbal_count_range,
)

P = PrintedPercentage.parse


@pytest.mark.parametrize(
    ("count", "n", "printed", "rules"),
    [
        (1, 8, "13%", ("half_up",)),  # 12.5 exactly: a tie, half up goes to 13
        (1, 8, "12%", ("half_even", "truncate")),  # ...half even keeps the even 12
        (3, 8, "38%", ("half_up", "half_even")),  # 37.5: 37 is odd, so half even goes up too
        (3, 8, "37%", ("truncate",)),
        (1, 16, "6.3%", ("half_up",)),  # 6.25 at one decimal
        (1, 16, "6.2%", ("half_even", "truncate")),
        (327, 362, "90.3%", ("half_up", "half_even", "truncate")),  # 90.331...
        (141, 362, "40%", ()),  # 38.950...: no convention gives 40
        (107, 362, "29%", ("truncate",)),  # 29.558...: only truncation gives 29
        (10, 362, "3%", ("half_up", "half_even")),  # 2.762...: truncation gives 2
    ],
)
def test_rules_reproducing_hand_checked(count, n, printed, rules):
    assert rules_reproducing(count, n, P(printed)) == rules


def test_parse_keeps_printed_precision():
    assert P("40%").decimals == 0 and P("90.3%").decimals == 1 and P("15.10%").decimals == 2


def test_counts_and_denominators_for_an_inconsistent_pair():
    # 40% of 362 under half up: k/362 in [39.5, 40.5) -> k in 143..146;
    # under truncation: [40, 41) -> k in 145..148. Union 143..148.
    assert counts_consistent(362, P("40%")) == list(range(143, 149))
    # 141/N in [39.5, 40.5) -> N in 349..356 (half up); [40, 41) -> N in 344..352 (truncate).
    assert denominators_consistent(141, P("40%")) == list(range(344, 357))


def test_grim_finds_a_percentage_no_count_reaches():
    # Out of 7 the percentages are 0, 14.29, 28.57, 42.86, 57.14, ...: 50.0% is unreachable.
    result = grim_percentage(P("50.0%"), 7)
    assert result.verdict == "inconsistent" and result.counts == ()


def test_grim_for_the_abstract_group_hesitancy_share():
    # 54/362 = 14.917%, 55/362 = 15.193%: only truncation of 55 prints 15.1%.
    result = grim_percentage(P("15.1%"), 362)
    assert result.verdict == "consistent" and result.counts == (55,) and result.rules == ("truncate",)


@pytest.mark.parametrize(("printed", "n"), [("40%", 362), ("40%", 100), ("12.3%", 1000), ("12.34%", 10_000)])
def test_grim_untestable_when_n_is_large_for_the_precision(printed, n):
    assert grim_percentage(P(printed), n).verdict == "not testable"


def test_grim_testable_below_the_threshold():
    # Out of 30 the percentages step by 3.33: 3.33, 6.67, ... Printed "5%" needs an
    # exact value in [4.5, 6) (half up/even) or [5, 6) (truncation): none exists.
    assert grim_percentage(P("5%"), 30).verdict == "inconsistent"
    # "7%" needs [6.5, 8): 2/30 = 6.67 is there.
    assert grim_percentage(P("7%"), 30).counts == (2,)


def test_verbal_half_range_and_nearest_count():
    # 45% of 362 = 162.9 -> 163; 55% of 362 = 199.1 -> 199.
    assert verbal_count_range("Half", 362) == (163, 199)
    assert nearest_count(P("15.1%").value / 100, 362) == 55  # 54.662 -> 55


DECIMAL_RULES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}


@settings(max_examples=400, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=5000),
    fraction=st.fractions(min_value=0, max_value=1),
    decimals=st.integers(min_value=0, max_value=2),
    rule=st.sampled_from(sorted(DECIMAL_RULES)),
)
def test_any_count_is_consistent_with_its_own_rounded_percentage(n, fraction, decimals, rule):
    count = int(fraction * n)
    exact = Decimal(100 * count) / Decimal(n)
    # Decimal division is exact to 28 digits; ties k/n are exact, so quantize is trustworthy.
    printed = exact.quantize(Decimal(1).scaleb(-decimals), rounding=DECIMAL_RULES[rule])
    parsed = P(f"{printed}%")
    assert rule in rules_reproducing(count, n, parsed)
    assert count in counts_consistent(n, parsed)
    if count and parsed.value * 2 > Fraction(1, 10**decimals):  # else unbounded
        assert n in denominators_consistent(count, parsed)

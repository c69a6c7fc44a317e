"""Granularity arithmetic against scrutiny's documented behaviour, hand-checked cases and properties.

Cases marked "scrutiny" restate, as our own tests, what the R package scrutiny
documents or tests (https://github.com/lhdjung/scrutiny):
- R/round.R and R/round-ceil-floor.R: the examples of round_up, round_down,
  round_ceiling, round_floor, round_trunc and round_anti_trunc;
- R/grim.R: the examples of grim();
- tests/testthat/test-grim.R: the expected verdicts of vec1, vec4 and vec5;
- R/grim-map.R, R/grimmer.R: a case is GRIM-testable only while N < 10^digits.
Other expected values were worked out by hand (in the comments) or come from
Python's decimal module, an implementation independent of analysis.consistency.
"""

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.consistency import (
    PROCEDURES,
    ROUNDING,
    PrintedShare,
    counts_consistent,
    denominators_consistent,
    grim,
    nearest_count,
    percentage,
    procedures_of,
    procedures_reproducing,
    round_fraction,
    verbal_count_range,
)

P = PrintedShare.parse
ALL = tuple(PROCEDURES)


@pytest.mark.parametrize(
    ("value", "decimals", "procedure", "expected"),
    [
        ("9.273", 1, "up", "9.3"),  # scrutiny round.R: 7 cut off
        ("9.273", 1, "down", "9.3"),
        ("7.584", 2, "up", "7.58"),  # 4 cut off
        ("0.145", 2, "up", "0.15"),  # round.R: the tie goes up (scrutiny nudges floats; we are exact)
        ("0.145", 2, "down", "0.14"),
        ("4.52", 1, "ceiling", "4.6"),  # round-ceil-floor.R examples
        ("4.67", 1, "floor", "4.6"),
        ("8.439", 2, "trunc", "8.43"),
        ("8.421", 2, "anti_trunc", "8.43"),
        ("8.42", 2, "anti_trunc", "8.43"),  # "always" is strict: a value on the grid moves a step
        ("0", 0, "anti_trunc", "1"),  # "0 itself is rounded to 1"
        ("0.28", 2, "ceiling", "0.28"),  # on the grid: the ceiling stays
        ("0.25", 1, "even", "0.2"),  # an exact tie goes to the even digit
        ("0.35", 1, "even", "0.4"),
    ],
)
def test_rounding_procedures_as_scrutiny_documents_them(value, decimals, procedure, expected):
    assert round_fraction(Fraction(value), decimals, procedure) == Fraction(expected)


def test_ties_from_the_scrutiny_round_example_table():
    # round.R: 0.05, 0.15, ..., 0.95 rounded to one decimal: up gives 0.1..1.0, down 0.0..0.9.
    ties = [Fraction(2 * i + 1, 20) for i in range(10)]
    assert [round_fraction(x, 1, "up") for x in ties] == [Fraction(i + 1, 10) for i in range(10)]
    assert [round_fraction(x, 1, "down") for x in ties] == [Fraction(i, 10) for i in range(10)]


# A tie at the printed precision under every procedure: k/N exactly halfway between two printable values.
@pytest.mark.parametrize(
    ("count", "n", "printed", "procedures"),
    [
        (1, 8, "13%", ("up", "ceiling", "anti_trunc")),  # 12.5 exactly
        (1, 8, "12%", ("down", "even", "floor", "trunc")),  # half to even keeps the even 12
        (3, 8, "38%", ("up", "even", "ceiling", "anti_trunc")),  # 37.5: 37 is odd, so even goes up
        (3, 8, "37%", ("down", "floor", "trunc")),
        (1, 16, "6.3%", ("up", "ceiling", "anti_trunc")),  # 6.25 at one decimal
        (1, 16, "6.2%", ("down", "even", "floor", "trunc")),
        (1, 40, "3%", ("up", "ceiling", "anti_trunc")),  # 2.5
        (1, 40, "2%", ("down", "even", "floor", "trunc")),
        (1, 200, "1%", ("up", "ceiling", "anti_trunc")),  # 0.5
        (1, 200, "0%", ("down", "even", "floor", "trunc")),
        (0, 50, "0%", ("up", "down", "even", "ceiling", "floor", "trunc")),  # anti_trunc moves 0 to 1
        (327, 362, "90.3%", ("up", "down", "even", "floor", "trunc")),  # 90.331...
        (141, 362, "40%", ()),  # 38.950...: nothing gives 40
        (107, 362, "29%", ("floor", "trunc")),  # 29.558...
        (10, 362, "3%", ("up", "down", "even", "ceiling", "anti_trunc")),  # 2.762...
    ],
)
def test_procedures_reproducing_hand_checked(count, n, printed, procedures):
    assert procedures_reproducing(count, n, P(printed), ALL) == procedures


def test_compound_names_stand_for_either_procedure():
    assert procedures_of("up_or_down") == ("up", "down")
    assert procedures_of("ceiling_or_floor") == ("ceiling", "floor")
    assert procedures_reproducing(1, 8, P("12%"), "up_or_down") == ("down",)
    assert procedures_reproducing(1, 8, P("13%"), "ceiling_or_floor") == ("ceiling",)
    with pytest.raises(ValueError, match="unknown rounding"):
        procedures_of("half_up")


def test_parse_keeps_the_printed_precision_and_scale():
    assert P("40%").decimals == 0 and P("90.3%").decimals == 1 and P("15.10%").decimals == 2
    assert P("54.0").decimals == 1 and P("54").decimals == 0  # "54.0" is not "54"
    assert P("0.40", proportion=True).grid == 100 and P("40%").grid == 100 and P("40.0").grid == 1000
    assert P(".40", proportion=True).value == Fraction(2, 5)


@pytest.mark.parametrize(("text", "proportion"), [("abc", False), ("-1", False), ("101%", False), ("", False),
                                                  ("1e3", False), ("1.5", True), ("40%", True), ("4,5", False)])
def test_parse_refuses_what_is_not_a_share(text, proportion):
    with pytest.raises(ValueError):
        P(text, proportion=proportion)


@pytest.mark.parametrize(("value", "n", "consistent"), [("0.19", 28, False), ("0.19", 32, True)])
def test_scrutiny_grim_examples_as_proportions(value, n, consistent):
    # grim("5.19", 28) is FALSE and grim("5.19", 32) TRUE: k/n and 5 + k/n share their decimals.
    assert (grim(P(value, proportion=True), n).verdict == "consistent") is consistent


def test_scrutiny_grim_example_percentage():
    # grim("71", 43, percent = TRUE) is FALSE: 30/43 = 69.77%, 31/43 = 72.09%.
    result = grim(P("71"), 43)
    assert result.verdict == "inconsistent" and result.counts == {}
    assert result.nearest == {30: "70", 31: "72"}


def test_scrutiny_grim_vectors():
    # test-grim.R vec4 (519..530 percent, n = 28, i.e. 5.19..5.30) and vec1 (the same as means):
    # as shares their decimals are 0.19..0.30, so 19%..30% and "0.19".."0.30" give the same pattern.
    pattern = [False, False, True, False, False, False, True, False, False, False, True, False]
    assert [grim(P(f"{p}%"), 28).verdict == "consistent" for p in range(19, 31)] == pattern
    assert [grim(P(f"0.{p}", proportion=True), 28).verdict == "consistent" for p in range(19, 31)] == pattern
    # vec5: 6%..16% with n = 50 (steps of 2%): the even ones.
    assert [grim(P(f"{p}%"), 50).verdict == "consistent" for p in range(6, 17)] == [p % 2 == 0 for p in range(6, 17)]


@pytest.mark.parametrize(("printed", "n", "proportion"),
                         [("40%", 362, False), ("40", 100, False), ("12.3%", 1000, False), ("12.34%", 10_000, False),
                          ("0.4", 10, True), ("0.40", 100, True)])
def test_not_testable_once_n_reaches_the_number_of_printable_values(printed, n, proportion):
    assert grim(P(printed, proportion=proportion), n).verdict == "not testable"


@pytest.mark.parametrize(("printed", "n", "proportion"), [("40%", 99, False), ("0.4", 9, True)])
def test_testable_just_below_it(printed, n, proportion):
    assert grim(P(printed, proportion=proportion), n).verdict != "not testable"


def test_whole_number_percentages_with_n_of_100_and_more():
    # scrutipy 0.1.12 panics here; scrutiny reports the case as not GRIM-testable.
    result = grim(P("40"), 362)
    assert result.verdict == "not testable"
    assert list(result.counts) == [143, 144, 145, 146]  # [39.5, 40.5] of 362 = 142.99..146.61
    assert all(rules == ("up", "down") for rules in result.counts.values())


def test_counts_and_denominators_for_an_inconsistent_pair():
    # 40% of 362 under the audit's procedures: half up/down [39.5, 40.5] -> 143..146; truncation
    # [40, 41) -> 145..148. Union 143..148. 141/N: N in 349..356 (half up/down), 344..352 (truncation).
    assert counts_consistent(362, P("40%")) == list(range(143, 149))
    assert denominators_consistent(141, P("40%")) == list(range(344, 357))


def test_grim_for_the_abstract_group_hesitancy_share():
    # 54/362 = 14.917%, 55/362 = 15.193%: no count gives 15.1% half up or down; truncating 55 does.
    default = grim(P("15.1%"), 362)
    assert default.verdict == "inconsistent" and default.nearest == {54: "14.9%", 55: "15.2%"}
    truncated = grim(P("15.1%"), 362, "trunc")
    assert truncated.verdict == "consistent" and truncated.counts == {55: ("trunc",)}


def test_grim_finds_a_percentage_no_count_reaches():
    # Out of 7 the percentages are 0, 14.29, 28.57, 42.86, 57.14, ...: 50.0% is unreachable by any procedure.
    assert grim(P("50.0%"), 7, ALL).verdict == "inconsistent"
    # Out of 30 they step by 3.33: [4.5, 5.5] holds none of them, so no count gives 5% half up or down.
    assert grim(P("5%"), 30).verdict == "inconsistent"
    assert grim(P("7%"), 30).counts == {2: ("up", "down")}


def test_verbal_half_range_and_nearest_count():
    # 45% of 362 = 162.9 -> 163; 55% of 362 = 199.1 -> 199.
    assert verbal_count_range("Half", 362) == (163, 199)
    assert nearest_count(P("15.1%").value / 100, 362) == 55  # 54.662 -> 55


DECIMAL_ROUNDING = {"up": ROUND_HALF_UP, "down": ROUND_HALF_DOWN, "even": ROUND_HALF_EVEN, "trunc": ROUND_DOWN,
                    "ceiling": ROUND_CEILING, "floor": ROUND_FLOOR}


#: Denominators at which k/N lands exactly on a tie (x.5 at 0, 1 or 2 decimals) for many k: drawn half the time,
#: with any count out of N, so that the properties meet ties often (a rule broken at the tie fails them).
TIE_DENOMINATORS = st.sampled_from([8, 16, 40, 200, 400, 80])


@settings(max_examples=400, deadline=None)
@given(
    data=st.data(),
    n=TIE_DENOMINATORS | st.integers(min_value=1, max_value=5000),
    decimals=st.integers(min_value=0, max_value=2),
    procedure=st.sampled_from(sorted(DECIMAL_ROUNDING)),
)
def test_any_count_is_consistent_with_its_own_rounded_percentage(data, n, decimals, procedure):
    count = data.draw(st.integers(min_value=0, max_value=n), label="count")
    exact = Decimal(100 * count) / Decimal(n)
    # Decimal division is exact to 28 digits; ties k/n are exact, so quantize is trustworthy.
    printed = exact.quantize(Decimal(1).scaleb(-decimals), rounding=DECIMAL_ROUNDING[procedure])
    parsed = P(f"{printed}%")
    assert procedure in procedures_reproducing(count, n, parsed, ALL)
    assert count in counts_consistent(n, parsed, procedure)
    if count and parsed.value > parsed.step:  # else the denominators are unbounded
        assert n in denominators_consistent(count, parsed, procedure)


@settings(max_examples=150, deadline=None)
@given(
    n=TIE_DENOMINATORS | st.sampled_from([7, 28, 362, 999]) | st.integers(min_value=1, max_value=400),
    value=st.integers(min_value=0, max_value=10_000),
    decimals=st.integers(min_value=0, max_value=2),
    rounding=st.sampled_from(sorted(ROUNDING)),
)
def test_counts_consistent_equals_a_brute_force_search(n, value, decimals, rounding):
    printed = P(f"{value / 100:.{decimals}f}%")
    by_search = [k for k in range(n + 1) if procedures_reproducing(k, n, printed, rounding)]
    assert counts_consistent(n, printed, rounding) == by_search


@settings(max_examples=100, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=30),
    value=st.integers(min_value=2, max_value=100),
    rounding=st.sampled_from(sorted(ROUNDING)),
)
def test_denominators_consistent_equals_a_brute_force_search(count, value, rounding):
    printed = P(f"{value}%")
    # Past 100 * count, count/N is below 1%, which no procedure prints as 2% or more.
    by_search = [n for n in range(count, 100 * count + 1) if procedures_reproducing(count, n, printed, rounding)]
    assert denominators_consistent(count, printed, rounding) == by_search


def test_refusals_say_why():
    with pytest.raises(ValueError, match=r"^shares are non-negative$"):
        round_fraction(Fraction(-1), 0, "up")
    with pytest.raises(ValueError, match=r"^unknown rounding procedure 'half_up'; use one of: up, down, even, "):
        round_fraction(Fraction(1), 0, "half_up")
    with pytest.raises(ValueError, match=r"^unknown rounding 'x'; use one of: up_or_down, ceiling_or_floor, up, "):
        procedures_of("x")
    with pytest.raises(ValueError, match=r"^need 0 <= count <= n and n > 0, got count=1, n=0$"):
        percentage(1, 0)
    with pytest.raises(ValueError, match=r"^need 0 <= count <= n and n > 0, got count=0, n=0$"):
        percentage(0, 0)
    with pytest.raises(ValueError, match=r"count=5, n=4"):
        percentage(5, 4)
    with pytest.raises(ValueError, match=r"^N must be positive, got 0$"):
        counts_consistent(0, P("40%"))
    with pytest.raises(ValueError, match=r"^the denominators for 0 at 40% are unbounded$"):
        denominators_consistent(0, P("40%"))
    with pytest.raises(ValueError, match=r"^the denominators for 3 at 1% are unbounded$"):
        denominators_consistent(3, P("1%"))  # 1% is one step above 0: any large N rounds up to it
    with pytest.raises(ValueError, match=r"^'40%' has a % sign but was given as a proportion$"):
        P("40%", proportion=True)
    with pytest.raises(ValueError, match=r"^'1.2' is above 1$"):
        P("1.2", proportion=True)
    with pytest.raises(ValueError, match=r"^'100.5%' is above 100%$"):
        P("100.5%")


def test_the_nearest_counts_near_zero_and_the_result_fields():
    # 0.4% of 100 at one decimal: 0/100 = 0.0% and 1/100 = 1.0% are the neighbours.
    result = grim(P("0.4%"), 100)
    assert (result.verdict, result.nearest, result.printed, result.n) == \
        ("inconsistent", {0: "0.0%", 1: "1.0%"}, P("0.4%"), 100)
    assert result.rounding == "up_or_down" and result.procedures == ()
    # 100% of 30 at one decimal: 30/30 exactly, and 29/30 = 96.7%.
    assert grim(P("99.9%"), 30).nearest == {29: "96.7%", 30: "100.0%"}


def test_exact_values_and_rendering():
    assert percentage(1, 8) == Fraction(25, 2) and P("0.5", proportion=True).exact(1, 8) == Fraction(1, 8)
    assert P("12.5%").render(Fraction(25, 2)) == "12.5%" and P("0.13", proportion=True).render(Fraction(1, 8)) == \
        "0.12"  # float formatting of the already-rounded value; ties are rounded before this
    assert P("40%").step == 1 and P("40.25%").step == Fraction(1, 100)

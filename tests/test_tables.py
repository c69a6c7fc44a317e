"""Tables as text (analysis.tables), on hand-made rows whose values all differ."""

import pandas as pd
import pytest

from analysis.audit import AuditRow
from analysis.estimates import single_proportions, strength_shares
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.tables import column_widths, format_audit, format_disagreements, format_shares, to_markdown
from tests.helpers import DISTINCT_COUNTS, respondents_csv, wilson_closed_form


@pytest.fixture(scope="module")
def distinct(tmp_path_factory):
    return load_responses(respondents_csv(tmp_path_factory.mktemp("data") / "distinct.csv", DISTINCT_COUNTS))


def cell(k: int, n: int) -> str:
    low, high = wilson_closed_form(k, n)
    return f"{100 * k / n:.1f} ({100 * low:.1f}–{100 * high:.1f})"


def test_share_tables_put_each_count_with_its_own_interval(distinct):
    measures = ["mentor_experience=positive", "weakness_confidentiality=true", "weakness_group_hesitancy=true"]
    table = format_shares(single_proportions(distinct, measures), read_ledger())
    assert list(table.columns) == ["Quantity", "Printed in abstract", "n/N", "% (95% CI)"]
    assert table["Printed in abstract"].tolist() == ["327 (90.3%)", "Half", "15.1%"]
    assert table["n/N"].tolist() == ["301/340", "173/340", "61/340"]
    assert table["% (95% CI)"].tolist() == [cell(301, 340), cell(173, 340), cell(61, 340)]


def test_strength_table_without_ledger_has_no_printed_column(distinct):
    table = format_shares(strength_shares(distinct))
    assert list(table.columns) == ["Quantity", "n/N", "% (95% CI)"]
    assert table["n/N"].tolist() == ["137/340", "119/340", "27/340", "13/340", "44/340"]


def row(id_, status, basis="recomputable", recomputed="12", note="why"):
    return AuditRow(id_, f"quote {id_}", f"printed {id_}", recomputed, status, note, "count", basis)


def test_audit_table_keeps_each_row_and_words_its_verdict():
    rows = [row("a", "match", recomputed="11", note="first"), row("b", "mismatch", recomputed="22", note="second"),
            row("c", "not_recomputable", "design", None, "third"),
            row("d", "not_recomputable", "bibliographic", None, "fourth")]
    table = format_audit(rows)
    assert list(table.columns) == ["Abstract says", "Printed", "Recomputed", "Verdict", "Why"]
    assert table.values.tolist() == [
        ["quote a", "printed a", "11", "matches", "first"],
        ["quote b", "printed b", "22", "mismatch", "second"],
        ["quote c", "printed c", "–", "design fact", "third"],
        ["quote d", "printed d", "–", "citation detail", "fourth"],
    ]


def test_disagreement_table_cells():
    shares = pd.DataFrame([{
        "label": "Thing", "measure": "x=y", "printed": "141 (40%)", "printed_count": 141, "n": 362,
        "low": 143, "high": 148, "share_low": 0.395, "lower_low": 0.346, "upper_low": 0.446,
        "share_high": 0.409, "lower_high": 0.359, "upper_high": 0.460,
        "share_printed": 0.390, "lower_printed": 0.341, "upper_printed": 0.441,
    }, {
        "label": "Other", "measure": "x=z", "printed": "9 (50%)", "printed_count": 9, "n": 20,
        "low": None, "high": None, "share_low": None, "lower_low": None, "upper_low": None,
        "share_high": None, "lower_high": None, "upper_high": None,
        "share_printed": 0.45, "lower_printed": 0.258, "upper_printed": 0.658,
    }])
    table = format_disagreements(shares)
    assert table.values.tolist() == [
        ["Thing", "141 (40%)", "143–148 of 362", "143: 39.5 (34.6–44.6)", "148: 40.9 (35.9–46.0)",
         "141: 39.0 (34.1–44.1)"],
        ["Other", "9 (50%)", "none of 20", "none", "none", "9: 45.0 (25.8–65.8)"],
    ]


def test_column_widths_give_each_column_its_longest_word():
    table = pd.DataFrame({"A": ["short"], "Long column": ["a considerably longer piece of prose " * 4]})
    widths = column_widths(table, line_chars=80)
    assert sum(widths) in range(98, 103)
    assert widths[0] >= 100 * (len("short") + 2) / 80 and widths[1] > widths[0]


def test_to_markdown_is_a_pipe_table_with_relative_widths_and_escaped_pipes():
    table = pd.DataFrame({"A": ["x|y"], "B": ["z"]})
    lines = to_markdown(table).splitlines()
    assert lines[0] == "| A | B |" and lines[2] == "| x\\|y | z |"
    dashes = [len(part) - 1 for part in lines[1].strip("|").split("|")]
    assert dashes == column_widths(table)


@pytest.mark.parametrize(
    ("table", "line_chars", "widths"),
    [
        # "abc" is the longest word of column 1: (3 + 2) / 20 -> 25; "C" counts 1.5: (1.5 + 2) / 20 -> 17.5.
        # The spare 57.5 goes 8:2 by text length: 25 + 46 = 71, 17.5 + 11.5 = 29.
        ({"Ab": ["abc de"], "C": ["f"]}, 20, [71, 29]),
        # Capitals count 1.5: "WWWW" is 6 wide -> 40; "b" -> 15; spare 45 split 5:2 -> 72.1, 27.9.
        ({"WWWW": ["a"], "b": ["c"]}, 20, [72, 28]),
        # Words wider than the line: no spare, widths in proportion to the minimums 220:30.
        ({"a" * 20: ["x"], "b": ["y"]}, 10, [88, 12]),
        # No column narrower than 3.
        ({"a" * 200: ["x"], "b": ["y"]}, 10, [99, 3]),
        # Minimums 60 and 130 (no spare): 60/190 = 31.6% -> 32.
        ({"hhh0": ["w"], "h1": ["wwwwwwwww w wwwwwww wwwwwwwwwww wwww wwwwwww"]}, 10, [32, 68]),
        # Minimums 36.7, 20, 40; the spare 3.3 split 20:7:46 -> 37.6, 20.3, 42.1.
        ({"hhhhhh0": ["www wwwwwwwww"], "hh1": ["wwww"], "hhhhh2": ["wwww wwwwwww wwwwwwwww wwwwww wwwwwwwwww"]},
         30, [38, 20, 42]),
        # Minimums 17.5, 30, 35; the spare 17.5 split 13:44:24 -> 20.3, 39.5, 40.2.
        ({"hhhh0": ["wwwww ww"], "hhh1": ["wwwwwwwww wwww wwwwwwwwww wwwwwww w wwww"],
          "h2": ["www w wwwwwwwwwwww www"]}, 40, [20, 40, 40]),
    ],
)
def test_column_widths_by_hand(table, line_chars, widths):
    assert column_widths(pd.DataFrame(table), line_chars=line_chars) == widths


def test_a_measure_the_abstract_does_not_print(distinct):
    table = format_shares(strength_shares(distinct), read_ledger())
    assert table["Printed in abstract"].tolist() == ["141 (40%)", "131 (35%)", "22 (6%)", "10 (3%)", "not printed"]


def test_the_disagreement_table_headings_are_short():
    shares = pd.DataFrame(columns=["label", "measure", "printed", "printed_count", "n", "low", "high", "share_low",
                                   "lower_low", "upper_low", "share_high", "lower_high", "upper_high",
                                   "share_printed", "lower_printed", "upper_printed"])
    assert list(format_disagreements(shares).columns) == [
        "Quantity", "Printed", "Counts giving %", "Lowest count", "Highest count", "Printed count"]

"""The claims ledger covers every number printed in the abstract."""

from fractions import Fraction
from pathlib import Path

import pytest

from analysis.consistency import PrintedShare, nearest_count
from analysis.ledger import ABSTRACT_PATH, ledger_spans, read_abstract, read_ledger, scanned_text
from analysis.numbers import find_numbers

SHARED_ABSTRACT = Path(__file__).resolve().parents[2] / "shared" / "source" / "published-abstract.txt"


def test_abstract_is_stored_verbatim_with_its_licence():
    text = read_abstract()
    assert "Creative Commons Attribution License (http://creativecommons.org/licenses/by/3.0)" in text
    if SHARED_ABSTRACT.exists():  # present beside a working copy, absent in a plain clone
        assert ABSTRACT_PATH.read_bytes() == SHARED_ABSTRACT.read_bytes()


def test_every_number_in_the_abstract_is_in_the_ledger():
    abstract = read_abstract()
    spans = set(ledger_spans(read_ledger(), abstract).values())
    mentions = find_numbers(scanned_text(abstract))
    assert len(mentions) >= 24  # sanity: the scan sees the abstract's numbers at all
    missing = [m for m in mentions if (m.start, m.start + len(m.text)) not in spans]
    assert not missing, f"numbers in the abstract without a ledger row: {missing}"


def test_scan_finds_numerals_words_and_percentages():
    found = [m.text for m in find_numbers("Around 107(29%) of the five, half met every month; 15.1% once")]
    assert found == ["107", "29%", "five", "half", "every", "15.1%", "once"]


def test_scan_stops_before_the_bibliographic_lines():
    abstract = read_abstract()
    assert "12669" not in scanned_text(abstract) and "Conclusion:" in scanned_text(abstract)


def test_a_number_missing_from_the_ledger_is_caught():
    abstract = read_abstract()
    ledger = read_ledger()
    spans = set(ledger_spans(ledger[ledger["id"] != "strength_communication_percent"], abstract).values())
    missing = [m.text for m in find_numbers(scanned_text(abstract)) if (m.start, m.start + len(m.text)) not in spans]
    assert missing == ["35%"]


def test_ledger_rows_are_well_formed():
    ledger = read_ledger()
    assert ledger["id"].is_unique
    percentages = ledger[ledger["kind"] == "percentage"]
    assert percentages["printed"].str.endswith("%").all()
    assert set(percentages["count_id"]) - {""} <= set(ledger["id"])
    recomputable = ledger[ledger["basis"] == "recomputable"]
    assert (recomputable["measure"] != "").all()


def test_quote_that_is_not_in_the_abstract_is_rejected():
    ledger = read_ledger().head(1).assign(quote="not in the abstract")
    with pytest.raises(ValueError, match="exactly once"):
        ledger_spans(ledger, read_abstract())


def test_reconstruction_counts_are_the_nearest_counts_the_ledger_claims():
    # DESIGN: a verbal or rounded quantity becomes the nearest count out of N.
    ledger = read_ledger().set_index("id")
    n = int(ledger.loc["respondents_total", "printed"])
    hesitancy = PrintedShare.parse(ledger.loc["group_hesitancy_percent", "printed"])
    assert int(ledger.loc["group_hesitancy_percent", "reconstruction_count"]) == nearest_count(hesitancy.value / 100, n)
    assert int(ledger.loc["confidentiality_concern_verbal", "reconstruction_count"]) == nearest_count(Fraction(1, 2), n)
    # Counts printed as integers are used as printed (counts beat percentages).
    counts = ledger[(ledger["kind"] == "count") & (ledger["measure"].str.contains("="))]
    assert (counts["reconstruction_count"] == counts["printed"]).all()

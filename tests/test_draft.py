"""``draft-ledger``: a claims ledger drafted from an abstract's text."""

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.audit import audit
from analysis.draft import draft_ledger
from analysis.ledger import LEDGER_PATH, ledger_spans, read_abstract, read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT
from tests.helpers import cli


@pytest.fixture(scope="module")
def pairs():
    """Hand-made and drafted rows of this paper's abstract, matched by where their number is printed."""
    abstract, hand = read_abstract(), read_ledger()
    draft = draft_ledger(abstract)
    hand_spans, draft_spans = ledger_spans(hand, abstract), ledger_spans(draft, abstract)
    by_span = {span: row for row, span in zip(draft.itertuples(), draft_spans.values(), strict=True)}
    return SimpleNamespace(hand=hand, draft=draft,
                           matched={row.id: by_span.get(hand_spans[row.id]) for row in hand.itertuples()})


def test_the_draft_finds_every_number_of_the_hand_made_ledger_and_no_other(pairs):
    assert all(pairs.matched.values()), [key for key, row in pairs.matched.items() if row is None]
    assert len(pairs.draft) == len(pairs.hand)


def test_the_draft_gives_every_printed_value_kind_and_quote(pairs):
    hand, matched = pairs.hand, pairs.matched
    for row in hand.itertuples():
        drafted = matched[row.id]
        assert drafted.printed == row.printed, row.id
        assert drafted.kind == row.kind, row.id
        # The hand-made quote is the drafted clause, trimmed by a person.
        assert row.quote in drafted.quote, (row.id, drafted.quote)


def test_the_draft_pairs_each_percentage_with_its_count(pairs):
    hand, matched = pairs.hand, pairs.matched
    draft_ids = {matched[row.id].id: row.id for row in hand.itertuples()}
    for row in hand[hand["kind"] == "percentage"].itertuples():
        drafted = matched[row.id]
        assert draft_ids.get(drafted.count_id, "") == row.count_id, row.id


def test_the_unconfirmed_draft_audits_as_the_hand_made_ledger_does(pairs):
    hand, draft, matched = pairs.hand, pairs.draft, pairs.matched
    hand_status = {row.id: row.status for row in audit(hand)}
    draft_status = {row.id: row.status for row in audit(draft)}
    for row in hand[hand["kind"].isin(["percentage", "list_length"])].itertuples():
        assert draft_status[matched[row.id].id] == hand_status[row.id], row.id


def test_every_row_asks_the_reviewer_to_confirm_its_basis(pairs):
    draft = pairs.draft
    assert draft["note"].str.contains("confirm basis").all()
    with_n = draft[draft["denominator"] != ""]
    assert with_n["note"].str.contains("confirm basis, denominator").all()
    assert with_n["note"].str.contains("Denominator (?:printed|guessed)").all()


def test_another_abstract():
    text = ("Results: Of 120 nurses, 45 (37.5%) reported burnout and about 30(25%) left within two years. "
            "Three themes emerged: workload 12(10%), pay 8 (6.7%) and management 5(4.2%). "
            "Nearly half were satisfied; 88/120 (73.3%) would stay.\n"
            "doi: 10.1/xyz\nHow to cite this: A B. Title. BMJ Open. 2023;13(4):e01. Nurs Res J. 2024;7(1):10-19.\n")
    columns = list(draft_ledger(text).columns)
    draft = draft_ledger(text).set_index("printed")
    assert draft.loc["120", "kind"].tolist() == ["count", "count"]  # "Of 120" and the printed denominator
    assert draft.loc["37.5%", "count_id"] == draft.loc["45", "id"]
    assert draft.loc["25%", "count_id"] == draft.loc["30", "id"] and "About" in draft.loc["30", "note"]
    assert draft.loc["two", "kind"] == "design" and "duration" in draft.loc["two", "note"]
    assert draft.loc["Three", "kind"] == "list_length" and draft.loc["Three", "measure"] == "themes"
    assert draft.loc[["12", "8", "5"], "measure"].tolist() == ["themes=workload", "themes=pay", "themes=management"]
    assert draft.loc["half", "kind"] == "verbal" and "Nearly" in draft.loc["half", "note"]
    assert draft.loc["73.3%", "denominator"] == "120" and "printed “88/120”" in draft.loc["73.3%", "note"]
    assert draft.loc["2024", "kind"] == "bibliographic" and draft.loc["10-19", "quote"] == "Nurs Res J. 2024;7(1):10-19"
    assert columns == list(pd.read_csv(LEDGER_PATH, nrows=0).columns)


def test_an_abstract_without_numbers_gives_an_empty_ledger():
    assert draft_ledger("Objective: none.\n").empty


def test_the_command_writes_csv_and_refuses_a_missing_file(tmp_path):
    out = tmp_path / "draft.csv"
    result = cli("draft-ledger", str(ROOT / "data/published/abstract.txt"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert read_ledger(out)["printed"].tolist() == draft_ledger(read_abstract())["printed"].tolist()
    result = cli("draft-ledger", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    printed = cli("draft-ledger", str(ROOT / "data/published/abstract.txt"))
    assert printed.stdout == out.read_text(encoding="utf-8")


def drafted(text: str) -> pd.DataFrame:
    return draft_ledger(f"Title\n{text}\ndoi: x\n")


def audited(text: str) -> dict[str, dict]:
    """Draft, then audit the unconfirmed draft without data: the rows by printed value."""
    draft = drafted(text)
    return {row.published: {"status": row.status, "row": draft.set_index("id").loc[row.id], "note": row.note}
            for row in audit(draft)}


@pytest.mark.parametrize(("text", "total"), [
    ("Results: Among 245 subjects, 58.0% were female.", "245"),
    ("Results: Of the 250 nurses, 30% were male.", "250"),
    ("Methods: 2721 medical students from five schools responded. Results: 40% were female.", "2721"),
    ("Methods: a survey (N = 1,132). Results: 40% were female.", "1132"),
    ("Methods: a survey; n = 87. Results: 40% were female.", "87"),
])
def test_the_denominator_is_found_in_its_common_forms(text, total):  # table row 1
    percent = drafted(text).query("kind == 'percentage'").iloc[0]
    assert percent.denominator == total, percent.note


def test_a_printed_fraction_gives_its_denominator_not_its_numerator():  # row 2
    rows = audited("Results: Mortality was 24% (12/50 patients).")
    assert rows["24%"]["row"].denominator == "50" and rows["24%"]["status"] == "match"  # 12/50 = 24%


@pytest.mark.parametrize(("text", "percent", "status"), [
    ("Results: A total of 50 patients; 30% (n = 12) died.", "30%", "mismatch"),  # 12/50 is 24%: was "match"
    ("Results: A total of 50 patients; 24% (12/50) died.", "24%", "match"),
    ("Results: 12 of 50 (24%) died.", "24%", "match"),
    ("Results: 12 of 50 (30%) died.", "30%", "mismatch"),
])
def test_every_pairing_order_is_paired(text, percent, status):  # row 3
    rows = audited(text)
    assert rows[percent]["row"].count_id and rows[percent]["status"] == status, rows[percent]["note"]


def test_thousands_separators_keep_a_number_whole():  # row 4
    rows = audited("Results: A total of 1,250 patients; 300 (24.0%) died; 24 160 were screened.")
    assert {"1,250", "300", "24.0%", "24 160"} <= set(rows) and "1" not in rows and "250" not in rows
    assert rows["24.0%"]["row"].denominator == "1250" and rows["24.0%"]["status"] == "match"  # 300/1250 = 24.0%


def test_number_words_are_numbers():  # row 5
    rows = audited("Results: A total of 50 patients. Twenty-four percent of them were women; One-hundred-five "
                   "visits; Thirty-five percent smoked; Eighteen percent drank.")
    assert {"Twenty-four percent", "One-hundred-five", "Thirty-five percent", "Eighteen percent"} <= set(rows)
    assert rows["Twenty-four percent"]["row"].kind == "percentage" and rows["Twenty-four percent"]["status"] == "match"
    assert rows["Thirty-five percent"]["status"] == "mismatch"  # no count of 50 prints as 35% (17 is 34%, 18 36%)


@pytest.mark.parametrize(("text", "value"), [
    ("Results: A total of 50 patients; 24% were women (95% CI 12-36).", "95%"),
    ("Results: A total of 50 patients; 24% were women (95% CI 12-36).", "12-36"),
    ("Results: the difference was significant (p < .001).", ".001"),
    ("Results: r = −0.188 between the scores.", "−0.188"),
    ("Results: OR 2.3 for smokers.", "2.3"),
    ("Results: cases of COVID-19 rose; GAD-7 scores fell.", "19"),
    ("Methods: analysed in SPSS version 20.", "20"),
])
def test_statistics_names_and_levels_are_listed_as_not_audited(text, value):  # rows 6 and 11
    rows = audited(text)
    assert rows[value]["row"].kind == "context" and rows[value]["status"] == "not_recomputable"
    assert rows[value]["row"].note.startswith("Draft: not audited: ")


def test_whole_percentages_at_n_105_are_not_testable():  # row 7
    rows = audited("Results: A total of 105 patients; 14% were women.")
    assert rows["14%"]["status"] == "not_testable"


def test_a_space_before_the_percent_sign():  # row 8
    rows = audited("Results: A total of 50 patients; 12 (24 %) died.")
    assert rows["24 %"]["row"].kind == "percentage" and rows["24 %"]["status"] == "match"


@pytest.mark.parametrize(("text", "denominator"), [
    ("Results: A total of 200 students, 50 of whom were male; 29% of whom smoked.", ""),
    ("Results: A total of 200 students; 89.5% of the 124 who completed passed.", "124"),
])
def test_a_share_of_a_subgroup_is_flagged(text, denominator):  # row 12
    percent = drafted(text).query("kind == 'percentage'").iloc[-1]
    assert "The denominator is a subgroup: confirm it." in percent.note
    if denominator:
        assert percent.denominator == denominator


@pytest.mark.parametrize(("text", "announced", "status"), [
    ("Methods: The survey had four sections: a, b, c and d.", "four", "match"),  # was "names 0", mismatch
    ("Results: We found four barriers: cost, time, distance and stigma.", "four", "match"),
    ("Results: We found three barriers: cost, time, distance and stigma.", "three", "mismatch"),
])
def test_a_list_of_names_is_counted(text, announced, status):  # row 9
    rows = audited(text)
    assert rows[announced]["status"] == status, rows[announced]["note"]


@pytest.mark.parametrize(("text", "printed", "status"), [
    ("Results: A total of 20 patients; Over 85.0% recovered.", "Over 85.0%", "match"),  # 18, 19 or 20 of 20
    ("Results: A total of 20 patients; more than half smoked.", "more than half", "match"),
    ("Results: A total of 20 patients; <5% died.", "<5%", "match"),  # 0 of 20
    ("Results: A total of 3 patients; at least 90% recovered.", "at least 90%", "match"),  # 3 of 3
    ("Results: A total of 3 patients; less than 1% recovered.", "less than 1%", "match"),  # 0 of 3
])
def test_bounds_are_read_as_bounds(text, printed, status):  # row 10: was tested as a point value
    rows = audited(text)
    assert rows[printed]["status"] == status and rows[printed]["note"].startswith("A bound")


def test_a_bound_against_the_data():
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "positive_experience_percent", "printed"] = "Over 95%"
    ledger.loc[ledger["id"] == "positive_experience_percent", "quote"] = "Over 95%"
    row = next(r for r in audit(ledger, load_responses()) if r.id == "positive_experience_percent")
    assert row.status == "mismatch" and row.note.startswith("Data: 327/362 = 90.33%. A bound (> 95%)")

"""The audit of the published abstract: shape, verdicts, and the CLI."""

import json
import subprocess
import sys
from dataclasses import asdict

import pytest

from analysis.audit import audit, rules_text, span
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT
from tests.helpers import cli, respondents_csv


@pytest.fixture
def by_id():
    return {row.id: row for row in audit(read_ledger(), load_responses())}


def test_json_has_one_object_per_ledger_row_with_the_design_keys():
    # The real command, once: every other test runs it in this process.
    result = subprocess.run([sys.executable, "-m", "analysis", "audit", "--format", "json"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == list(read_ledger()["id"])
    for row in rows:
        assert {"id", "quote", "published", "recomputed", "status", "note"} <= row.keys()
        assert row["status"] in {"match", "mismatch", "not_recomputable"}


def test_table_lists_every_number(by_id):
    result = cli("audit", "--format", "table")
    assert result.returncode == 0
    for row_id in by_id:
        assert row_id in result.stdout


# Verdicts below were worked out by hand: 327/362 = 90.33%; 141/362 = 38.95%;
# 131/362 = 36.19%; 107/362 = 29.56%; 22/362 = 6.08%; 10/362 = 2.76%.
@pytest.mark.parametrize(
    ("row_id", "recomputed", "status"),
    [
        ("respondents_total", "362", "match"),
        ("positive_experience_percent", "90.3%", "match"),
        ("strength_personal_development_percent", "39%", "mismatch"),
        ("strength_communication_percent", "36%", "mismatch"),
        ("strength_time_management_percent", "6%", "match"),
        ("strength_professional_guidance_percent", "3%", "match"),
        ("no_weakness_percent", "30%", "mismatch"),
        ("group_hesitancy_percent", "15.2%", "mismatch"),
        ("strengths_announced", "4", "mismatch"),
        ("confidentiality_concern_verbal", "50.0%", "match"),
        ("session_length_hours", None, "not_recomputable"),
        ("citation_year", None, "not_recomputable"),
    ],
)
def test_verdicts_on_the_shipped_data(by_id, row_id, recomputed, status):
    assert (by_id[row_id].recomputed, by_id[row_id].status) == (recomputed, status)


def test_notes_say_which_rounding_rules_and_alternatives(by_id):
    assert by_id["no_weakness_percent"].rules == ["trunc"]
    assert "344-356" in by_id["strength_personal_development_percent"].note
    assert "143-148" in by_id["strength_personal_development_percent"].note


# Without data, each printed percentage against its printed count and N = 362 (or, alone, GRIM):
# 327/362 = 90.33%, 141/362 = 38.95%, 131/362 = 36.19%, 22/362 = 6.08%, 10/362 = 2.76%, 107/362 = 29.56%;
# 15.1% has no count: 54/362 = 14.92%, 55/362 = 15.19%, so only truncating 55 prints 15.1%.
# Counts: half up/down/even need [p - 0.5, p + 0.5] of 362, truncation [p, p + 1); e.g. 6%: 19.9-23.5 -> 20-23
# and 21.7-25.3 -> 22-25, together 20-25; 3%: 10-12 and 11-14; 90.3%: 326.7-327.1 and 326.9-327.3 -> 327.
@pytest.mark.parametrize(
    ("row_id", "status", "rules", "counts"),
    [
        ("positive_experience_percent", "match", ["up", "down", "even", "trunc"], [327]),
        ("strength_personal_development_percent", "mismatch", [], list(range(143, 149))),
        ("strength_communication_percent", "mismatch", [], list(range(125, 131))),
        ("strength_time_management_percent", "match", ["up", "down", "even", "trunc"], list(range(20, 26))),
        ("strength_professional_guidance_percent", "match", ["up", "down", "even"], list(range(10, 15))),
        ("no_weakness_percent", "mismatch", ["trunc"], list(range(104, 109))),
        ("group_hesitancy_percent", "mismatch", ["trunc"], [55]),
    ],
)
def test_each_printed_percentage_without_data(row_id, status, rules, counts):
    row = {row.id: row for row in audit(read_ledger())}[row_id]
    assert (row.status, row.rules, row.consistent_counts) == (status, rules, counts)


def test_internal_consistency_without_data():
    rows = {row.id: row for row in audit(read_ledger())}
    assert all(row.recomputed is None for row in rows.values())
    assert rows["positive_experience_percent"].status == "match"
    assert rows["strength_personal_development_percent"].status == "mismatch"
    assert rows["strengths_announced"].status == "mismatch"
    assert rows["positive_experience_count"].status == "not_recomputable"


def test_audit_reads_another_ledger_and_refuses_a_bad_one_in_one_line(tmp_path):
    ledger = read_ledger()
    other = tmp_path / "claims.csv"
    ledger[ledger["id"].str.startswith("positive_experience")].to_csv(other, index=False)
    result = cli("audit", "--ledger", str(other), "--no-data", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {row["id"]: row["status"] for row in json.loads(result.stdout)}["positive_experience_percent"] == "match"
    other.write_text("id,quote\nx,y\n", encoding="utf-8")
    for path in (other, tmp_path / "missing.csv"):
        result = cli("audit", "--ledger", str(path), "--no-data")
        assert result.returncode == 2 and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


# -- every field of a row, written out by hand ---------------------------------------------------------------

def row_of(claim: str, responses=None, ledger=None):
    rows = audit(read_ledger() if ledger is None else ledger, responses)
    return asdict({row.id: row for row in rows}[claim])


def test_a_percentage_printed_with_its_count_in_full():
    # 141/362 = 38.950%; 40% stands for [39.5, 41) under the procedures checked; out of 362 that is
    # 143-148 (half up/down/even 143-146, truncation 145-148); 141/N gives 40% for N = 344-356.
    expected = {
        "id": "strength_personal_development_percent", "quote": "personal development and support 141(40%)",
        "published": "40%", "recomputed": None, "status": "mismatch", "kind": "percentage", "basis": "recomputable",
        "note": "Printed 141/362 = 38.95%; consistent with 40% under: none. Counts out of 362 that print as 40%: "
                "143-148; denominators for which 141 prints as 40%: 344-356 (any procedure checked). "
                "Denominator not printed; taken as the 362 respondents.",
        "published_percent": 40.0, "recomputed_percent": None, "band_low": 39.5, "band_high": 41.0, "rules": [],
        "consistent_counts": list(range(143, 149)), "consistent_denominators": list(range(344, 357)),
    }
    assert row_of("strength_personal_development_percent") == expected
    with_data = row_of("strength_personal_development_percent", load_responses())
    assert with_data == expected | {
        "recomputed": "39%", "recomputed_percent": pytest.approx(100 * 141 / 362),
        "note": "Data: 141/362 = 38.95%. " + expected["note"],
    }


def test_a_percentage_that_agrees_with_its_count_says_under_which_procedures():
    row = row_of("positive_experience_percent")
    assert row["note"] == ("Printed 327/362 = 90.33%; consistent with 90.3% under: half up, half down, half to even, "
                           "truncation.")
    assert (row["status"], row["consistent_denominators"], row["band_low"], row["band_high"]) == \
        ("match", [], pytest.approx(90.25), pytest.approx(90.4))


def test_a_percentage_printed_alone_in_full():
    # 54/362 = 14.917% prints 14.9%, 55/362 = 15.193% prints 15.2%: GRIM-inconsistent half up or down;
    # truncating 55 gives 15.1%.
    row = row_of("group_hesitancy_percent", load_responses())
    assert row == {
        "id": "group_hesitancy_percent", "quote": "Around (15.1%) reported hesitancy", "published": "15.1%",
        "recomputed": "15.2%", "status": "mismatch", "kind": "percentage", "basis": "recomputable",
        "note": "Data: 55/362 = 15.19%. No count printed. GRIM with N = 362, rounding half up or down: inconsistent "
                "(nearest: 54 gives 14.9%, 55 gives 15.2%); under truncation, 55 prints as 15.1%. "
                "Qualified by \"Around\". 15.1% of 362 is 54.66; the reconstruction uses the nearest count, "
                "55 (15.19%).",
        "published_percent": 15.1, "recomputed_percent": pytest.approx(100 * 55 / 362),
        "band_low": pytest.approx(15.05), "band_high": pytest.approx(15.2), "rules": ["trunc"],
        "consistent_counts": [55], "consistent_denominators": [],
    }


def ledger_with(claim: str, **values):
    ledger = read_ledger()
    for column, value in values.items():
        ledger.loc[ledger["id"] == claim, column] = value
    return ledger


def test_a_percentage_printed_alone_that_some_count_gives():
    # 15.2%: 55/362 = 15.193% rounds to it half up or down (and 56/362 = 15.47% does not).
    row = row_of("group_hesitancy_percent", ledger=ledger_with("group_hesitancy_percent", printed="15.2%", note=""))
    assert row["status"] == "match" and row["consistent_counts"] == [55] and row["rules"] == ["up", "down", "even"]
    assert row["note"] == "No count printed. GRIM with N = 362, rounding half up or down: consistent; " \
                          "counts that print as 15.2%: 55."
    # 15% at N = 362 is not testable: 362 >= 10^(0+2).
    row = row_of("group_hesitancy_percent", ledger=ledger_with("group_hesitancy_percent", printed="15%", note=""))
    assert row["note"] == "No count printed. GRIM with N = 362, rounding half up or down: not testable."
    # its own status, never "match": nothing was checked (the consistent counts are still listed)
    assert row["status"] == "not_testable" and row["consistent_counts"] == list(range(53, 58))


def test_a_verbal_quantity_in_full():
    # 45% of 362 = 162.9 -> 163; 55% = 199.1 -> 199; 163/362 = 45.03%, 199/362 = 54.97%.
    expected = {
        "id": "confidentiality_concern_verbal", "quote": "Half of the respondents expressed concerns",
        "published": "Half", "recomputed": None, "status": "not_recomputable", "kind": "verbal",
        "basis": "recomputable",
        "note": "Judgement: 'Half' read as 45%-55% of 362, i.e. 163-199. \"Half\" of 362 is exactly 181; "
                "the reconstruction uses 181.",
        "published_percent": None, "recomputed_percent": None, "band_low": pytest.approx(100 * 163 / 362),
        "band_high": pytest.approx(100 * 199 / 362), "rules": [], "consistent_counts": list(range(163, 200)),
        "consistent_denominators": [],
    }
    assert row_of("confidentiality_concern_verbal") == expected
    assert row_of("confidentiality_concern_verbal", load_responses()) == expected | {
        "recomputed": "50.0%", "recomputed_percent": 50.0, "status": "match",
        "note": "Data: 181/362 = 50.0%. " + expected["note"]}


def test_a_verbal_quantity_outside_its_range_and_an_unknown_word(tmp_path):
    data = respondents_csv(tmp_path / "few.csv", {"weakness_confidentiality=true": 150})  # 41.4% < 45%
    row = row_of("confidentiality_concern_verbal", load_responses(data))
    assert (row["status"], row["recomputed"]) == ("mismatch", "41.4%")
    row = row_of("confidentiality_concern_verbal",
                 ledger=ledger_with("confidentiality_concern_verbal", printed="Most", note="A note."))
    assert row == {
        "id": "confidentiality_concern_verbal", "quote": "Half of the respondents expressed concerns",
        "published": "Most", "recomputed": None, "status": "not_recomputable", "kind": "verbal",
        "basis": "recomputable", "note": "No range is stated for the verbal quantity 'Most' (known: half). A note.",
        "published_percent": None, "recomputed_percent": None, "band_low": None, "band_high": None, "rules": [],
        "consistent_counts": [], "consistent_denominators": [],
    }


def test_counts_and_lists_in_full():
    note = ("Announced number of strengths; the sentence then names four (personal development and support, "
            "communication and interaction, time and relationships management, professional guidance).")
    announced = row_of("strengths_announced")
    assert (announced["status"], announced["recomputed"], announced["note"]) == \
        ("mismatch", None, "Announced 5; the abstract names 4 with counts. " + note)
    announced = row_of("strengths_announced", load_responses())
    assert (announced["status"], announced["recomputed"], announced["note"]) == \
        ("mismatch", "4", "Announced 5; the data hold 4 named categories. " + note)
    four = ledger_with("strengths_announced", printed="four")
    assert row_of("strengths_announced", ledger=four)["status"] == "match"
    assert row_of("strengths_announced", load_responses(), ledger=four)["status"] == "match"
    # Every number word the ledger finds has its value: a list announced as "twelve" is read as 12.
    twelve = row_of("strengths_announced", ledger=ledger_with("strengths_announced", printed="Twelve"))
    assert (twelve["status"], twelve["note"].split(";")[0]) == ("mismatch", "Announced 12")
    count = row_of("positive_experience_count", load_responses())
    assert (count["status"], count["recomputed"], count["note"], count["kind"], count["basis"]) == \
        ("match", "327", "Respondents with a positive experience with their mentor.", "count", "recomputable")
    assert row_of("positive_experience_count")["status"] == "not_recomputable"
    design = row_of("session_length_hours", load_responses())
    assert (design["status"], design["recomputed"], design["note"], design["kind"], design["basis"]) == \
        ("not_recomputable", None, "Session length in hours.", "design", "design")


def test_rules_text_and_span():
    assert rules_text([]) == "none" and rules_text([], none="no rule") == "no rule"
    assert rules_text(["up"]) == "half up"
    assert rules_text(["up", "down", "trunc"]) == "half up, half down, truncation"
    assert rules_text(["even", "trunc"], last=" or ") == "half to even or truncation"
    assert span([]) == "none" and span([7]) == "7" and span([3, 4, 5]) == "3-5" and span([3, 4], "–") == "3–4"


def test_the_names_counted_for_a_list_are_the_counts():
    # Without the percentage of professional guidance the abstract still names four strengths with a count.
    ledger = read_ledger()
    ledger = ledger[ledger["id"] != "strength_professional_guidance_percent"]
    assert row_of("strengths_announced", ledger=ledger)["note"].startswith(
        "Announced 5; the abstract names 4 with counts.")
    ledger = ledger[ledger["id"] != "strength_professional_guidance_count"]
    assert row_of("strengths_announced", ledger=ledger)["note"].startswith(
        "Announced 5; the abstract names 3 with counts.")


@pytest.mark.parametrize(("count", "status"), [(162, "mismatch"), (163, "match"), (199, "match"), (200, "mismatch")])
def test_half_covers_163_to_199_of_362_inclusive(tmp_path, count, status):
    data = respondents_csv(tmp_path / "half.csv", {"weakness_confidentiality=true": count})
    assert row_of("confidentiality_concern_verbal", load_responses(data))["status"] == status


def test_design_and_bibliographic_rows_keep_their_quote_and_value():
    row = row_of("citation_pages", load_responses())
    assert (row["quote"], row["published"], row["status"], row["recomputed"], row["note"]) == \
        ("Pak J Med Sci. 2025;41(2):488-493", "488-493", "not_recomputable", None, "Pages.")
    row = row_of("program_start_year")
    assert (row["quote"], row["published"], row["kind"], row["basis"]) == \
        ("from January 2022", "2022", "design", "design")


def draft_of(tmp_path, text: str) -> list[dict]:
    """Draft a ledger from a minimal abstract and audit it without data, as a reviewer would."""
    (tmp_path / "a.txt").write_text(f"Title\n{text}\ndoi: x\n", encoding="utf-8")
    assert cli("draft-ledger", str(tmp_path / "a.txt"), "--out", str(tmp_path / "a.csv")).returncode == 0
    result = cli("audit", "--ledger", str(tmp_path / "a.csv"), "--no-data", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_row_without_a_denominator_is_unchecked_and_the_rest_still_audited(tmp_path):
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "group_hesitancy_percent", "denominator"] = ""
    ledger.loc[ledger["id"] == "no_weakness_count", "printed"] = "one hundred and seven"  # read as 107
    ledger.loc[ledger["id"] == "strength_communication_count", "printed"] = "lots"
    rows = {row.id: row for row in audit(ledger)}
    unchecked = rows["group_hesitancy_percent"]
    assert unchecked.status == "unchecked"
    row = ledger.index[ledger["id"] == "group_hesitancy_percent"][0] + 2
    assert unchecked.note == f"Not checked: row {row} (id group_hesitancy_percent), column denominator: empty: " \
                             f"give the denominator N."
    assert rows["strength_communication_percent"].status == "unchecked"  # its count cannot be read
    assert "column printed: 'lots' is not a whole number" in rows["strength_communication_percent"].note
    assert rows["no_weakness_percent"].status == "mismatch" and "107/362" in rows["no_weakness_percent"].note
    assert rows["positive_experience_percent"].status == "match"  # the others are still audited


def test_the_audit_of_a_draft_never_aborts(tmp_path):
    # before: "cannot audit this ledger: invalid literal for int() with base 10: ''"
    rows = draft_of(tmp_path, "Results: Among 245 subjects, 58.0% were female.")
    assert rows and all(row["status"] in ("match", "mismatch", "not_recomputable", "not_testable", "unchecked")
                        for row in rows)


def test_not_testable_is_its_own_status(tmp_path):
    # 14% of 105 at whole percentages: N >= 100 printable values, so GRIM cannot test it (was "match")
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "group_hesitancy_percent", ["printed", "denominator"]] = ["14%", "105"]
    row = next(r for r in audit(ledger) if r.id == "group_hesitancy_percent")
    assert row.status == "not_testable"
    assert next(r for r in audit(ledger, load_responses()) if r.id == "group_hesitancy_percent").status in (
        "match", "mismatch")  # with data, the data decide


def test_the_summary_counts_checked_consistent_and_the_rest():
    from analysis.audit import audit_summary

    assert audit_summary(audit(read_ledger(), load_responses())).startswith(
        "17 of 27 numbers checked: 12 consistent, 5 not; 10 not recomputable")
    result = cli("audit")
    assert result.stdout.strip().splitlines()[-1].startswith("17 of 27 numbers checked: 12 consistent, 5 not")

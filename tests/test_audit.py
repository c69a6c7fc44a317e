"""The audit of the published abstract: shape, verdicts, and the CLI."""

import json
import subprocess
import sys

import pytest

from analysis.audit import audit
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT


@pytest.fixture(scope="module")
def by_id():
    return {row.id: row for row in audit(read_ledger(), load_responses())}


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, env=env)


def test_json_has_one_object_per_ledger_row_with_the_design_keys():
    result = run_cli("audit", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == list(read_ledger()["id"])
    for row in rows:
        assert {"id", "quote", "published", "recomputed", "status", "note"} <= row.keys()
        assert row["status"] in {"match", "mismatch", "not_recomputable"}


def test_table_lists_every_number(by_id):
    result = run_cli("audit", "--format", "table")
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
    assert by_id["no_weakness_percent"].rules == ["truncate"]
    assert "344-356" in by_id["strength_personal_development_percent"].note
    assert "143-148" in by_id["strength_personal_development_percent"].note


def test_internal_consistency_without_data():
    rows = {row.id: row for row in audit(read_ledger())}
    assert all(row.recomputed is None for row in rows.values())
    assert rows["positive_experience_percent"].status == "match"
    assert rows["strength_personal_development_percent"].status == "mismatch"
    assert rows["strengths_announced"].status == "mismatch"
    assert rows["positive_experience_count"].status == "not_recomputable"

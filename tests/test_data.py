"""The reconstruction, its schema and descriptor, loading, and identification bounds."""

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.bounds import frechet_bounds
from analysis.codebook import FIELDS
from analysis.ledger import read_ledger
from analysis.load import DataError, load_responses
from analysis.paths import DATA_DIR, SHIPPED_RESPONSES
from analysis.reconstruct import write_reconstruction
from analysis.schema import RESPONSES_SCHEMA
from tests.helpers import cli, excel_export

FIXTURES = Path(__file__).parent / "fixtures"


def test_reconstruction_is_byte_identical_to_the_committed_files(tmp_path):
    write_reconstruction(out_dir=tmp_path)
    for name in ("responses.csv", "datapackage.json"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_reconstruction_marginals_equal_the_ledger_counts():
    data = load_responses(DATA_DIR / "responses.csv")
    ledger = read_ledger().set_index("id")["reconstruction_count"]
    assert len(data) == int(ledger["respondents_total"])
    assert (data["mentor_experience"] == "positive").sum() == int(ledger["positive_experience_count"])
    assert (data["strength"] == "communication_interaction").sum() == int(ledger["strength_communication_count"])
    assert data["weakness_none"].sum() == int(ledger["no_weakness_count"])
    assert data["weakness_confidentiality"].sum() == int(ledger["confidentiality_concern_verbal"])
    assert data["weakness_group_hesitancy"].sum() == int(ledger["group_hesitancy_percent"])
    assert (data["strength"] == "unreported").sum() == 362 - (141 + 131 + 22 + 10)


def test_changing_a_ledger_count_changes_the_reconstruction(tmp_path):
    ledger_path = tmp_path / "claims.csv"
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "no_weakness_count", "reconstruction_count"] = "90"
    ledger.to_csv(ledger_path, index=False)
    data = load_responses(write_reconstruction(ledger_path, tmp_path))
    assert data["weakness_none"].sum() == 90


def test_datapackage_agrees_with_the_pandera_schema():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text())
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(RESPONSES_SCHEMA.columns)
    for field in fields:
        column = RESPONSES_SCHEMA.columns[field["name"]]
        allowed = next((c.statistics["allowed_values"] for c in column.checks if "allowed_values" in c.statistics),
                       None)
        if field["type"] == "boolean":
            assert sorted(allowed) == sorted(field["trueValues"] + field["falseValues"])
        elif "enum" in field.get("constraints", {}):
            assert list(allowed) == field["constraints"]["enum"]
        else:
            assert column.unique and field["constraints"]["unique"]
    assert "RECONSTRUCTION" in descriptor["description"]


def test_datapackage_validates_with_frictionless():
    from frictionless import Package

    report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_rejects_a_category_the_codebook_does_not_allow(tmp_path):
    from frictionless import Package

    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text())
    bad = tmp_path / "responses.csv"
    bad.write_text((FIXTURES / "bad" / "unknown_category.csv").read_text())
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert errors == [[3, "strength", "constraint-error", 'constraint "enum" is "[\'personal_development_support\', '
                       '\'communication_interaction\', \'time_relationship_management\', \'professional_guidance\', '
                       '\'unreported\']"']]


def test_frictionless_reads_every_boolean_spelling_the_loader_accepts(tmp_path):
    from frictionless import Package

    data = pd.read_csv(DATA_DIR / "responses.csv", dtype=str)
    spellings = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
    for column in ("weakness_none", "weakness_confidentiality", "weakness_group_hesitancy"):
        data[column] = [spellings[v == "false"][i % 4] for i, v in enumerate(data[column])]
    data.to_csv(tmp_path / "responses.csv", index=False)
    (tmp_path / "datapackage.json").write_text((DATA_DIR / "datapackage.json").read_text())
    assert Package(str(tmp_path / "datapackage.json")).validate().valid
    loaded, shipped = load_responses(tmp_path / "responses.csv"), load_responses(DATA_DIR / "responses.csv")
    assert loaded.equals(shipped)


def test_loading_types_the_columns():
    data = load_responses(FIXTURES / "valid_small.csv")
    assert list(data.columns) == [f.name for f in FIELDS]
    assert data["weakness_none"].dtype == bool and isinstance(data["strength"].dtype, pd.CategoricalDtype)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("missing_column.csv", r"missing_column.csv, column 'weakness_group_hesitancy': required column missing"),
        ("extra_column.csv", r"extra_column.csv, column 'age': unexpected column"),
        ("unknown_category.csv", r"row 2 \(line 3\), column 'strength': unknown value 'friendship'"),
        ("duplicate_id.csv", r"row 2 \(line 3\), column 'respondent_id': duplicate respondent id 'R002'"),
        ("empty.csv", r"empty.csv: the file is empty"),
        ("header_only.csv", r"header_only.csv: the file has a header but no respondent rows"),
        ("non_utf8.csv", r"row 3 \(line 4\), column 'mentor_experience': bytes that are not UTF-8"),
        ("no_weakness_with_weakness.csv",
         r"row 2 \(line 3\), column 'weakness_none': true together with a named weakness"),
        ("bad_boolean.csv", r"row 1 \(line 2\), column 'weakness_none': unknown value 'maybe'; "
                            r"allowed: true, True, TRUE, 1, false, False, FALSE, 0"),
        ("empty_value.csv", r"row 1 \(line 2\), column 'strength': empty value"),
        ("ragged_row.csv", r"row 1 \(line 2\): 7 fields, but the header has 6"),
    ],
)
def test_bad_input_gets_one_clear_message(fixture, message):
    with pytest.raises(DataError, match=message) as raised:
        load_responses(FIXTURES / "bad" / fixture)
    assert str(raised.value).startswith(str(FIXTURES / "bad" / fixture))  # the message names the file
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_an_excel_export_loads_with_a_notice_naming_the_separator(tmp_path, separator, word):
    notices = []
    loaded = load_responses(excel_export(tmp_path, separator), notice=notices.append)
    assert loaded.equals(load_responses(DATA_DIR / "responses.csv"))
    assert notices == [f"{tmp_path / 'export.csv'}: fields separated by {word}, not commas; read as such"]


def test_a_bom_and_crlf_alone_need_no_notice(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA_DIR / "responses.csv").read_bytes().replace(b"\n", b"\r\n"))
    notices = []
    assert load_responses(path, notice=notices.append).equals(load_responses(DATA_DIR / "responses.csv"))
    assert notices == []


def test_the_cli_validates_an_excel_export_and_prints_the_notice(tmp_path):
    result = cli("validate", str(excel_export(tmp_path)))
    assert result.returncode == 0 and "valid, 362 respondents" in result.stdout
    notice = f"notice: {tmp_path / 'export.csv'}: fields separated by semicolons, not commas; read as such"
    assert result.stderr.strip() == notice


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "bad").glob("*.csv")))
def test_cli_exits_nonzero_without_traceback(fixture):
    result = cli("audit", "--format", "json", env={"PAPER_DATA": str(FIXTURES / "bad" / fixture)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and fixture in result.stderr and result.stdout == ""


def test_audit_recomputes_from_paper_data(tmp_path):
    data = pd.read_csv(DATA_DIR / "responses.csv", dtype=str)
    data.loc[data.index[:40], "mentor_experience"] = "not_positive"  # fewer positives than printed
    other = tmp_path / "other.csv"
    data.to_csv(other, index=False)
    expected = (data["mentor_experience"] == "positive").sum()
    result = cli("audit", "--format", "json", env={"PAPER_DATA": str(other)})
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["positive_experience_count"]["recomputed"] == str(expected)
    assert rows["positive_experience_count"]["status"] == ("match" if expected == 327 else "mismatch")
    assert rows["positive_experience_percent"]["recomputed"] == f"{100 * expected / 362:.1f}%"


@pytest.mark.parametrize(
    ("a", "b", "n", "lower", "upper"),
    [(107, 181, 362, 0, 107), (327, 181, 362, 146, 181), (362, 10, 362, 10, 10), (0, 5, 10, 0, 0)],
)
def test_frechet_bounds(a, b, n, lower, upper):
    bounds = frechet_bounds(a, b, n)
    assert (bounds.lower, bounds.upper) == (lower, upper)


def test_frechet_bounds_contain_every_joint_the_reconstruction_could_pick():
    data = load_responses(DATA_DIR / "responses.csv")
    positive = data["mentor_experience"] == "positive"
    bounds = frechet_bounds(int(positive.sum()), int(data["weakness_confidentiality"].sum()), len(data))
    both = int((positive & data["weakness_confidentiality"]).sum())
    assert bounds.lower <= both <= bounds.upper


def test_bytes_that_are_not_utf8_are_placed_whatever_the_header_holds(tmp_path):
    shipped = SHIPPED_RESPONSES.read_bytes()
    header, body = shipped.split(b"\n", 1)
    # Found by the fuzzer: a header with a bad byte and a bare carriage return.
    broken = tmp_path / "header.csv"
    broken.write_bytes(b"\xf3" + header[1:].replace(b"_e", b"\r", 1) + b"\n" + body)
    with pytest.raises(DataError, match=r"header.csv, line 1 \(the header\): bytes that are not UTF-8"):
        load_responses(broken)
    # Semicolons: the column is counted with the file's own separator.
    rows = shipped.replace(b",", b";").split(b"\n")
    rows[2] = rows[2].replace(b";positive;", b";posit\xefve;")
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_bytes(b"\n".join(rows))
    with pytest.raises(DataError, match=r"row 2 \(line 3\), column 'mentor_experience': bytes that are not UTF-8"):
        load_responses(semicolons)

"""Fuzzing the loader: the shipped CSV corrupted at random is either accepted (only if it meets the
schema) or refused with exit status 2 and one line that names the file, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.__main__ import main as analysis_main
from analysis.codebook import NAMED_WEAKNESSES, TRUE_TEXT
from analysis.paths import DATA_DIR, ROOT
from tests.helpers import render

SHIPPED = (DATA_DIR / "responses.csv").read_bytes()
LINES = SHIPPED.decode().splitlines()


def _columns(transform) -> bytes:
    rows = [line.split(",") for line in LINES]
    return ("\n".join(",".join(transform(row)) for row in rows) + "\n").encode()


@st.composite
def corrupted(draw) -> bytes:
    """The shipped file with one or two corruptions of the kinds real files suffer."""
    data = SHIPPED
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["flip", "truncate", "delete_column", "duplicate_column", "shuffle_columns",
                                     "invalid_utf8", "nul", "long_field", "extra_rows", "swap_value"]))
        size = len(data)
        if kind == "flip" and size:
            for position in draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=5)):
                data = data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1:]
        elif kind == "truncate":
            data = data[:draw(st.integers(0, size))]
        elif kind in ("delete_column", "duplicate_column", "shuffle_columns"):
            column = draw(st.integers(0, 5))
            if kind == "delete_column":
                data = _columns(lambda row, c=column: row[:c] + row[c + 1:])
            elif kind == "duplicate_column":
                data = _columns(lambda row, c=column: row[:c + 1] + row[c:])
            else:
                order = draw(st.permutations(range(6)))
                data = _columns(lambda row, o=order: [row[i] for i in o] if len(row) == 6 else row)
        elif kind in ("invalid_utf8", "nul"):
            position = draw(st.integers(0, size))
            data = data[:position] + (b"\xff\xfe\xc3" if kind == "invalid_utf8" else b"\x00") + data[position:]
        elif kind == "long_field":
            line = draw(st.integers(1, len(LINES) - 1))
            cells = LINES[line].split(",")
            cells[draw(st.integers(0, 5))] = "x" * draw(st.sampled_from([300, 140_000]))
            data = "\n".join([*LINES[:line], ",".join(cells), *LINES[line + 1:]]).encode() + b"\n"
        elif kind == "extra_rows":
            extra = draw(st.lists(st.lists(st.sampled_from(["R999", "positive", "unreported", "true", "false",
                                                            "TRUE", "0", "friendship", ""]), min_size=6, max_size=7),
                                  min_size=1, max_size=3))
            data = data + "".join(",".join(row) + "\n" for row in extra).encode()
        elif kind == "swap_value":
            line = draw(st.integers(1, len(LINES) - 1))
            cells = LINES[line].split(",")
            cells[draw(st.integers(1, 5))] = draw(st.sampled_from(["true", "false", "positive", "unreported", "TRUE"]))
            data = "\n".join([*LINES[:line], ",".join(cells), *LINES[line + 1:]]).encode() + b"\n"
    return data


def run(argv: list[str], paper_data: Path | None = None) -> tuple[int, str, str]:
    """``python -m analysis ARGV`` in this process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("PAPER_DATA")
    if paper_data:
        os.environ["PAPER_DATA"] = str(paper_data)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = analysis_main(argv)
    finally:
        os.environ.pop("PAPER_DATA", None)
        if saved is not None:
            os.environ["PAPER_DATA"] = saved
    return status, out.getvalue(), err.getvalue()


def meets_the_schema(path: Path) -> bool:
    """An oracle apart from the loader: Frictionless against the descriptor, plus the rule it cannot state."""
    from frictionless import Package

    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copyfile(path, folder / "responses.csv")
        (folder / "datapackage.json").write_text((DATA_DIR / "datapackage.json").read_text())
        package = Package(str(folder / "datapackage.json"))
        if not package.validate().valid:
            return False
        rows = package.get_resource("responses").read_rows()
        return all(not (str(row["weakness_none"]) in TRUE_TEXT or row["weakness_none"] is True)
                   or not any(row[name] is True for name in NAMED_WEAKNESSES) for row in rows)
    finally:
        shutil.rmtree(folder)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=corrupted())
def test_a_corrupted_file_is_accepted_only_if_valid_else_refused_in_one_line(data):
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "fuzzed.csv"
        path.write_bytes(data)
        status, stdout, stderr = run(["validate", str(path)])
        assert status in (0, 2), stderr
        if status == 0:
            assert "valid" in stdout and meets_the_schema(path), "accepted a file that breaks the schema"
        else:
            lines = stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), stderr
        audit_status, audit_out, audit_err = run(["audit", "--format", "json"], paper_data=path)
        assert audit_status == status
        if status == 0:
            assert len(json.loads(audit_out)) == 27
        else:
            assert audit_out == "" and audit_err.strip().splitlines() == stderr.strip().splitlines()
    finally:
        shutil.rmtree(folder)


def test_the_oracle_tells_good_from_bad():
    assert meets_the_schema(DATA_DIR / "responses.csv")
    assert not meets_the_schema(ROOT / "tests" / "fixtures" / "bad" / "unknown_category.csv")
    assert not meets_the_schema(ROOT / "tests" / "fixtures" / "bad" / "no_weakness_with_weakness.csv")


@pytest.mark.render
def test_make_paper_on_corrupted_data_leaves_the_old_outputs_byte_identical(tmp_path):
    out, figures = tmp_path / "_manuscript", tmp_path / "figures"
    assert render(ROOT / "paper.qmd", out, "--figures", str(figures)).returncode == 0
    before = {p: p.read_bytes() for p in sorted([*out.rglob("*"), *figures.rglob("*")]) if p.is_file()}
    rng = random.Random(20250202)
    for name, data in (("truncated", SHIPPED[:rng.randrange(len(SHIPPED))]),
                       ("nul", SHIPPED[:500] + b"\x00" + SHIPPED[500:]),
                       ("duplicated-column", _columns(lambda row: row[:3] + row[2:]))):
        bad = tmp_path / f"{name}.csv"
        bad.write_bytes(data)
        result = render(ROOT / "paper.qmd", out, "--figures", str(figures), env={"PAPER_DATA": str(bad)})
        assert result.returncode != 0 and str(bad) in result.stderr and "Traceback" not in result.stderr, name
        after = {p: p.read_bytes() for p in sorted([*out.rglob("*"), *figures.rglob("*")]) if p.is_file()}
        assert after == before, name

"""``python -m analysis grim``: the GRIM test from the command line, in words and as JSON."""

import json
import subprocess
import sys

import pytest

from analysis.paths import ROOT
from tests.helpers import cli


def grim(*args):
    return cli("grim", *args)


def test_the_module_runs_as_a_command():
    result = subprocess.run([sys.executable, "-m", "analysis", "grim", "15.1", "--n", "362", "--format", "json"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["verdict"] == "inconsistent"


def test_an_inconsistent_percentage_gives_the_nearest_counts_and_other_rounding():
    result = grim("15.1", "--n", "362")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "GRIM: 15.1% with N = 362, rounding up_or_down (1 decimal, 1000 printable values)"
    assert lines[1] == "verdict: inconsistent"
    assert "54/362 = 14.9171% prints as 14.9%" in result.stdout and "55/362 = 15.1934% prints as 15.2%" in lines[3]
    assert "trunc gives 55" in result.stdout


def test_json_lists_counts_with_their_procedures():
    report = json.loads(grim("13%", "--n", "8", "--rounding", "up", "--format", "json").stdout)
    assert report["verdict"] == "consistent" and report["decimals"] == 0 and report["scale"] == "percent"
    assert report["counts"] == [{"count": 1, "exact": "12.500", "procedures": ["up"]}]
    down = json.loads(grim("13%", "--n", "8", "--rounding", "down", "--format", "json").stdout)
    assert down["verdict"] == "inconsistent" and [c["count"] for c in down["nearest"]] == [1, 2]
    assert down["other_rounding"]["up"] == [1]


def test_decimals_come_from_the_string():
    # 16/30 = 53.33%: "53" is consistent, "53.0" is not.
    assert "verdict: consistent" in grim("53", "--n", "30").stdout
    assert "verdict: inconsistent" in grim("53.0", "--n", "30").stdout


def test_not_testable_once_n_reaches_the_grid_and_proportions():
    assert "verdict: not testable" in grim("40", "--n", "100").stdout
    assert "verdict: inconsistent" in grim("40.5", "--n", "99").stdout  # 40/99 = 40.404, 41/99 = 41.414
    result = grim("0.19", "--n", "32", "--proportion")
    assert "verdict: consistent" in result.stdout and "6/32 = 0.18750 prints as 0.19" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("abc", "--n", "10"), "not a non-negative number"),
        (("40", "--n", "0"), "positive whole number"),
        (("40", "--n", "-3"), "positive whole number"),
        (("40", "--n", "ten"), "positive whole number"),
        (("101", "--n", "10"), "above 100%"),
        (("1.2", "--n", "10", "--proportion"), "above 1"),
        (("40", "--n", "10", "--rounding", "half_up"), "unknown rounding"),
        (("40",), "required: --n"),
    ],
)
def test_bad_input_is_one_line_and_status_2(args, message):
    result = grim(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_a_large_n_answers_with_runs_of_counts_at_once():
    # N = 10^9: 9 minutes and 1.8 GB before; the runs come by bisection (a benchmark is in the README's guide)
    result = grim("5", "--n", "1000000000")
    assert result.returncode == 0
    assert "counts 45000000-54999999 of 1000000000 print as 5% (half up; 10000000 counts; --all lists them)" in \
        result.stdout
    assert len(result.stdout.splitlines()) == 5  # not a line per count
    report = json.loads(grim("5", "--n", "1000000000000", "--format", "json").stdout)
    assert report["verdict"] == "not testable" and "counts" not in report and report["count_total"] == 10**10 + 1
    assert {"from": 45 * 10**9, "to": 55 * 10**9 - 1, "procedure": "up"} in report["ranges"]


def test_all_lists_every_count():
    lines = grim("5", "--n", "100000", "--all").stdout.splitlines()
    assert len([line for line in lines if " prints as 5% (" in line]) == 1001  # 4500..5500, both procedures merged
    assert "  4500/100000 = 4.500% prints as 5% (half up)" in lines


def test_a_negative_value_is_refused_as_negative():
    result = grim("-5%", "--n", "20")
    assert result.returncode == 2 and result.stderr.strip() == "error: '-5%' is negative: a share is never below zero"


def test_a_closed_pipe_ends_quietly():
    shell = f"{sys.executable} -m analysis grim 5 --n 1000000 --all | head -3"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr and result.stderr == ""
    assert len(result.stdout.splitlines()) == 3

"""Measures: what a ledger row counts."""

import pandas as pd
import pytest

from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.measures import MeasureError, check_ledger_measures, count_measure, count_within, label_of


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "respondent_id": ["R1", "R2", "R3", "R4"],
        "mentor_experience": ["positive", "positive", "not_positive", "positive"],
        "strength": ["professional_guidance", "unreported", "unreported", "communication_interaction"],
        "weakness_none": [True, False, False, True],
        "weakness_confidentiality": [False, True, False, False],
        "weakness_group_hesitancy": [False, True, True, False],
    })


def test_count_each_kind_of_measure(tiny):
    assert count_measure(tiny, "*") == 4
    assert count_measure(tiny, "mentor_experience=positive") == 3
    assert count_measure(tiny, "strength=unreported") == 2
    assert count_measure(tiny, "weakness_none=true") == 2 and count_measure(tiny, "weakness_none=false") == 2
    assert count_measure(tiny, "weakness_group_hesitancy=true") == 2
    # A bare column: the named categories that occur (two), not "unreported".
    assert count_measure(tiny, "strength") == 2
    assert count_measure(load_responses(), "strength") == 4


def test_labels():
    assert label_of("*") == "Respondents"
    assert label_of("strength=professional_guidance") == "Professional guidance"
    assert label_of("weakness_none=true") == "No weakness perceived"
    with pytest.raises(MeasureError):
        label_of("age=30")


@pytest.mark.parametrize(("measure", "message"), [
    # a typo in a value: it counted 0 before
    ("mentor_experience=posittive", r"unknown value of `mentor_experience` `posittive` in measure "
                                    r"`mentor_experience=posittive`: did you mean `positive`\? allowed: positive, "
                                    r"not_positive$"),
    # a boolean is true or false only: "True" and "yes" counted the complement (255) before
    ("weakness_none=True", r"unknown value of `weakness_none` `True`.*did you mean `true`\? allowed: true, false$"),
    ("weakness_none=yes", r"unknown value of `weakness_none` `yes`.*allowed: true, false$"),
    ("mentor_experiance=positive", r"unknown column `mentor_experiance`.*did you mean `mentor_experience`\?"),
    ("respondent_id=R001", r"unknown column `respondent_id`"),
    ("", r"empty measure"),
])
def test_an_unknown_name_stops_with_the_allowed_ones(tiny, measure, message):
    with pytest.raises(MeasureError, match=message):
        count_measure(tiny, measure)


def test_a_share_within_a_subgroup_counts_among_its_members(tiny):
    # R1, R2 and R4 are positive; of them R2 is concerned about confidentiality
    assert count_within(tiny, "weakness_confidentiality=true", "mentor_experience=positive") == (1, 3)
    assert count_within(tiny, "weakness_group_hesitancy=true", "*") == (2, 4)
    with pytest.raises(MeasureError, match="names a column"):
        count_within(tiny, "weakness_none=true", "strength")


def test_the_ledger_measures_are_checked_with_row_and_column():
    ledger = read_ledger()
    check_ledger_measures(ledger)
    ledger.loc[ledger["id"] == "no_weakness_count", "measure"] = "weakness_none=yes"
    row = ledger.index[ledger["id"] == "no_weakness_count"][0] + 2
    with pytest.raises(MeasureError, match=rf"^the claims ledger: row {row} \(id no_weakness_count\), column measure: "
                                           r"unknown value of `weakness_none` `yes`"):
        check_ledger_measures(ledger)

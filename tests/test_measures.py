"""Measures: what a ledger row counts."""

import pandas as pd
import pytest

from analysis.load import load_responses
from analysis.measures import count_measure, label_of


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
    with pytest.raises(KeyError):
        label_of("age=30")

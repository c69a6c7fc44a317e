"""The pandera schema of the respondent CSV, built from the codebook.

The CSV is validated as text first (so an unknown category is reported as
written), then converted to typed columns.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.codebook import FIELDS, NAMED_WEAKNESSES, TRUE_TEXT


def _column(field) -> pa.Column:
    checks = [pa.Check.isin(list(field.values))] if field.values else [pa.Check.str_length(min_value=1)]
    return pa.Column(str, checks=checks, nullable=False, unique=field.name == "respondent_id")


#: How the row-wise logical check names itself in pandera's failure report.
NO_WEAKNESS_CHECK = "no_weakness_excludes_named_weaknesses"


def _no_weakness_excludes_named(frame: pd.DataFrame) -> pd.Series:
    """Row-wise: "no weakness perceived" and a named weakness never go together."""
    named = frame[list(NAMED_WEAKNESSES)].isin(TRUE_TEXT).any(axis=1)
    return ~(frame["weakness_none"].isin(TRUE_TEXT) & named)


RESPONSES_SCHEMA = pa.DataFrameSchema(
    {field.name: _column(field) for field in FIELDS},
    checks=[
        pa.Check(
            _no_weakness_excludes_named,
            name=NO_WEAKNESS_CHECK,
            error=NO_WEAKNESS_CHECK,
        )
    ],
    strict=True,
    ordered=True,
    name="responses",
)


def to_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Validated text columns to typed ones: categoricals and booleans."""
    typed = pd.DataFrame({"respondent_id": frame["respondent_id"].astype("string")})
    for field in FIELDS[1:]:
        column = frame[field.name]
        if field.boolean:
            typed[field.name] = column.isin(TRUE_TEXT)
        else:
            typed[field.name] = pd.Categorical(column, categories=field.values)
    return typed

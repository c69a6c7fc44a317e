"""Measures: what a ledger row counts, as ``column=value`` of the respondent data."""

from __future__ import annotations

import pandas as pd

from analysis.codebook import FIELD_BY_NAME, LABELS


def count_measure(responses: pd.DataFrame, measure: str) -> int:
    """How many respondents satisfy ``measure``.

    Parameters
    ----------
    responses : DataFrame
        The validated respondent table (:func:`analysis.load.load_responses`).
    measure : str
        ``*`` (every respondent), ``column=value`` (``strength=professional_guidance``;
        ``weakness_none=true`` for a boolean column) or a bare column name.

    Returns
    -------
    int
        A count of respondents, or for a bare column the number of distinct named categories
        that occur (the explicit "unreported" remainder is not a named category). Never a share.

    Raises
    ------
    KeyError
        If the column is not in the codebook.
    """
    if measure == "*":
        return len(responses)
    if "=" not in measure:
        present = responses[measure].astype(str)
        return int(present[present != "unreported"].nunique())
    column, value = measure.split("=")
    if FIELD_BY_NAME[column].boolean:
        return int((responses[column] == (value == "true")).sum())
    return int((responses[column].astype(str) == value).sum())


def label_of(measure: str) -> str:
    """Words for a measure such as ``strength=professional_guidance`` (``*``: every respondent)."""
    if measure == "*":
        return "Respondents"
    column, _, value = measure.partition("=")
    return LABELS[column if FIELD_BY_NAME[column].boolean else value]


def claim_labels(ledger: pd.DataFrame) -> dict[str, str]:
    """Words for each ledger row that measures a ``column=value``, keyed by its id."""
    rows = ledger[ledger["measure"].str.contains("=")]
    return {row.id: label_of(row.measure) for row in rows.itertuples()}

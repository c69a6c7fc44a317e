"""Measures: what a ledger row counts, as ``column=value`` of the respondent data.

Every measure is read by :func:`parse_measure`, the one place that checks it against
the codebook, so that a typo stops whoever asked (the manuscript, the ledger, a
figure) with the allowed names instead of counting nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from analysis.codebook import COLUMNS, FIELD_BY_NAME, LABELS

#: How a measure writes a boolean value: exactly these, never a spelling of the CSV's.
BOOLEAN_VALUES = ("true", "false")


class MeasureError(ValueError):
    """A measure that names a column or value the codebook does not have; the message says what is allowed."""


def _unknown(what: str, name: str, allowed: tuple[str, ...], measure: str) -> MeasureError:
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return MeasureError(f"unknown {what} `{name}` in measure `{measure}`: {hint}allowed: {', '.join(allowed)}")


@dataclass(frozen=True)
class Measure:
    """A parsed measure: every respondent (``*``), a bare column, or ``column=value``."""

    text: str
    column: str | None = None
    value: str | None = None

    @property
    def boolean(self) -> bool:
        return self.column is not None and FIELD_BY_NAME[self.column].boolean

    def mask(self, responses: pd.DataFrame) -> pd.Series:
        """True for each respondent the measure counts (``column=value`` and ``*`` only)."""
        if self.column is None:
            return pd.Series(True, index=responses.index)
        if self.value is None:
            raise MeasureError(f"measure `{self.text}` names a column, not a group of respondents: "
                               f"write `{self.text}=<value>`")
        if self.boolean:
            return responses[self.column] == (self.value == "true")
        return responses[self.column].astype(str) == self.value


def parse_measure(measure: str) -> Measure:
    """Read ``*``, ``column`` or ``column=value``, checked against the codebook.

    Raises
    ------
    MeasureError
        If the column is not a codebook column (the respondent id is not a measure), the value is not
        one of the column's categories, or a boolean column is given anything but ``true``/``false``.
    """
    if not isinstance(measure, str) or not measure.strip():
        raise MeasureError(f"empty measure {measure!r}: write `*`, `column` or `column=value`")
    if measure == "*":
        return Measure(measure)
    column, has_value, value = measure.partition("=")
    columns = tuple(c for c in COLUMNS if FIELD_BY_NAME[c].values is not None)
    if column not in columns:
        raise _unknown("column", column, columns, measure)
    if not has_value:
        return Measure(measure, column)
    field = FIELD_BY_NAME[column]
    allowed = BOOLEAN_VALUES if field.boolean else field.values
    if value not in allowed:
        raise _unknown(f"value of `{column}`", value, allowed, measure)
    return Measure(measure, column, value)


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
    MeasureError
        If the measure names a column or value the codebook does not have (:func:`parse_measure`).
    """
    parsed = parse_measure(measure)
    if parsed.column is not None and parsed.value is None:
        present = responses[parsed.column].astype(str)
        return int(present[present != "unreported"].nunique())
    return int(parsed.mask(responses).sum())


def count_within(responses: pd.DataFrame, measure: str, among: str) -> tuple[int, int]:
    """``(k, n)``: how many of the ``n`` respondents satisfying ``among`` also satisfy ``measure``."""
    group = parse_measure(among).mask(responses)
    return int((parse_measure(measure).mask(responses) & group).sum()), int(group.sum())


def check_ledger_measures(ledger: pd.DataFrame, where: str = "the claims ledger") -> None:
    """Parse every ``measure`` of a ledger that is recomputed from respondent data.

    Raises :class:`MeasureError` naming ``where``, the row (as a spreadsheet numbers it: the header is
    row 1) and the column, so that a typo in the ledger stops the audit instead of counting nothing.
    """
    for number, (row_id, basis, measure) in enumerate(zip(ledger["id"], ledger["basis"], ledger["measure"],
                                                           strict=True), start=2):
        if basis == "recomputable" and measure:
            try:
                parse_measure(measure)
            except MeasureError as error:
                raise MeasureError(f"{where}: row {number} (id {row_id}), column measure: {error}") from None


def label_of(measure: str) -> str:
    """Words for a measure such as ``strength=professional_guidance`` (``*``: every respondent)."""
    parsed = parse_measure(measure)
    if parsed.column is None:
        return "Respondents"
    if parsed.boolean:
        return LABELS[parsed.column] + (" (no)" if parsed.value == "false" else "")
    return LABELS.get(parsed.value or parsed.column, FIELD_BY_NAME[parsed.column].title)


def claim_labels(ledger: pd.DataFrame) -> dict[str, str]:
    """Words for each ledger row that measures a ``column=value``, keyed by its id."""
    rows = ledger[ledger["measure"].str.contains("=")]
    return {row.id: label_of(row.measure) for row in rows.itertuples()}

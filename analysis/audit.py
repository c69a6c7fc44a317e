"""The audit: every number in the published abstract, against itself and against the data.

For each ledger row the audit gives the printed value, the value recomputed from
respondent data at the printed precision (``None`` where nothing can be
recomputed), a status (``match``, ``mismatch``, ``not_recomputable``) and a note
that says why, using the granularity checks of :mod:`analysis.consistency`
(GRIM, Brown & Heathers 2017; rounding procedures as in the R package scrutiny).

``match`` for a percentage means the value it stands for rounds to the printed
one under scrutiny's default, half up or half down (``up_or_down``): the data's
count over N when data are given, otherwise the printed count over the printed
N, or, for a percentage printed alone, some count out of N (GRIM). The note
lists every procedure of :data:`~analysis.consistency.AUDIT_PROCEDURES` under
which the printed numbers agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from analysis.consistency import (
    AUDIT_PROCEDURES,
    DEFAULT_ROUNDING,
    PROCEDURE_WORDS,
    VERBAL_SHARES,
    Bound,
    PrintedShare,
    counts_consistent,
    denominators_consistent,
    format_percentage,
    grim,
    percentage,
    procedures_of,
    procedures_reproducing,
    verbal_count_range,
)
from analysis.measures import check_ledger_measures, count_measure
from analysis.numbers import number_value

#: ``not_testable``: GRIM cannot test the value (N reaches the printable values) and no data check it;
#: ``unchecked``: the ledger row lacks what the check needs (its note names the row and the column).
STATUSES = ("match", "mismatch", "not_recomputable", "not_testable", "unchecked")
#: The procedures behind a "match": scrutiny's default.
VERDICT_PROCEDURES = procedures_of(DEFAULT_ROUNDING)


@dataclass
class AuditRow:
    """One audited number. ``band_low``/``band_high``: the exact percentages the printed value stands for."""

    id: str
    quote: str
    published: str
    recomputed: str | None
    status: str
    note: str
    kind: str
    basis: str
    published_percent: float | None = None
    recomputed_percent: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    rules: list[str] = field(default_factory=list)
    consistent_counts: list[int] = field(default_factory=list)
    consistent_denominators: list[int] = field(default_factory=list)


def rules_text(rules: tuple[str, ...] | list[str], none: str = "none", last: str = ", ") -> str:
    """Rounding procedures in words, e.g. ``half up, truncation``; ``none`` when there are none."""
    words = [PROCEDURE_WORDS[rule] for rule in rules]
    if not words:
        return none
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]


def agrees(rules: tuple[str, ...] | list[str]) -> bool:
    """Whether printed numbers that agree under ``rules`` count as a match (some verdict procedure is among them)."""
    return any(rule in VERDICT_PROCEDURES for rule in rules)


def span(values: list[int], dash: str = "-") -> str:
    """A run of consecutive integers as ``143-148``, one value as itself, none as "none"."""
    if not values:
        return "none"
    return str(values[0]) if len(values) == 1 else f"{values[0]}{dash}{values[-1]}"


class LedgerCellError(ValueError):
    """A ledger cell the audit cannot read; ``column`` names it."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _whole(row, column: str, what: str) -> int:
    """A ledger cell holding a whole number, as printed (``6,190``, ``Thirty-five``)."""
    text = str(getattr(row, column))
    if not text.strip():
        raise LedgerCellError(column, f"empty: give the {what}")
    value = number_value(text)
    if value is None:
        raise LedgerCellError(column, f"{text!r} is not a whole number (the {what})")
    return value


def _printed_share(row) -> PrintedShare:
    try:
        return PrintedShare.parse(row.printed)
    except ValueError as error:
        raise LedgerCellError("printed", str(error)) from None


def _band(printed: PrintedShare) -> tuple[float, float]:
    """Exact values that print as ``printed`` under some audit procedure: [p - step/2, p + step)."""
    step = float(printed.step)
    return float(printed.value) - step / 2, float(printed.value) + step


def _bound_row(row, bound: Bound, responses: pd.DataFrame | None) -> AuditRow:
    """A share printed as a bound: consistent when some count satisfies it; with data, when the data's does."""
    n_printed = _whole(row, "denominator", "denominator N")
    run = bound.counts(n_printed)
    note = (f"A bound ({bound.relation} {bound.share.text}): counts of {n_printed} that satisfy it: "
            f"{span(list(range(run[0], run[1] + 1))) if run else 'none'}.")
    recomputed = recomputed_percent = None
    if responses is not None:
        k, n = count_measure(responses, row.measure), len(responses)
        recomputed, recomputed_percent = format_percentage(k, n, bound.share.decimals + 1), float(percentage(k, n))
        status = "match" if bound.holds(k, n) else "mismatch"
        note = f"Data: {k}/{n} = {recomputed_percent:.2f}%. " + note
    else:
        status = "match" if run else "mismatch"
    return AuditRow(row.id, row.quote, row.printed, recomputed, status, f"{note} {row.note}".strip(), row.kind,
                    row.basis, published_percent=float(bound.share.value), recomputed_percent=recomputed_percent,
                    consistent_counts=list(range(run[0], run[1] + 1)) if run and run[1] - run[0] < 10_000 else [])


def _percentage_row(row, ledger: pd.DataFrame, responses: pd.DataFrame | None) -> AuditRow:
    printed = _printed_share(row)
    n_printed = _whole(row, "denominator", "denominator N")
    notes, denominators = [], []
    if row.count_id:
        paired = ledger[ledger["id"] == row.count_id]
        if paired.empty:
            raise LedgerCellError("count_id", f"no ledger row has the id {row.count_id!r}")
        count_printed = _whole(next(paired.itertuples()), "printed", f"count of row {row.count_id}")
        rules = list(procedures_reproducing(count_printed, n_printed, printed))
        counts = counts_consistent(n_printed, printed)
        exact = float(percentage(count_printed, n_printed))
        notes.append(f"Printed {count_printed}/{n_printed} = {exact:.2f}%; "
                     f"consistent with {row.printed} under: {rules_text(rules)}.")
        internal_ok = agrees(rules)
        if not internal_ok:
            denominators = denominators_consistent(count_printed, printed)
            notes.append(f"Counts out of {n_printed} that print as {row.printed}: {span(counts)}; "
                         f"denominators for which {count_printed} prints as {row.printed}: "
                         f"{span(denominators)} (any procedure checked).")
    else:
        test, checked = grim(printed, n_printed), grim(printed, n_printed, AUDIT_PROCEDURES)
        rules, counts = list(checked.procedures), list(checked.counts)
        note = f"No count printed. GRIM with N = {n_printed}, rounding half up or down: {test.verdict}"
        if test.verdict == "consistent":
            note += f"; counts that print as {row.printed}: {span(list(test.counts))}"
        elif test.verdict == "inconsistent":
            note += f" (nearest: {', '.join(f'{k} gives {shown}' for k, shown in test.nearest.items())})"
            if counts:  # then truncation alone: half to even rounds as half up or half down does
                note += f"; under {rules_text(rules)}, {span(counts)} prints as {row.printed}"
        notes.append(note + ".")
        internal_ok = bool(test.counts)
    recomputed = recomputed_percent = None
    if responses is not None:
        k, n = count_measure(responses, row.measure), len(responses)
        recomputed, recomputed_percent = format_percentage(k, n, printed.decimals), float(percentage(k, n))
        status = "match" if procedures_reproducing(k, n, printed, VERDICT_PROCEDURES) else "mismatch"
        notes.insert(0, f"Data: {k}/{n} = {recomputed_percent:.2f}%.")
    elif not row.count_id and test.verdict == "not testable":
        status = "not_testable"
    else:
        status = "match" if internal_ok else "mismatch"
    low, high = _band(printed)
    return AuditRow(row.id, row.quote, row.printed, recomputed, status, " ".join([*notes, row.note]).strip(),
                    row.kind, row.basis, published_percent=float(printed.value), recomputed_percent=recomputed_percent,
                    band_low=low, band_high=high, rules=rules, consistent_counts=counts,
                    consistent_denominators=denominators)


def _verbal_row(row, responses: pd.DataFrame | None) -> AuditRow:
    if row.printed.lower() not in VERBAL_SHARES:
        note = f"No range is stated for the verbal quantity '{row.printed}' (known: {', '.join(VERBAL_SHARES)})."
        return AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", f"{note} {row.note}".strip(),
                        row.kind, row.basis)
    n_printed = _whole(row, "denominator", "denominator N")
    low, high = verbal_count_range(row.printed, n_printed)
    share_low, share_high = (float(100 * share) for share in VERBAL_SHARES[row.printed.lower()])
    note = f"Judgement: '{row.printed}' read as {share_low:g}%-{share_high:g}% of {n_printed}, i.e. {low}-{high}."
    recomputed, recomputed_percent, status = None, None, "not_recomputable"
    if responses is not None:
        k, n = count_measure(responses, row.measure), len(responses)
        recomputed, recomputed_percent = format_percentage(k, n, 1), float(percentage(k, n))
        lo_n, hi_n = verbal_count_range(row.printed, n)
        status = "match" if lo_n <= k <= hi_n else "mismatch"
        note = f"Data: {k}/{n} = {recomputed}. " + note
    return AuditRow(row.id, row.quote, row.printed, recomputed, status, f"{note} {row.note}".strip(), row.kind,
                    row.basis, recomputed_percent=recomputed_percent, band_low=100 * low / n_printed,
                    band_high=100 * high / n_printed, consistent_counts=list(range(low, high + 1)))


def _enumerated_in_ledger(ledger: pd.DataFrame, column: str) -> int:
    """How many distinct categories of ``column`` the abstract names with a count."""
    measures = ledger.loc[ledger["kind"] == "count", "measure"]
    return measures[measures.str.startswith(column + "=")].nunique()


def _count_row(row, ledger: pd.DataFrame, responses: pd.DataFrame | None) -> AuditRow:
    audit = AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", row.note, row.kind, row.basis)
    if responses is not None:
        value = count_measure(responses, row.measure)
        expected = _whole(row, "printed", "count as printed")
        audit.recomputed = str(value)
        audit.status = "match" if value == expected else "mismatch"
        if row.kind == "list_length":
            audit.note = f"Announced {expected}; the data hold {value} named categories. {row.note}"
    elif row.kind == "list_length":
        # the items named: those with a count in the ledger, or, for a list of names alone, the row's
        # denominator column (the number of items the text names)
        announced, named = _whole(row, "printed", "announced length"), _enumerated_in_ledger(ledger, row.measure)
        how = "with counts"
        if not named and row.denominator:
            named = _whole(row, "denominator", "number of items named")
            how = "(the items of the list, as the ledger's denominator gives them)"
        audit.status = "match" if announced == named else "mismatch"
        audit.note = f"Announced {announced}; the abstract names {named} {how}. {row.note}"
    return audit


def audit(ledger: pd.DataFrame, responses: pd.DataFrame | None = None) -> list[AuditRow]:
    """Audit every ledger row, against the data when ``responses`` is given.

    With data, every measure is first checked against the codebook (:func:`check_ledger_measures`).
    """
    if responses is not None:
        check_ledger_measures(ledger)
    rows = []
    for number, row in enumerate(ledger.itertuples(index=False), start=2):
        try:
            rows.append(_audit_row(row, ledger, responses))
        except LedgerCellError as error:  # this row cannot be checked; the others still are
            note = f"Not checked: row {number} (id {row.id}), column {error.column}: {error}."
            rows.append(AuditRow(row.id, row.quote, row.printed, None, "unchecked", note, row.kind, row.basis))
    return rows


def _audit_row(row, ledger: pd.DataFrame, responses: pd.DataFrame | None) -> AuditRow:
    if row.basis != "recomputable":
        return AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", row.note, row.kind, row.basis)
    if row.kind in ("percentage", "verbal"):
        try:
            bound = Bound.parse(row.printed)
        except ValueError as error:
            raise LedgerCellError("printed", str(error)) from None
        if bound is not None:
            return _bound_row(row, bound, responses)
    if row.kind == "percentage":
        return _percentage_row(row, ledger, responses)
    if row.kind == "verbal":
        return _verbal_row(row, responses)
    return _count_row(row, ledger, responses)


def audit_summary(rows: list[AuditRow]) -> str:
    """In words: how many numbers were checked, how many were consistent and how many not, and the rest."""
    checked = [row for row in rows if row.status in ("match", "mismatch")]
    consistent = sum(row.status == "match" for row in checked)
    words = {"not_recomputable": "not recomputable (no data, or a design or bibliographic fact)",
             "not_testable": "not testable (N reaches the printable values)", "unchecked": "not checked"}
    groups = {status: [row.id for row in rows if row.status == status] for status in words}
    rest = [f"{len(ids)} {words[status]} ({', '.join(ids)})" for status, ids in groups.items() if ids]
    return (f"{len(checked)} of {len(rows)} numbers checked: {consistent} consistent, {len(checked) - consistent} not"
            + (f"; {'; '.join(rest)}" if rest else "") + ".")


def audit_frame(rows: list[AuditRow]) -> pd.DataFrame:
    """The audit as a DataFrame, one row per printed number."""
    return pd.DataFrame([asdict(row) for row in rows])


__all__ = ["STATUSES", "AuditRow", "agrees", "audit", "audit_frame", "audit_summary", "rules_text", "span"]

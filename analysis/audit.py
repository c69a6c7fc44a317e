"""The audit: every number in the published abstract, against itself and against the data.

For each ledger row the audit gives the printed value, the value recomputed from
respondent data at the printed precision (``None`` where nothing can be
recomputed), a status (``match``, ``mismatch``, ``not_recomputable``) and a note
that says why, using the granularity checks of :mod:`analysis.consistency`
(GRIM, Brown & Heathers 2017; rounding rules as in the R package scrutiny).

``match`` for a percentage means the recomputed value, rounded half up at the
printed precision, equals the printed value; the note then lists every rounding
rule under which the printed numbers are consistent with each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from analysis.consistency import (
    VERBAL_SHARES,
    PrintedPercentage,
    counts_consistent,
    denominators_consistent,
    format_percentage,
    grim_percentage,
    percentage,
    rules_reproducing,
    verbal_count_range,
)
from analysis.measures import count_measure

STATUSES = ("match", "mismatch", "not_recomputable")
CARDINALS = {word: number for number, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1)}
REFERENCE_RULE = "half_up"


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


def rules_text(rules: tuple[str, ...] | list[str], none: str = "none") -> str:
    """Rounding rules in words, e.g. ``half up, truncate``; ``none`` when there are none."""
    return ", ".join(rule.replace("_", " ") for rule in rules) if rules else none


def span(values: list[int], dash: str = "-") -> str:
    """A run of consecutive integers as ``143-148``, one value as itself, none as "none"."""
    if not values:
        return "none"
    return str(values[0]) if len(values) == 1 else f"{values[0]}{dash}{values[-1]}"


def _band(printed: PrintedPercentage) -> tuple[float, float]:
    """Exact values that print as ``printed`` under some rule: [p - step/2, p + step)."""
    step = 1 / 10**printed.decimals
    return float(printed.value) - step / 2, float(printed.value) + step


def _percentage_row(row, ledger: pd.DataFrame, responses: pd.DataFrame | None) -> AuditRow:
    printed = PrintedPercentage.parse(row.printed)
    n_printed = int(row.denominator)
    low, high = _band(printed)
    audit = AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", "", row.kind, row.basis,
                     published_percent=float(printed.value), band_low=low, band_high=high)
    notes = []
    if row.count_id:
        count_printed = int(ledger.loc[ledger["id"] == row.count_id, "printed"].item())
        rules = rules_reproducing(count_printed, n_printed, printed)
        audit.rules = list(rules)
        audit.consistent_counts = counts_consistent(n_printed, printed)
        exact = float(percentage(count_printed, n_printed))
        notes.append(f"Printed {count_printed}/{n_printed} = {exact:.2f}%; "
                     f"consistent with {row.printed} under: {rules_text(rules)}.")
        if REFERENCE_RULE not in rules:
            audit.consistent_denominators = denominators_consistent(count_printed, printed)
            notes.append(
                f"Counts out of {n_printed} that print as {row.printed}: {span(audit.consistent_counts)}; "
                f"denominators for which {count_printed} prints as {row.printed}: "
                f"{span(audit.consistent_denominators)} (any rule checked)."
            )
        internal_ok = REFERENCE_RULE in rules
    else:
        grim = grim_percentage(printed, n_printed)
        audit.rules, audit.consistent_counts = list(grim.rules), list(grim.counts)
        half_up_counts = [k for k in grim.counts if REFERENCE_RULE in rules_reproducing(k, n_printed, printed)]
        notes.append(f"No count printed. GRIM with N = {n_printed}: {grim.verdict}")
        if grim.verdict != "not testable":
            notes[-1] += (f"; counts that print as {row.printed}: {span(list(grim.counts))} "
                          f"(rules: {rules_text(grim.rules)})")
            if not half_up_counts:
                notes[-1] += f"; no count rounds half up to {row.printed}"
        notes[-1] += "."
        internal_ok = bool(half_up_counts)
    if responses is not None:
        k, n = count_measure(responses, row.measure), len(responses)
        audit.recomputed = format_percentage(k, n, printed.decimals, REFERENCE_RULE)
        audit.recomputed_percent = float(percentage(k, n))
        audit.status = "match" if audit.recomputed == f"{float(printed.value):.{printed.decimals}f}%" else "mismatch"
        notes.insert(0, f"Data: {k}/{n} = {audit.recomputed_percent:.2f}%.")
    else:
        audit.status = "match" if internal_ok else "mismatch"
    if row.note:
        notes.append(row.note)
    audit.note = " ".join(notes)
    return audit


def _verbal_row(row, responses: pd.DataFrame | None) -> AuditRow:
    n_printed = int(row.denominator)
    low, high = verbal_count_range(row.printed, n_printed)
    audit = AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", "", row.kind, row.basis,
                     band_low=100 * low / n_printed, band_high=100 * high / n_printed,
                     consistent_counts=list(range(low, high + 1)))
    share_low, share_high = (float(100 * share) for share in VERBAL_SHARES[row.printed.lower()])
    note = f"Judgement: '{row.printed}' read as {share_low:g}%-{share_high:g}% of {n_printed}, i.e. {low}-{high}."
    if responses is not None:
        k, n = count_measure(responses, row.measure), len(responses)
        audit.recomputed = format_percentage(k, n, 1)
        audit.recomputed_percent = float(percentage(k, n))
        lo_n, hi_n = verbal_count_range(row.printed, n)
        audit.status = "match" if lo_n <= k <= hi_n else "mismatch"
        note = f"Data: {k}/{n} = {audit.recomputed}. " + note
    audit.note = f"{note} {row.note}".strip()
    return audit


def _enumerated_in_ledger(ledger: pd.DataFrame, column: str) -> int:
    """How many distinct categories of ``column`` the abstract names with a count."""
    measures = ledger.loc[ledger["kind"] == "count", "measure"]
    return measures[measures.str.startswith(column + "=")].nunique()


def _count_row(row, ledger: pd.DataFrame, responses: pd.DataFrame | None) -> AuditRow:
    audit = AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", row.note, row.kind, row.basis)
    if responses is not None:
        value = count_measure(responses, row.measure)
        expected = CARDINALS.get(row.printed.lower()) if row.kind == "list_length" else int(row.printed)
        audit.recomputed = str(value)
        audit.status = "match" if value == expected else "mismatch"
        if row.kind == "list_length":
            audit.note = f"Announced {expected}; the data hold {value} named categories. {row.note}"
    elif row.kind == "list_length":
        announced, named = CARDINALS[row.printed.lower()], _enumerated_in_ledger(ledger, row.measure)
        audit.status = "match" if announced == named else "mismatch"
        audit.note = f"Announced {announced}; the abstract names {named} with counts. {row.note}"
    return audit


def audit(ledger: pd.DataFrame, responses: pd.DataFrame | None = None) -> list[AuditRow]:
    """Audit every ledger row, against the data when ``responses`` is given."""
    rows = []
    for row in ledger.itertuples(index=False):
        if row.basis != "recomputable":
            rows.append(AuditRow(row.id, row.quote, row.printed, None, "not_recomputable", row.note, row.kind,
                                 row.basis))
        elif row.kind == "percentage":
            rows.append(_percentage_row(row, ledger, responses))
        elif row.kind == "verbal":
            rows.append(_verbal_row(row, responses))
        else:
            rows.append(_count_row(row, ledger, responses))
    return rows


def audit_frame(rows: list[AuditRow]) -> pd.DataFrame:
    """The audit as a DataFrame, one row per printed number."""
    return pd.DataFrame([asdict(row) for row in rows])


__all__ = ["STATUSES", "AuditRow", "audit", "audit_frame", "rules_text", "span"]

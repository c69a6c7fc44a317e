"""What each disagreement could change: the counts a printed percentage allows, and their shares.

Where a printed count and its printed percentage disagree, either could be the
one in error. Every count out of N that prints as the percentage (under the
audit's rounding procedures) is a candidate; this module gives the share and
Wilson interval at both ends of that range beside those of the printed count,
and checks two things a reader could draw from the abstract: that each share
stays within the printed count's 95% interval, and that categories of one
question keep the order their printed counts give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from analysis.audit import AuditRow, agrees
from analysis.consistency import PrintedShare, counts_consistent
from analysis.estimates import wilson_interval
from analysis.measures import label_of

COLUMNS = ["label", "measure", "printed", "printed_count", "n", "low", "high",
           "share_low", "lower_low", "upper_low", "share_high", "lower_high", "upper_high",
           "share_printed", "lower_printed", "upper_printed"]


def disagreements(rows: list[AuditRow], ledger: pd.DataFrame) -> list[tuple[AuditRow, int]]:
    """The percentages printed with a count that they do not follow from, with that count."""
    printed = ledger.set_index("id")["printed"]
    count_ids = ledger.set_index("id")["count_id"]
    return [(row, int(printed[count_ids[row.id]])) for row in rows
            if row.kind == "percentage" and count_ids[row.id] and not agrees(row.rules)]


def disagreement_shares(rows: list[AuditRow], ledger: pd.DataFrame, n: int) -> pd.DataFrame:
    """One row per disagreement: the counts out of ``n`` the percentage allows, and the shares they give.

    Parameters
    ----------
    rows : list of AuditRow
        The audit of the ledger.
    ledger : DataFrame
        The claims ledger (for the printed counts and the measures).
    n : int
        The number of respondents in the data in use.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`: ``low``/``high`` are the smallest and largest
        counts out of ``n`` that print as the percentage (both ``None`` if none
        does); ``share_*``, ``lower_*``, ``upper_*`` are shares and Wilson 95%
        bounds as fractions, at each end and for the printed count.
    """
    measures = ledger.set_index("id")["measure"]
    records = []
    for row, printed_count in disagreements(rows, ledger):
        counts = counts_consistent(n, PrintedShare.parse(row.published))
        low, high = (counts[0], counts[-1]) if counts else (None, None)
        record = [label_of(measures[row.id]), measures[row.id], f"{printed_count} ({row.published})",
                  printed_count, n, low, high]
        for count in (low, high, printed_count):
            record += [None, None, None] if count is None else [count / n, *wilson_interval(count, n)]
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS)


@dataclass(frozen=True)
class Robustness:
    """Whether the abstract's reading survives every count the printed percentages allow."""

    within_interval: list[str]  # labels whose range stays inside the printed count's interval
    outside_interval: list[str]
    order_kept: list[str]  # questions (columns) whose categories keep their printed order
    order_changed: list[str]


def robustness(shares: pd.DataFrame, ledger: pd.DataFrame) -> Robustness:
    """Check the two readings against ``shares`` (from :func:`disagreement_shares`)."""
    within, outside = [], []
    for row in shares.itertuples():
        ends = [share for share in (row.share_low, row.share_high) if not pd.isna(share)]
        inside = ends and all(row.lower_printed <= share <= row.upper_printed for share in ends)
        (within if inside else outside).append(row.label)
    ranges = {row.measure: (row.low, row.high) for row in shares.itertuples() if not pd.isna(row.low)}
    counts = ledger[(ledger["kind"] == "count") & ledger["measure"].str.contains("=")]
    kept, changed = [], []
    for column, group in counts.groupby(counts["measure"].str.split("=").str[0]):
        if len(group) < 2 or not set(group["measure"]) & set(ranges):
            continue
        # Each category's possible counts: its range if its percentage disagrees, else its printed count.
        spans = sorted(((int(row.printed), *ranges.get(row.measure, (int(row.printed), int(row.printed))))
                        for row in group.itertuples()), reverse=True)
        stable = all(higher[1] > lower[2] for higher, lower in pairwise(spans))
        (kept if stable else changed).append(column)
    return Robustness(within, outside, kept, changed)

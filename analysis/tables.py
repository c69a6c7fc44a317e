"""Tables 1-4, formatted once as DataFrames of text.

The same frames feed HTML, DOCX and Typst output (as pipe tables through
``to_markdown``), the notebooks and the tests.
"""

from __future__ import annotations

import pandas as pd

from analysis.audit import AuditRow, audit_frame


def _percent(share: float) -> str:
    return f"{100 * share:.1f}"


def share_with_interval(row) -> str:
    """``90.3 (86.9–93.0)``: the share and its interval, in percent."""
    return f"{_percent(row.share)} ({_percent(row.lower)}–{_percent(row.upper)})"


def printed_by_measure(ledger: pd.DataFrame) -> dict[str, str]:
    """What the abstract printed for each measure, e.g. ``141 (40%)`` or ``Half``."""
    printed: dict[str, list[str]] = {}
    for row in ledger[ledger["basis"] == "recomputable"].itertuples():
        if "=" in row.measure:
            printed.setdefault(row.measure, []).append(row.printed)
    return {measure: values[0] + (f" ({values[1]})" if len(values) > 1 else "") for measure, values in printed.items()}


def format_shares(estimates: pd.DataFrame, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tables 1-3: quantity, count/N, share with interval (and what was printed, given the ledger)."""
    table = pd.DataFrame(
        {
            "Quantity": estimates["label"],
            "n/N": [f"{row.count}/{row.n}" for row in estimates.itertuples()],
            "% (95% CI)": [share_with_interval(row) for row in estimates.itertuples()],
        }
    )
    if ledger is not None:
        printed = estimates["measure"].map(printed_by_measure(ledger)).fillna("not printed")
        table.insert(1, "Printed in abstract", printed)
    return table


STATUS_WORDS = {"match": "matches", "mismatch": "MISMATCH", "not_recomputable": "not recomputable"}


def format_audit(rows: list[AuditRow]) -> pd.DataFrame:
    """Table 4: every number of the abstract, printed against recomputed, with the reason."""
    frame = audit_frame(rows)
    return pd.DataFrame(
        {
            "Abstract says": frame["quote"],
            "Basis": frame["basis"],
            "Printed": frame["published"],
            "Recomputed": frame["recomputed"].fillna("–"),
            "Verdict": frame["status"].map(STATUS_WORDS),
            "Why": frame["note"],
        }
    )


def to_markdown(table: pd.DataFrame, widths: list[int] | None = None) -> str:
    """A pipe table pandoc reads in every output format (no index).

    ``widths`` are relative column widths. Pandoc takes them from the dashes of
    the separator line once that line is wider than its 72-column limit, so the
    separator is always drawn 100 dashes wide in total, split by ``widths``.
    """
    widths = widths or [1] * table.shape[1]
    dashes = [max(3, round(100 * weight / sum(widths))) for weight in widths]

    def line(cells) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    rows = [line(table.columns), "|" + "|".join(":" + "-" * count for count in dashes) + "|"]  # left-aligned
    rows += [line(values) for values in table.itertuples(index=False)]
    return "\n".join(rows)


#: Relative column widths of Table 4 (quote, basis, printed, recomputed, verdict, reason).
AUDIT_WIDTHS = [21, 12, 8, 10, 11, 38]

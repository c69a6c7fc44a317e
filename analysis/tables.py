"""Tables 1-4, formatted once as DataFrames of text.

The same frames feed HTML, DOCX and Typst output (as pipe tables through
``to_markdown``), the notebooks and the tests.
"""

from __future__ import annotations

import pandas as pd

from analysis.audit import AuditRow, audit_frame
from analysis.formats import markdown_text, share_with_interval


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
            "% (95% CI)": [share_with_interval(row.share, row.lower, row.upper) for row in estimates.itertuples()],
        }
    )
    if ledger is not None:
        printed = estimates["measure"].map(printed_by_measure(ledger)).fillna("not printed")
        table.insert(1, "Printed in abstract", printed)
    return table


#: The verdict column: the audit's status, or, for a number the data cannot check, what it is.
VERDICT_WORDS = {"match": "matches", "mismatch": "mismatch", "not_testable": "not testable", "unchecked": "not checked"}
BASIS_WORDS = {"design": "design fact", "bibliographic": "citation detail"}


def format_audit(rows: list[AuditRow]) -> pd.DataFrame:
    """Table 4: every number of the abstract, printed against recomputed, with the verdict and the reason."""
    frame = audit_frame(rows)
    verdicts = [VERDICT_WORDS.get(row.status) or BASIS_WORDS[row.basis] for row in frame.itertuples()]
    return pd.DataFrame(
        {
            "Abstract says": frame["quote"],
            "Printed": frame["published"],
            "Recomputed": frame["recomputed"].fillna("–"),
            "Verdict": verdicts,
            "Why": frame["note"],
        }
    )


def format_disagreements(shares: pd.DataFrame) -> pd.DataFrame:
    """The disagreement table: counts a printed percentage allows, and the shares at both ends and as printed.

    Each share cell reads ``count: % (95% CI)``, e.g. ``143: 39.5 (34.6–44.6)``.
    """

    def cell(row, end: str) -> str:
        count = {"low": row.low, "high": row.high, "printed": row.printed_count}[end]
        if pd.isna(count):
            return "none"
        share, lower, upper = (getattr(row, f"{name}_{end}") for name in ("share", "lower", "upper"))
        return f"{int(count)}: {share_with_interval(share, lower, upper)}"

    rows = list(shares.itertuples())
    return pd.DataFrame(
        {
            "Quantity": [row.label for row in rows],
            "Printed": [row.printed for row in rows],
            "Counts giving %": [f"{int(row.low)}–{int(row.high)} of {row.n}" if not pd.isna(row.low)
                                           else f"none of {row.n}" for row in rows],
            "Lowest count": [cell(row, "low") for row in rows],
            "Highest count": [cell(row, "high") for row in rows],
            "Printed count": [cell(row, "printed") for row in rows],
        }
    )


#: Lower-case characters of table text on one line of the narrowest page (the DOCX: 16 cm of
#: 10 pt serif, cell margins included); a capital counts for 1.5 of them.
LINE_CHARS = 80


def _span(word: str) -> float:
    return sum(1.5 if char.isupper() else 1.0 for char in word)


def column_widths(table: pd.DataFrame, line_chars: int = LINE_CHARS) -> list[int]:
    """Relative widths (summing to 100) that give each column room for its longest word.

    What is left over is shared in proportion to how much text each column holds, so
    long prose gets the width and no word has to break inside a narrow column.
    """
    columns = [[str(table.columns[i]), *map(str, table.iloc[:, i])] for i in range(table.shape[1])]
    longest = [max(_span(word) for cell in column for word in cell.split()) + 2 for column in columns]
    minimum = [100 * chars / line_chars for chars in longest]
    spare = max(0.0, 100 - sum(minimum))
    text = [sum(len(cell) for cell in column) for column in columns]
    widths = [low + spare * amount / sum(text) for low, amount in zip(minimum, text, strict=True)]
    return [max(3, round(100 * width / sum(widths))) for width in widths]


def to_markdown(table: pd.DataFrame) -> str:
    """A pipe table pandoc reads in every output format (no index), its widths from :func:`column_widths`.

    Every cell is text, never markup: escaped with :func:`analysis.formats.markdown_text`, since the
    cells hold the ledger's quotes and notes.

    Pandoc takes relative widths from the dashes of the separator line once that line
    is wider than its 72-column limit, so the separator is drawn 100 dashes wide.
    """

    def line(cells) -> str:
        return "| " + " | ".join(markdown_text(cell) for cell in cells) + " |"

    rows = [line(table.columns), "|" + "|".join(":" + "-" * count for count in column_widths(table)) + "|"]
    rows += [line(values) for values in table.to_numpy()]  # left-aligned
    return "\n".join(rows)

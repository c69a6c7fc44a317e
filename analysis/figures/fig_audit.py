"""Figure: each printed percentage against the value recomputed from the data.

Plotted as differences from the printed value, in percentage points: the band
is every exact value that prints as the published figure under some rounding
procedure the audit checks (half up or down, half to even, truncation); a
recomputed value outside it is a mismatch.
"""

from __future__ import annotations

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import pandas as pd

from analysis.audit import audit as audit_rows
from analysis.audit import audit_frame
from analysis.figures import FigureSpec
from analysis.figures.style import MATCH_COLOUR, MISMATCH_COLOUR, label_rows, new_figure, note_data_source
from analysis.measures import claim_labels


def fig_audit(audit: pd.DataFrame, labels: dict[str, str], *, is_reconstruction: bool = True, width: str = "single"):
    """``audit``: :func:`analysis.audit.audit_frame`; ``labels``: words for each row id.

    Shows the percentage rows that have a recomputed value.
    """
    rows = audit[(audit["kind"] == "percentage") & audit["recomputed_percent"].notna()].reset_index(drop=True)
    fig, ax = new_figure(len(rows) + 1, width)
    y = list(range(len(rows)))[::-1]
    offsets = rows["recomputed_percent"] - rows["published_percent"]
    for yi, offset, row in zip(y, offsets, rows.itertuples(), strict=True):
        ax.barh(yi, row.band_high - row.band_low, left=row.band_low - row.published_percent, height=0.55,
                color="0.85", edgecolor="0.55", linewidth=0.4)
        matched = row.status == "match"
        ax.plot(offset, yi, marker="o" if matched else "X", color=MATCH_COLOUR if matched else MISMATCH_COLOUR,
                markersize=4.5 if matched else 5.5, linestyle="none")
    ax.axvline(0, color="0.3", linewidth=0.6)
    pairs = zip(rows["published"], rows["recomputed"], strict=True)
    label_rows(ax, [labels[row_id] for row_id in rows["id"]],
               [f"{published} → {recomputed}" for published, recomputed in pairs])
    ax.set_xlim(min(-1.5, offsets.min() - 0.5), max(1.5, offsets.max() + 0.5))
    ax.set_xlabel("Recomputed minus printed (percentage points)")
    fig.legend(
        handles=[
            mpatches.Patch(facecolor="0.85", edgecolor="0.55", label="prints as published"),
            mlines.Line2D([], [], marker="o", color=MATCH_COLOUR, linestyle="none", label="match"),
            mlines.Line2D([], [], marker="X", color=MISMATCH_COLOUR, linestyle="none", label="mismatch"),
        ],
        loc="outside lower center", ncol=3, frameon=False, handletextpad=0.4, columnspacing=1.0,
    )
    note_data_source(ax, is_reconstruction)
    return fig


def _data(responses: pd.DataFrame, ledger: pd.DataFrame) -> dict:
    return {"audit": audit_frame(audit_rows(ledger, responses)), "labels": claim_labels(ledger)}


FIGURE = FigureSpec(data=_data, draw=fig_audit)

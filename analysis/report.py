"""Sentences and numbers for the manuscript, each computed from the data in use.

Every inline expression of ``paper.qmd`` calls a method of :class:`Paper`.
A method that prints a number returns an ``IPython.display.Markdown`` span
marked with its provenance (:mod:`analysis.provenance`): the expression, its
line, the claims of the published abstract it reproduces and their audit
verdicts, the data file and columns, and the code. A method that prints words
only (a quote of the abstract, the software versions) returns a ``str``, which
Quarto prints literally. Nothing here is typed by hand except wording.
"""

from __future__ import annotations

import functools
import platform
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from analysis.audit import STATUSES, AuditRow, audit, rules_text, span
from analysis.bounds import frechet_bounds
from analysis.consistency import VERBAL_SHARES, PrintedPercentage
from analysis.estimates import abstract_shares, strength_shares
from analysis.measures import count_measure, label_of
from analysis.paths import ROOT, is_reconstruction, responses_path
from analysis.provenance import Provenance, bound_key, markdown
from analysis.provenance import span as mark

SOFTWARE = ("pandas", "numpy", "statsmodels", "pandera", "frictionless", "matplotlib", "seaborn", "jupytext",
            "nbclient", "nbval", "pytest", "hypothesis", "pypandoc-binary", "typst")
WILSON_CODE = "analysis.estimates.wilson_interval (statsmodels proportion_confint, method='wilson')"
GOODMAN_CODE = "analysis.estimates.goodman_intervals (statsmodels multinomial_proportions_confint, method='goodman')"
COUNT_CODE = "analysis.measures.count_measure"


def percent(share: float, digits: int = 1) -> str:
    return f"{100 * share:.{digits}f}%"


def interval(lower: float, upper: float) -> str:
    return f"95% CI {100 * lower:.1f}–{100 * upper:.1f}%"


def located(method):
    """Run ``method`` knowing where in the manuscript this call is written (``self._where``)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        key = bound_key(type(self), method.__name__, args, kwargs)
        arguments = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        self._where = self._provenance.locate(key, f"paper.{method.__name__}({arguments})")
        return method(self, *args, **kwargs)

    return wrapper


class Paper:
    """Every number and sentence the manuscript prints, from one respondent table and the ledger."""

    def __init__(self, responses: pd.DataFrame, ledger: pd.DataFrame, source: str | Path | None = None,
                 data_path: Path | None = None):
        self.responses, self.ledger = responses, ledger
        self.respondents = len(responses)
        self.data_path = data_path or responses_path()
        self.rows = audit(ledger, responses)
        self.by_id = {row.id: row for row in self.rows}
        self.shares = abstract_shares(responses, ledger).set_index("measure")
        self.strengths = strength_shares(responses).set_index("measure")
        self._claims = ledger.set_index("id")
        self._provenance = Provenance(type(self), Path(source) if source else None)
        self._where: tuple[str, str | None] = ("", None)

    # -- markup ---------------------------------------------------------------------------------

    def _data_file(self) -> str:
        path = Path(self.data_path).resolve()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    def _value(self, text: str, *, claims: list[str] = (), recomputed: str = "", columns: list[str] = (),
               code: str = COUNT_CODE) -> str:
        """``text`` as a computed span with the provenance of the current call."""
        expression, source = self._where
        rows = [self.by_id[claim] for claim in claims]
        return mark(text, {
            "data-expr": expression,
            "data-source": source,
            "data-claim": " ".join(row.id for row in rows),
            "data-verdict": " ".join(row.status for row in rows),
            "data-printed": " · ".join(dict.fromkeys(f"“{row.quote}”" for row in rows)),
            "data-recomputed": recomputed,
            "data-reason": " | ".join(f"{row.published}: {row.note}" for row in rows if row.note),
            "data-file": self._data_file(),
            "data-columns": " ".join(columns),
            "data-code": code,
        })

    def _claims_of(self, measure: str, kinds: tuple[str, ...] = ("count", "percentage", "verbal")) -> list[str]:
        rows = self.ledger[(self.ledger["measure"] == measure) & self.ledger["kind"].isin(kinds)]
        return list(rows["id"])

    @staticmethod
    def _columns(*measures: str) -> list[str]:
        return list(dict.fromkeys(m.split("=")[0] for m in measures if m != "*"))

    # -- numbers --------------------------------------------------------------------------------

    @property
    def n(self) -> markdown:
        """The number of respondents."""
        self._where = self._provenance.locate(("n", ()), "paper.n")
        claims = [c for c in self._claims_of("*") if c == "respondents_total"]
        return markdown(self._value(str(self.respondents), claims=claims, recomputed=f"{self.respondents} rows",
                                    code="len(responses)"))

    @located
    def count(self, measure: str) -> markdown:
        """How many respondents satisfy ``measure``, e.g. ``181``."""
        k = count_measure(self.responses, measure)
        return markdown(self._value(str(k), recomputed=f"{k}/{self.respondents}", columns=self._columns(measure)))

    @located
    def share(self, measure: str, simultaneous: bool = False) -> markdown:
        """``327/362 (90.3%; 95% CI 86.9–93.0%)``; Goodman intervals for strengths when ``simultaneous``."""
        row = (self.strengths if simultaneous else self.shares).loc[measure]
        text = f"{row['count']}/{row['n']} ({percent(row['share'])}; {interval(row['lower'], row['upper'])})"
        exact = f"{row['count']}/{row['n']} = {100 * row['share']:.2f}%"
        return markdown(self._value(text, claims=self._claims_of(measure), recomputed=exact,
                                    columns=self._columns(measure), code=GOODMAN_CODE if simultaneous else WILSON_CODE))

    @located
    def overlap(self, a: str, b: str) -> markdown:
        """What the marginals say about respondents with both ``a`` and ``b``: Fréchet bounds."""
        bounds = frechet_bounds(count_measure(self.responses, a), count_measure(self.responses, b), self.respondents)
        text = (f"between {bounds.lower} and {bounds.upper} of {self.respondents} respondents "
                f"({percent(bounds.lower_share)} to {percent(bounds.upper_share)})")
        return markdown(self._value(text, recomputed=f"max(0, {bounds.a} + {bounds.b} − {bounds.n}) to "
                                                     f"min({bounds.a}, {bounds.b})",
                                    columns=self._columns(a, b), code="analysis.bounds.frechet_bounds"))

    @located
    def unnamed_strength_count(self) -> markdown:
        k = count_measure(self.responses, "strength=unreported")
        return markdown(self._value(str(k), recomputed=f"{k}/{self.respondents}", columns=["strength"]))

    @located
    def audit_count(self, status: str) -> markdown:
        """How many printed numbers the audit gives ``status`` (``checked``: match plus mismatch)."""
        statuses = ("match", "mismatch") if status == "checked" else (status,)
        k = sum(row.status in statuses for row in self.rows)
        return markdown(self._value(str(k), recomputed=f"{k} of {len(self.rows)} ledger rows",
                                    code="analysis.audit.audit"))

    @located
    def ledger_rows(self, abstract_only: bool = False) -> markdown:
        """How many numbers the ledger holds (those of the abstract's text only, with ``abstract_only``)."""
        rows = self.ledger[self.ledger["basis"] != "bibliographic"] if abstract_only else self.ledger
        return markdown(self._value(str(len(rows)), recomputed=f"{len(rows)} rows of data/published/claims.csv",
                                    code="analysis.ledger.read_ledger"))

    # -- sentences ------------------------------------------------------------------------------

    @located
    def data_statement(self) -> markdown:
        """The sentence that says what the data are: the reconstruction, or the file supplied."""
        if is_reconstruction(Path(self.data_path)):
            return markdown("**The respondent-level data analysed here are a reconstruction**, generated by code from "
                            "the aggregate numbers printed in the published abstract; they are not the survey's "
                            "responses. Every marginal count equals what the abstract states; no cross-tabulation of "
                            "these data is evidence.")
        return markdown(f"**The respondent-level data analysed here are the file supplied through `PAPER_DATA` "
                        f"(`{Path(self.data_path).name}`)**, not the reconstruction shipped with this package.")

    @located
    def by_construction(self) -> str:
        """Whose counts the check compares: the reconstruction's agree with the abstract by design."""
        if is_reconstruction(Path(self.data_path)):
            return " (the counts agree by construction of the reconstruction)"
        return " (in the respondent file supplied)"

    def _recomputed(self, row: AuditRow) -> str:
        return self._value(row.recomputed, claims=[row.id], recomputed=row.recomputed,
                           columns=self._columns(self._claims.loc[row.id, "measure"]))

    @located
    def mismatch_summary(self) -> markdown:
        """One clause per mismatch, for the abstract: ``40% for ... (recomputed 39%)``."""
        clauses = []
        for row in self.rows:
            if row.status != "mismatch":
                continue
            if row.kind == "list_length":
                clauses.append(f"“{row.published}” strengths announced where {self._recomputed(row)} are named")
            else:
                label = label_of(self._claims.loc[row.id, "measure"]).lower()
                clauses.append(f"{row.published} for {label} (recomputed {self._recomputed(row)})")
        return markdown("; ".join(clauses))

    def _explain(self, row: AuditRow) -> str:
        text = f"{self.quote(row.id)}: printed {row.published}, recomputed {self._recomputed(row)}."
        if row.kind == "percentage" and row.recomputed_percent is not None:
            shown = PrintedPercentage.parse(row.published).text
            rules = rules_text(row.rules, none="no common rounding rule")
            has_count = self._claims.loc[row.id, "count_id"] != ""
            n = self.respondents
            if has_count:
                text += (f" The exact value is {row.recomputed_percent:.2f}%; the printed count and percentage "
                         f"agree under {rules}.")
            else:
                text += (f" No count is printed; out of N = {n}, the counts that print as {shown} are "
                         f"{span(row.consistent_counts, '–')} (under {rules}).")
            if has_count and "half_up" not in row.rules:
                text += f" With N = {n}, {shown} corresponds to {span(row.consistent_counts, '–')} respondents"
                if row.consistent_denominators:
                    text += f"; the printed count gives {shown} only for N = {span(row.consistent_denominators, '–')}"
                text += "."
        elif row.kind == "list_length":
            text += " The sentence announces more strengths than it names."
        return text

    @located
    def mismatch_list(self) -> markdown:
        """A markdown list explaining each mismatch."""
        return markdown("\n".join(f"- {self._explain(row)}" for row in self.rows if row.status == "mismatch"))

    @located
    def consistency_summary(self) -> markdown:
        """How the printed percentages fare against their own counts and N, in words, from the audit."""
        percentages = [row for row in self.rows if row.kind == "percentage"]
        numbers = [sum(1 for r in percentages if "half_up" in r.rules),
                   sum(1 for r in percentages if r.rules == ["truncate"]),
                   sum(1 for r in percentages if not r.rules)]
        half_up, truncation, none = (self._value(str(k), recomputed=f"{k} of {len(percentages)}",
                                                 code="analysis.consistency.rules_reproducing") for k in numbers)
        return markdown(f"Of the {len(percentages)} printed percentages, {half_up} follow from the printed counts "
                        f"and N under conventional half-up rounding, {truncation} only if the authors truncated "
                        f"rather than rounded, and {none} under no common rounding rule at all.")

    # -- words ----------------------------------------------------------------------------------

    def quote(self, claim_id: str) -> str:
        """The abstract's own words for a ledger row, in quotation marks."""
        return f"“{self._claims.loc[claim_id, 'quote']}”"

    def printed(self, claim_id: str) -> str:
        """A ledger row's value exactly as printed."""
        return str(self._claims.loc[claim_id, "printed"])

    @staticmethod
    def verbal_range(word: str) -> str:
        """The share a verbal quantity is read as covering, e.g. ``45% to 55%`` for "half" (a judgement)."""
        low, high = VERBAL_SHARES[word.lower()]
        return f"{float(100 * low):g}% to {float(100 * high):g}%"

    @staticmethod
    def software_versions() -> str:
        """The running environment, as the methods section reports it."""
        packages = ", ".join(f"{name} {version(name)}" for name in SOFTWARE)
        return f"Python {platform.python_version()}; {packages}"


def status_counts(rows: list[AuditRow]) -> dict[str, int]:
    """How many printed numbers match, mismatch, or cannot be recomputed."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts

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

from analysis.audit import STATUSES, AuditRow, agrees, audit, rules_text, span
from analysis.bounds import frechet_bounds
from analysis.codebook import FIELD_BY_NAME
from analysis.consistency import AUDIT_PROCEDURES, VERBAL_SHARES, PrintedShare
from analysis.estimates import abstract_shares, strength_shares
from analysis.formats import interval, percent
from analysis.measures import count_measure, label_of
from analysis.paths import ROOT, is_reconstruction, responses_path
from analysis.provenance import Provenance, bound_key, markdown
from analysis.provenance import span as mark
from analysis.sensitivity import disagreement_shares, robustness

SOFTWARE = ("pandas", "numpy", "statsmodels", "pandera", "frictionless", "matplotlib", "seaborn", "jupytext",
            "nbclient", "nbval", "pytest", "hypothesis", "pypandoc-binary", "typst")
WILSON_CODE = "analysis.estimates.wilson_interval (statsmodels proportion_confint, method='wilson')"
GOODMAN_CODE = "analysis.estimates.goodman_intervals (statsmodels multinomial_proportions_confint, method='goodman')"
COUNT_CODE = "analysis.measures.count_measure"


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
        self.disagreements = disagreement_shares(self.rows, ledger, self.respondents)
        self._claims = ledger.set_index("id")
        self._provenance = Provenance(type(self), Path(source) if source else None)
        self._where: tuple[str, str | None] = ("", None)

    # -- markup ---------------------------------------------------------------------------------

    def _data_file(self) -> str:
        path = Path(self.data_path).resolve()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    def _value(self, text: str, *, recomputed: str, claims: list[str] = (), columns: list[str] = (),
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
            shown = PrintedShare.parse(row.published).text
            claim = self._claims.loc[row.id]
            n = int(claim["denominator"])  # the audit's ranges are out of the printed N
            text += f" The data give exactly {row.recomputed_percent:.2f}%."
            if claim["count_id"]:
                count = self.printed(claim["count_id"])
                agreement = (f"agree with each other under {rules_text(row.rules)}" if row.rules
                             else "agree under none of the rounding procedures checked")
                text += f" The printed {count} of {n} and {shown} {agreement}."
                if not agrees(row.rules):
                    text += f" Out of {n}, {shown} corresponds to {span(row.consistent_counts, '–')} respondents"
                    if row.consistent_denominators:
                        text += (f"; {count} gives {shown} only for N = "
                                 f"{span(row.consistent_denominators, '–')}")
                    text += "."
            elif row.consistent_counts:
                text += (f" No count is printed; out of {n}, the counts that print as {shown} are "
                         f"{span(row.consistent_counts, '–')} (under {rules_text(row.rules)}).")
            else:
                text += f" No count is printed, and no count out of {n} prints as {shown} under any procedure checked."
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
        groups = [[r for r in percentages if agrees(r.rules)],
                  [r for r in percentages if r.rules and not agrees(r.rules)],
                  [r for r in percentages if not r.rules]]
        conventional, other, none = (self._value(str(len(group)), recomputed=f"{len(group)} of {len(percentages)}",
                                                 code="analysis.consistency.procedures_reproducing")
                                     for group in groups)
        other_rules = [rule for rule in AUDIT_PROCEDURES if any(rule in r.rules for r in groups[1])]
        return markdown(f"Of the {len(percentages)} printed percentages, {conventional} follow from the printed "
                        f"counts and N under conventional rounding (half up or half down), {other} only under "
                        f"{rules_text(other_rules, none='another procedure', last=' or ')}, and {none} under none "
                        f"of the procedures checked.")

    @located
    def disagreement_impact(self) -> markdown:
        """Whether any reading of the abstract depends on which count behind a disagreement is right."""
        if self.disagreements.empty:
            return markdown("No printed percentage disagrees with its printed count, so nothing here depends on it.")
        check = robustness(self.disagreements, self.ledger)
        code = "analysis.sensitivity.robustness"

        def names(labels: list[str]) -> str:
            return self._value(", ".join(label.lower() for label in labels) or "none",
                               recomputed=f"{len(labels)} of {len(self.disagreements)}", code=code)

        def questions(columns: list[str]) -> str:
            return " and ".join(f"“{FIELD_BY_NAME[column].title}”" for column in columns)

        if not check.outside_interval:
            first = ("Whichever count in these ranges is right, every share stays inside the 95% interval of "
                     "the printed count")
        else:
            first = (f"For {names(check.outside_interval)}, a count in the range would move the share outside "
                     f"the 95% interval of the printed count")
        if check.order_changed:
            second = (f"the categories of {questions(check.order_changed)} could change order, so the "
                      f"abstract's ranking depends on which count is right")
        elif check.order_kept:
            second = f"the categories of {questions(check.order_kept)} keep the order their printed counts give them"
        else:
            second = "no two categories of one question are at stake"
        verdict = ("no conclusion of the abstract depends on which count is right"
                   if not (check.outside_interval or check.order_changed)
                   else "the abstract's conclusions should be read with this in mind")
        checked = (f"{len(check.outside_interval)} of {len(self.disagreements)} ranges leave the printed count's "
                   f"interval; {len(check.order_changed)} of {len(check.order_kept + check.order_changed)} "
                   f"orders can change")
        return markdown(f"{first}, and {second}; {self._value(verdict, recomputed=checked, code=code)}.")

    @staticmethod
    def rounding_checked() -> str:
        """The rounding procedures the audit checks, in words."""
        return rules_text(AUDIT_PROCEDURES, last=" and ")

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

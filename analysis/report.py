"""Sentences and numbers for the manuscript, each computed from the data in use.

Every inline expression of ``paper.qmd`` calls a method of :class:`Paper`; the
render stops on one that does not (:func:`analysis.provenance.carries_provenance`).
A method that prints a value returns an ``IPython.display.Markdown`` span marked
with its provenance (:mod:`analysis.provenance`): the expression and its place
in the manuscript, the claims of the published abstract it reproduces and their
audit verdicts, the data files with their SHA-256, the columns, and the code.
A method that prints words only (the data statement) returns markdown without a
span. Nothing here is typed by hand except wording, and every text from data is
escaped where it enters markdown (:func:`analysis.formats.markdown_text`).
"""

from __future__ import annotations

import difflib
import functools
import importlib
import platform
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from analysis.audit import STATUSES, AuditRow, agrees, audit, rules_text, span
from analysis.bounds import frechet_bounds
from analysis.codebook import FIELD_BY_NAME
from analysis.consistency import AUDIT_PROCEDURES, VERBAL_SHARES, PrintedShare
from analysis.estimates import strength_shares, wilson_interval
from analysis.formats import interval, markdown_text, percent
from analysis.ledger import LEDGER_PATH
from analysis.measures import count_measure, count_within, label_of, parse_measure
from analysis.paths import ROOT, is_reconstruction, responses_path
from analysis.provenance import ProvenanceError, carries_provenance, inline_expression, sha256
from analysis.provenance import span as mark
from analysis.sensitivity import disagreement_shares, robustness

SOFTWARE = ("pandas", "numpy", "statsmodels", "pandera", "frictionless", "matplotlib", "seaborn", "jupytext",
            "nbclient", "nbval", "pytest", "hypothesis", "pypandoc-binary", "typst")
WILSON_CODE = "analysis.estimates.wilson_interval (statsmodels proportion_confint, method='wilson')"
GOODMAN_CODE = "analysis.estimates.goodman_intervals (statsmodels multinomial_proportions_confint, method='goodman')"
COUNT_CODE = "analysis.measures.count_measure"
LEDGER_CODE = "analysis.ledger.read_ledger"


def located(method):
    """Run ``method`` knowing which expression asks and where the manuscript writes it (``self._where``).

    A call made while another is running (a sentence that uses a number) keeps the outer call's place.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._where is not None:
            return method(self, *args, **kwargs)
        expression = inline_expression()
        if expression is None:  # a chunk, a notebook, the REPL: the call itself, and no line
            arguments = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
            expression, places = f"paper.{method.__name__}" + (f"({arguments})" if method.__name__ != "n" else ""), []
        else:
            places = self._places.of(expression) if self._places is not None else []
        self._where = {"expression": expression, "places": places, "parts": 0}
        try:
            return method(self, *args, **kwargs)
        except ValueError as error:  # a typo in a measure or an id (MeasureError too): say where it is written
            if places:
                raise type(error)(f"{'; '.join(places)}: `{expression}`: {error}") from None
            raise
        finally:
            self._where = None

    return wrapper


class Paper:
    """Every number and sentence the manuscript prints, from one respondent table and the ledger.

    ``places``: where the manuscript writes each inline expression (``render.places.InlinePlaces``);
    given, every inline expression is first checked to be a call of this class, and each value
    names its lines. ``data_path`` and ``ledger_path``: the files ``responses`` and ``ledger`` were
    read from (default: the respondent file in use and the shipped ledger), hashed once here.
    """

    def __init__(self, responses: pd.DataFrame, ledger: pd.DataFrame, places=None,
                 data_path: Path | None = None, ledger_path: Path | None = None):
        self.responses, self.ledger = responses, ledger
        self.respondents = len(responses)
        self.data_path = Path(data_path or responses_path())
        self.rows = audit(ledger, responses)
        self.by_id = {row.id: row for row in self.rows}
        self.strengths = strength_shares(responses).set_index("measure")
        self.disagreements = disagreement_shares(self.rows, ledger, self.respondents)
        self._claims = ledger.set_index("id")
        self._files = {name: (self._relative(path), sha256(path))
                       for name, path in (("responses", self.data_path), ("ledger", ledger_path or LEDGER_PATH))}
        self._places = places
        self._where: dict | None = None
        for expression, place in places or []:
            if not carries_provenance(expression, type(self)):
                raise ProvenanceError(
                    f"{place}: inline expression `{expression}` prints a value without provenance: compute it "
                    f"with a method of Paper (paper.count, paper.share, paper.overlap, or paper.value for any "
                    f"function of the data), so that it is marked, listed and checked")

    # -- markup ---------------------------------------------------------------------------------

    @staticmethod
    def _relative(path: Path) -> str:
        path = Path(path).resolve()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    def _value(self, text: str, *, recomputed: str, claims: list[str] = (), columns: list[str] = (),
               code: str = COUNT_CODE, files: tuple[str, ...] = ("responses",)) -> str:
        """``text`` (markdown) as a computed span with the provenance of the current call.

        ``files``: what the value is computed from (``responses``, ``ledger``); the ledger is added
        whenever the value reproduces claims, whose printed values and verdicts come from it.
        """
        where = self._where or {"expression": "", "places": [], "parts": 0}
        where["parts"] += 1
        rows = [self.by_id[claim] for claim in claims]
        used = [self._files[name] for name in dict.fromkeys([*files, *(["ledger"] if rows else [])])]
        return mark(text, {
            "data-expr": where["expression"],
            "data-source": "; ".join(where["places"]),
            "data-part": str(where["parts"]),  # which span of the printed value (see analysis.provenance)
            "data-claim": " ".join(row.id for row in rows),
            "data-verdict": " ".join(row.status for row in rows),
            "data-printed": " · ".join(dict.fromkeys(f"“{row.quote}”" for row in rows)),
            "data-recomputed": recomputed,
            "data-reason": " | ".join(f"{row.published}: {row.note}" for row in rows if row.note),
            "data-file": " ".join(path for path, _ in used),
            "data-sha256": " ".join(digest for _, digest in used),
            "data-columns": " ".join(columns),
            "data-code": code,
        })

    def _claims_of(self, measure: str, kinds: tuple[str, ...] = ("count", "percentage", "verbal")) -> list[str]:
        rows = self.ledger[(self.ledger["measure"] == measure) & self.ledger["kind"].isin(kinds)]
        return list(rows["id"])

    @staticmethod
    def _columns(*measures: str) -> list[str]:
        return list(dict.fromkeys(column for m in measures if (column := parse_measure(m).column)))

    # -- numbers --------------------------------------------------------------------------------

    @property
    @located
    def n(self) -> Markdown:
        """The number of respondents."""
        claims = [c for c in self._claims_of("*") if c == "respondents_total"]
        return Markdown(self._value(str(self.respondents), claims=claims, recomputed=f"{self.respondents} rows",
                                    code="len(responses)"))

    @located
    def count(self, measure: str) -> Markdown:
        """How many respondents satisfy ``measure``, e.g. ``181``."""
        k = count_measure(self.responses, measure)
        return Markdown(self._value(str(k), recomputed=f"{k}/{self.respondents}", columns=self._columns(measure)))

    @located
    def share(self, measure: str, simultaneous: bool = False, among: str | None = None) -> Markdown:
        """``327/362 (90.3%; 95% CI 86.9–93.0%)``: the share satisfying ``measure`` with its 95% interval.

        Wilson score interval, of every respondent or, with ``among``, of those satisfying it
        (``share("weakness_confidentiality=true", among="mentor_experience=positive")``). With
        ``simultaneous``, the Goodman simultaneous interval of a strength category.
        """
        if simultaneous:
            if among is not None or measure not in self.strengths.index:
                raise ValueError(f"simultaneous intervals are computed for the strength categories of every "
                                 f"respondent only ({', '.join(self.strengths.index)}), not for `{measure}`"
                                 + (f" among `{among}`" if among else ""))
            row = self.strengths.loc[measure]
            k, n, lower, upper = int(row["count"]), int(row["n"]), row["lower"], row["upper"]
        else:
            k, n = count_within(self.responses, measure, among or "*")
            if n == 0:
                raise ValueError(f"no respondent satisfies `{among}`: the share among them is undefined")
            lower, upper = wilson_interval(k, n)
        text = f"{k}/{n} ({percent(k / n)}; {interval(lower, upper)})"
        exact = f"{k}/{n} = {100 * k / n:.2f}%" + (f" of the {n} with {among}" if among else "")
        return Markdown(self._value(text, claims=[] if among else self._claims_of(measure), recomputed=exact,
                                    columns=self._columns(measure, *([among] if among else [])),
                                    code=GOODMAN_CODE if simultaneous else WILSON_CODE))

    @located
    def overlap(self, a: str, b: str) -> Markdown:
        """What the marginals say about respondents with both ``a`` and ``b``: Fréchet bounds."""
        bounds = frechet_bounds(count_measure(self.responses, a), count_measure(self.responses, b), self.respondents)
        text = (f"between {bounds.lower} and {bounds.upper} of {self.respondents} respondents "
                f"({percent(bounds.lower_share)} to {percent(bounds.upper_share)})")
        return Markdown(self._value(text, recomputed=f"max(0, {bounds.a} + {bounds.b} − {bounds.n}) to "
                                                     f"min({bounds.a}, {bounds.b})",
                                    columns=self._columns(a, b), code="analysis.bounds.frechet_bounds"))

    @located
    def value(self, function: str, *args, data: str = "responses", **kwargs) -> Markdown:
        """Any value of the data, computed by a function named by its import path, marked with its provenance.

        ``paper.value("analysis.measures.count_measure", "strength")`` calls
        ``count_measure(responses, "strength")``: the function gets the respondent table (``data``:
        ``"responses"``), the ledger (``"ledger"``) or both (``"both"``, in that order), then ``args``
        and ``kwargs``. It returns the text to print or a number (printed with ``str``). Named by its
        path, not passed, so that the expression alone says what to re-run (``python -m analysis verify``).
        """
        module, _, name = function.rpartition(".")
        try:
            compute = getattr(importlib.import_module(module), name, None) if module else None
        except ImportError:
            compute = None
        if not callable(compute):
            raise ValueError(f"paper.value needs a function named by its import path, e.g. "
                             f"`analysis.measures.count_measure`; `{function}` is not one")
        inputs = {"responses": (self.responses,), "ledger": (self.ledger,), "both": (self.responses, self.ledger)}
        if data not in inputs:
            raise ValueError(f"paper.value: data must be one of {', '.join(inputs)}, not `{data}`")
        result = compute(*inputs[data], *args, **kwargs)
        files = {"responses": ("responses",), "ledger": ("ledger",), "both": ("responses", "ledger")}[data]
        return Markdown(self._value(markdown_text(result), recomputed=str(result), code=function, files=files))

    @located
    def unnamed_strength_count(self) -> Markdown:
        k = count_measure(self.responses, "strength=unreported")
        return Markdown(self._value(str(k), recomputed=f"{k}/{self.respondents}", columns=["strength"]))

    @located
    def audit_count(self, status: str) -> Markdown:
        """How many printed numbers the audit gives ``status`` (``checked``: match plus mismatch)."""
        if status not in (*STATUSES, "checked"):
            raise ValueError(f"unknown audit status `{status}`: allowed: {', '.join((*STATUSES, 'checked'))}")
        statuses = ("match", "mismatch") if status == "checked" else (status,)
        k = sum(row.status in statuses for row in self.rows)
        return Markdown(self._value(str(k), recomputed=f"{k} of {len(self.rows)} ledger rows",
                                    code="analysis.audit.audit", files=("responses", "ledger")))

    @located
    def ledger_rows(self, abstract_only: bool = False) -> Markdown:
        """How many numbers the ledger holds (those of the abstract's text only, with ``abstract_only``)."""
        rows = self.ledger[self.ledger["basis"] != "bibliographic"] if abstract_only else self.ledger
        return Markdown(self._value(str(len(rows)), recomputed=f"{len(rows)} rows of {self._files['ledger'][0]}",
                                    code=LEDGER_CODE, files=("ledger",)))

    # -- sentences ------------------------------------------------------------------------------

    @located
    def data_statement(self) -> Markdown:
        """The sentence that says what the data are: the reconstruction, or the file supplied."""
        if is_reconstruction(Path(self.data_path)):
            return Markdown("**The respondent-level data analysed here are a reconstruction**, generated by code from "
                            "the aggregate numbers printed in the published abstract; they are not the survey's "
                            "responses. Every marginal count equals what the abstract states; no cross-tabulation of "
                            "these data is evidence.")
        return Markdown(f"**The respondent-level data analysed here are the file supplied through `PAPER_DATA` "
                        f"({markdown_text(self.data_path.name)})**, not the reconstruction shipped with this package.")

    @located
    def by_construction(self) -> str:
        """Whose counts the check compares: the reconstruction's agree with the abstract by design."""
        if is_reconstruction(Path(self.data_path)):
            return " (the counts agree by construction of the reconstruction)"
        return " (in the respondent file supplied)"

    def _recomputed(self, row: AuditRow) -> str:
        return self._value(markdown_text(row.recomputed), claims=[row.id], recomputed=row.recomputed,
                           columns=self._columns(self._claims.loc[row.id, "measure"]))

    @located
    def mismatch_summary(self) -> Markdown:
        """One clause per mismatch, for the abstract: ``40% for ... (recomputed 39%)``."""
        clauses = []
        for row in self.rows:
            if row.status != "mismatch":
                continue
            if row.kind == "list_length":
                clauses.append(f"“{markdown_text(row.published)}” strengths announced where "
                               f"{self._recomputed(row)} are named")
            else:
                label = markdown_text(label_of(self._claims.loc[row.id, "measure"]).lower())
                clauses.append(f"{markdown_text(row.published)} for {label} (recomputed {self._recomputed(row)})")
        return Markdown("; ".join(clauses))

    def _explain(self, row: AuditRow) -> str:
        text = (f"{self._quoted(row.id)}: printed {markdown_text(row.published)}, "
                f"recomputed {self._recomputed(row)}.")
        if row.kind == "percentage" and row.recomputed_percent is not None:
            shown = markdown_text(PrintedShare.parse(row.published).text)
            claim = self._claims.loc[row.id]
            n = int(claim["denominator"])  # the audit's ranges are out of the printed N
            text += f" The data give exactly {row.recomputed_percent:.2f}%."
            if claim["count_id"]:
                count = markdown_text(self._claims.loc[claim["count_id"], "printed"])
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
    def mismatch_list(self) -> Markdown:
        """A markdown list explaining each mismatch."""
        return Markdown("\n".join(f"- {self._explain(row)}" for row in self.rows if row.status == "mismatch"))

    @located
    def consistency_summary(self) -> Markdown:
        """How the printed percentages fare against their own counts and N, in words, from the audit."""
        percentages = [row for row in self.rows if row.kind == "percentage"]
        groups = [[r for r in percentages if agrees(r.rules)],
                  [r for r in percentages if r.rules and not agrees(r.rules)],
                  [r for r in percentages if not r.rules]]
        conventional, other, none = (self._value(str(len(group)), recomputed=f"{len(group)} of {len(percentages)}",
                                                 code="analysis.consistency.procedures_reproducing")
                                     for group in groups)
        other_rules = [rule for rule in AUDIT_PROCEDURES if any(rule in r.rules for r in groups[1])]
        return Markdown(f"Of the {len(percentages)} printed percentages, {conventional} follow from the printed "
                        f"counts and N under conventional rounding (half up or half down), {other} only under "
                        f"{rules_text(other_rules, none='another procedure', last=' or ')}, and {none} under none "
                        f"of the procedures checked.")

    @located
    def disagreement_impact(self) -> Markdown:
        """Whether any reading of the abstract depends on which count behind a disagreement is right."""
        if self.disagreements.empty:
            return Markdown("No printed percentage disagrees with its printed count, so nothing here depends on it.")
        check = robustness(self.disagreements, self.ledger)
        code = "analysis.sensitivity.robustness"

        def names(labels: list[str]) -> str:
            return self._value(markdown_text(", ".join(label.lower() for label in labels) or "none"),
                               recomputed=f"{len(labels)} of {len(self.disagreements)}", code=code)

        def questions(columns: list[str]) -> str:
            return " and ".join(f"“{markdown_text(FIELD_BY_NAME[column].title)}”" for column in columns)

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
        return Markdown(f"{first}, and {second}; {self._value(verdict, recomputed=checked, code=code)}.")

    @staticmethod
    def rounding_checked() -> str:
        """The rounding procedures the audit checks, in words."""
        return rules_text(AUDIT_PROCEDURES, last=" and ")

    # -- words of the abstract and of the code ----------------------------------------------------

    def _claim(self, claim_id: str) -> pd.Series:
        """A ledger row by id; an unknown id stops with the nearest ones."""
        if claim_id not in self._claims.index:
            close = difflib.get_close_matches(str(claim_id), list(self._claims.index), n=3)
            raise ValueError(f"no ledger row has the id `{claim_id}`"
                             + (f": did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""))
        return self._claims.loc[claim_id]

    def _quoted(self, claim_id: str) -> str:
        return markdown_text(f"“{self._claim(claim_id)['quote']}”")

    @located
    def quote(self, claim_id: str) -> Markdown:
        """The abstract's own words for a ledger row, in quotation marks."""
        return Markdown(self._value(self._quoted(claim_id), claims=[claim_id], recomputed="quoted from the ledger",
                                    code=LEDGER_CODE, files=("ledger",)))

    @located
    def printed(self, claim_id: str) -> Markdown:
        """A ledger row's value exactly as printed."""
        printed = str(self._claim(claim_id)["printed"])
        return Markdown(self._value(markdown_text(printed), claims=[claim_id], recomputed="as printed, from the ledger",
                                    code=LEDGER_CODE, files=("ledger",)))

    @located
    def verbal_range(self, word: str) -> Markdown:
        """The share a verbal quantity is read as covering, e.g. ``45% to 55%`` for "half" (a judgement)."""
        low, high = VERBAL_SHARES[word.lower()]
        text = f"{float(100 * low):g}% to {float(100 * high):g}%"
        return Markdown(self._value(text, recomputed="a judgement fixed in the code",
                                    code="analysis.consistency.VERBAL_SHARES", files=()))

    @located
    def software_versions(self) -> Markdown:
        """The running environment, as the methods section reports it."""
        packages = ", ".join(f"{name} {version(name)}" for name in SOFTWARE)
        return Markdown(self._value(markdown_text(f"Python {platform.python_version()}; {packages}"),
                                    recomputed="the environment of this render",
                                    code="platform.python_version, importlib.metadata.version", files=()))


def status_counts(rows: list[AuditRow]) -> dict[str, int]:
    """How many printed numbers match, mismatch, or cannot be recomputed."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts

"""Every number the paper shows is bound to the data: render it on data where each measure has its own count.

The respondent file gives every measure a count that no other measure has and
that differs from the shipped one (tests/helpers.py, ``DISTINCT_COUNTS``). The
paper is rendered on it through ``PAPER_DATA``; every inline value of
``paper.qmd`` and every cell of the share tables must then equal what this test
computes from the counts with the closed-form Wilson and Goodman formulas, in
the HTML, the DOCX and the PDF, and no value computed from the shipped data may
remain. A number typed into the manuscript, or taken from the wrong measure,
fails here.
"""

import html
import re
from collections import Counter

import pytest

from analysis.audit import audit
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT, SHIPPED_RESPONSES
from tests.helpers import (
    DISTINCT_COUNTS,
    docx_text,
    goodman_closed_form,
    html_text,
    normalise,
    pdf_text,
    render,
    respondents_csv,
    wilson_closed_form,
)

pytestmark = pytest.mark.render

STRENGTHS = ["strength=personal_development_support", "strength=communication_interaction",
             "strength=time_relationship_management", "strength=professional_guidance", "strength=unreported"]
WEAKNESSES = ["weakness_none=true", "weakness_confidentiality=true", "weakness_group_hesitancy=true"]


def counts_of(responses) -> dict[str, int]:
    from analysis.measures import count_measure

    return {measure: count_measure(responses, measure) for measure in [*DISTINCT_COUNTS, "strength=unreported"]}


def percent(share: float) -> str:
    return f"{100 * share:.1f}"


class Expected:
    """What the paper must show for given counts, from the closed forms alone."""

    def __init__(self, counts: dict[str, int]):
        self.counts, self.n = counts, counts["*"]
        self.goodman = dict(zip(STRENGTHS, goodman_closed_form([counts[m] for m in STRENGTHS]), strict=True))

    def bounds(self, measure: str, simultaneous: bool = False) -> tuple[float, float]:
        return self.goodman[measure] if simultaneous else wilson_closed_form(self.counts[measure], self.n)

    def share(self, measure: str, simultaneous: bool = False) -> str:
        k, (low, high) = self.counts[measure], self.bounds(measure, simultaneous)
        return f"{k}/{self.n} ({percent(k / self.n)}%; 95% CI {percent(low)}–{percent(high)}%)"

    def cell(self, measure: str, simultaneous: bool = False) -> str:
        k, (low, high) = self.counts[measure], self.bounds(measure, simultaneous)
        return f"{percent(k / self.n)} ({percent(low)}–{percent(high)})"

    def overlap(self, a: str, b: str) -> str:
        low, high = max(0, self.counts[a] + self.counts[b] - self.n), min(self.counts[a], self.counts[b])
        return (f"between {low} and {high} of {self.n} respondents "
                f"({percent(low / self.n)}% to {percent(high / self.n)}%)")

    def inline(self, expression: str) -> str | None:
        """The text of one inline expression of paper.qmd, or None for words (quotes, sentences)."""
        call = re.fullmatch(r"paper\.(\w+)(?:\((.*)\))?", expression)
        name, args = call.group(1), re.findall(r'"([^"]*)"', call.group(2) or "")
        if name == "n":
            return str(self.n)
        if name == "share":
            return self.share(args[0], simultaneous="simultaneous=True" in expression)
        if name == "count":
            return str(self.counts[args[0]])
        if name == "overlap":
            return self.overlap(*args)
        if name == "unnamed_strength_count":
            return str(self.counts["strength=unreported"])
        return None

    def table_rows(self) -> list[tuple[str, str]]:
        """(n/N, share and interval) of every row of the three share tables."""
        ledger = read_ledger()
        abstract = list(dict.fromkeys(ledger.loc[(ledger["basis"] == "recomputable")
                                                 & ledger["measure"].str.contains("="), "measure"]))
        rows = [(f"{self.counts[m]}/{self.n}", self.cell(m)) for m in abstract + WEAKNESSES]
        return rows + [(f"{self.counts[m]}/{self.n}", self.cell(m, simultaneous=True)) for m in STRENGTHS]

    def all_texts(self) -> set[str]:
        inline = {self.inline(e) for e in [*REQUIRED, *INLINE]} - {None}
        return inline | {cell for row in self.table_rows() for cell in row}


INLINE = re.findall(r"`\{python\} (paper\.[^`]+)`", (ROOT / "paper.qmd").read_text(encoding="utf-8"))
#: What the paper must show whatever its text says: the abstract's results and the reconstruction's counts.
#: Written out here, so that an expression replaced by a typed number in paper.qmd is still required.
REQUIRED = [
    "paper.n",
    'paper.share("mentor_experience=positive")',
    *(f'paper.share("{m}", simultaneous=True)' for m in STRENGTHS[:4]),
    *(f'paper.share("{m}")' for m in WEAKNESSES),
    'paper.count("weakness_confidentiality=true")',
    'paper.count("weakness_group_hesitancy=true")',
    "paper.unnamed_strength_count()",
    'paper.overlap("mentor_experience=positive", "weakness_confidentiality=true")',
    'paper.overlap("mentor_experience=positive", "weakness_none=true")',
    'paper.overlap("weakness_confidentiality=true", "weakness_group_hesitancy=true")',
]


@pytest.fixture(scope="module")
def expected(distinct_file):
    return Expected(counts_of(load_responses(distinct_file)))


@pytest.fixture(scope="module")
def shipped_expected():
    return Expected(counts_of(load_responses(SHIPPED_RESPONSES)))


@pytest.fixture(scope="module")
def distinct_file(tmp_path_factory):
    return respondents_csv(tmp_path_factory.mktemp("data") / "distinct.csv", DISTINCT_COUNTS)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, distinct_file):
    out = tmp_path_factory.mktemp("paper") / "_manuscript"
    result = render(ROOT / "paper.qmd", out, env={"PAPER_DATA": str(distinct_file)})
    assert result.returncode == 0, result.stderr
    return {"html": html_text(out / "index.html"), "docx": docx_text(out / "paper.docx"),
            # Typst may break a line after an en dash ("1.9–" / "7.5%"); the extracted text then has a space there.
            "pdf": re.sub(r"–\s+", "–", pdf_text(out / "paper.pdf")),
            "page": (out / "index.html").read_text(encoding="utf-8")}


def test_the_fixture_gives_every_measure_its_own_count(expected, shipped_expected):
    counts = list(expected.counts.values())
    assert len(set(counts)) == len(counts)
    assert all(expected.counts[m] != shipped_expected.counts[m] for m in expected.counts)
    assert len(INLINE) > 30  # the manuscript's inline expressions were found
    assert all(expected.inline(expression) is not None for expression in REQUIRED)


def test_every_computed_span_of_the_html_equals_the_closed_form(rendered, expected):
    spans = re.findall(r'<span\b([^>]*\bclass="computed"[^>]*)>(.*?)</span>', rendered["page"], re.DOTALL)
    checked = 0
    for attributes, text in spans:
        expression = html.unescape(re.search(r'data-expr="([^"]*)"', attributes).group(1))
        want = expected.inline(expression)
        if want is not None:
            assert normalise(html.unescape(re.sub(r"<[^>]+>", "", text))) == want, expression
            checked += 1
    assert checked >= sum(expected.inline(e) is not None for e in INLINE)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_value_is_in_each_format(rendered, expected, fmt):
    text = rendered[fmt]
    missing = [value for value in sorted(expected.all_texts()) if value not in text]
    assert not missing, missing
    # As often as the manuscript asks for it: one value typed in where an expression was drops the count.
    wanted = Counter(expected.inline(e) for e in INLINE if expected.inline(e) is not None and "/" in expected.inline(e))
    short = {value: (text.count(value), times) for value, times in wanted.items() if text.count(value) < times}
    assert not short, short


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_each_table_row_pairs_its_count_with_its_own_interval(rendered, expected, fmt):
    for count, cell in expected.table_rows():
        assert f"{count} {cell}" in rendered[fmt], (count, cell)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_no_value_computed_from_the_shipped_data_remains(rendered, expected, shipped_expected, fmt):
    text = rendered[fmt]
    # The abstract's quotes, the ledger's notes and what the audit says of the printed numbers alone (e.g.
    # "Printed 141/362 = 38.95%") stay, so bare counts and strings found in them are not checked.
    ledger = read_ledger()
    words = " ".join([*ledger["quote"], *ledger["note"], *(row.note for row in audit(ledger))])
    stale = [value for value in sorted(shipped_expected.all_texts() - expected.all_texts())
             if not value.isdigit() and value not in words]
    assert len(stale) > 20
    assert not [value for value in stale if value in text]
    assert "Of 362 respondents" not in text and "includes 362 respondents" not in text
    assert "are a reconstruction" not in text and "supplied through PAPER_DATA" in text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_audit_verdicts_follow_the_data(rendered, fmt):
    # 137/340 = 40.29% turns the printed 40% into a match; 301/340 = 88.53% turns 90.3% into a mismatch.
    text = rendered[fmt]
    assert ("Of the 17 printed numbers that the data can check (in the respondent file supplied), "
            "4 reproduce at their printed precision and 13 do not") in text
    assert "90.3% for positive experience with mentor (recomputed 88.5%)" in text
    assert "40% for personal development" not in text and "(recomputed 39%)" not in text
    if fmt != "pdf":  # table cells wrap in the PDF; the reading order of a row is kept in HTML and DOCX
        assert "40% 40% matches Data: 137/340 = 40.29%." in text
        assert "90.3% 88.5% mismatch Data: 301/340 = 88.53%." in text

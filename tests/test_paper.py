"""End to end: render paper.qmd without Quarto and check what a reader sees."""

import re
import shutil

import pandas as pd
import pytest
from docx import Document as Docx
from pypdf import PdfReader

from analysis.audit import audit
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT, SHIPPED_RESPONSES
from tests.helpers import docx_text, excel_export, html_text, pdf_overprinted, pdf_pages, pdf_text, render, render_paper

pytestmark = pytest.mark.render
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return render_paper(tmp_path_factory.mktemp("paper") / "_manuscript")


@pytest.fixture(scope="module")
def modified_data(tmp_path_factory):
    data = pd.read_csv(SHIPPED_RESPONSES, dtype=str)
    positives = data.index[data["mentor_experience"] == "positive"][:30]
    data.loc[positives, "mentor_experience"] = "not_positive"
    to_guidance = data.index[data["strength"] == "personal_development_support"][:12]
    data.loc[to_guidance, "strength"] = "professional_guidance"
    path = tmp_path_factory.mktemp("data") / "modified.csv"
    data.to_csv(path, index=False)
    return path


def abstract_of(text: str) -> str:
    """The abstract, as the reader sees it: from its Objective to its Conclusion's end."""
    return text[text.index("Objective:"):text.index("The respondent-level data analysed here")]


def expected_numbers(responses) -> list[str]:
    """count/N (share%) for every recomputable count in the ledger, from the audit."""
    ledger = read_ledger().set_index("id")
    rows = {row.id: row for row in audit(read_ledger(), responses)}
    n = int(rows["respondents_total"].recomputed)
    return [f"{int(row.recomputed)}/{n} ({100 * int(row.recomputed) / n:.1f}%" for row_id, row in rows.items()
            if row.kind == "count" and ledger.loc[row_id, "measure"] != "*"]


EXTRACT = {"html": lambda out: html_text(out / "index.html"), "docx": lambda out: docx_text(out / "paper.docx"),
           "pdf": lambda out: pdf_text(out / "paper.pdf")}


@pytest.mark.parametrize("fmt", EXTRACT)
def test_inline_numbers_equal_the_audit_recomputation(shipped, fmt):
    text = EXTRACT[fmt](shipped)
    for number in expected_numbers(load_responses(SHIPPED_RESPONSES)):
        assert number in text, number
    for row in audit(read_ledger(), load_responses(SHIPPED_RESPONSES)):
        if row.status == "mismatch" and row.kind == "percentage":
            assert f"{row.published} for" in text and f"(recomputed {row.recomputed})" in text


@pytest.mark.parametrize("fmt", EXTRACT)
def test_nothing_unresolved_and_nothing_literal(shipped, fmt):
    text = EXTRACT[fmt](shipped)
    assert "{python}" not in text and "??" not in text and "{{<" not in text and "?meta:" not in text
    assert not re.search(r"@(fig|tbl|eq|sec)-", text)
    assert "are a reconstruction" in text
    # defects 1 and 2 under quarto render: markdown from a str printed literally
    assert "**" not in text and "\\n" not in text and "\\-" not in text
    assert "{.computed" not in text and "data-expr" not in text  # provenance markup stays in the HTML
    for label in ("Figure 1", "Figure 2", "Figure 3", "Table 1", "Table 2", "Table 3", "Table 4", "Table 5"):
        assert label in text


@pytest.mark.parametrize("fmt", EXTRACT)
def test_the_software_section_names_the_commit_and_the_engine(shipped, fmt):
    import subprocess

    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    text = EXTRACT[fmt](shipped).replace("\xad", "-")  # pypdf reads Typst's hyphen as a soft hyphen
    assert re.search(rf"rendered from commit {head}( with uncommitted changes)? of the package’s repository, by "
                     r"no-Quarto render path \(", text)


def test_the_data_statement_is_bold_and_the_mismatches_a_list(shipped):
    page = (shipped / "index.html").read_text()
    assert re.search(r"<strong>The respondent-level data analysed here are a\s+reconstruction</strong>", page)
    mismatches = sum(row.status == "mismatch" for row in audit(read_ledger(), load_responses(SHIPPED_RESPONSES)))
    lists = re.findall(r"<ul>(.*?)</ul>", page[page.index('id="the-audit"'):], re.DOTALL)
    assert lists and lists[0].count("<li>") == mismatches
    document = Docx(str(shipped / "paper.docx"))
    statement = next(p for p in document.paragraphs if p.text.startswith("The respondent-level data"))
    assert statement.runs[0].bold and "**" not in statement.text


def test_html_abstract_is_in_the_title_block_with_its_label(shipped):
    page = (shipped / "index.html").read_text()
    header = page[page.index('<header id="title-block-header"'):page.index("</header>")]
    assert 'class="abstract-title">Abstract</h2>' in header and "Objective:" in header and "Conclusion:" in header
    body = page[page.index("<main"):]
    assert "Objective:" not in body


def test_pdf_first_page_has_title_abstract_and_data_statement(shipped):
    first = pdf_pages(shipped / "paper.pdf")[0]
    assert "Abstract" in first and "Objective:" in first and "are a reconstruction" in first


def test_pdf_tables_break_across_pages_and_one_reference_heading(shipped):
    pdf = shipped / "paper.pdf"
    assert pdf_overprinted(pdf) == [], "text printed on top of other text (a table that does not break)"
    text = pdf_text(pdf)
    assert text.count("References") == 1 and "Bibliography" not in text
    pages = PdfReader(pdf).pages
    assert len(pages) >= 3 and pages[1].extract_text().strip().endswith("2")


def test_docx_has_word_tables_and_numbered_references(shipped):
    document = Docx(str(shipped / "paper.docx"))
    assert len(document.tables) == 5
    assert document.tables[3].rows[0].cells[0].text == "Abstract says"
    references = [p.text for p in document.paragraphs if re.match(r"^\s*\d+\.\s", p.text)]
    assert any("GRIM" in text for text in references) and any("Wilson" in text for text in references)


def test_paper_data_changes_the_abstract(shipped, modified_data, tmp_path):
    out = render_paper(tmp_path / "_manuscript", modified_data)
    text = html_text(out / "index.html")
    modified_abstract, shipped_abstract = abstract_of(text), abstract_of(html_text(shipped / "index.html"))
    for number in expected_numbers(load_responses(modified_data)):
        assert number in modified_abstract, number
    assert "327/362 (90.3%" in shipped_abstract and "327/362 (90.3%" not in modified_abstract
    assert "297/362 (82.0%" in modified_abstract  # 327 - 30 positives
    assert "supplied through PAPER_DATA" in text and "are a reconstruction" not in text


def test_an_excel_export_of_the_data_renders_the_same_numbers(shipped, tmp_path):
    """Excel's "CSV UTF-8" (BOM, semicolons, CRLF, TRUE/FALSE) as PAPER_DATA gives the shipped data's paper."""
    out = render_paper(tmp_path / "_manuscript", excel_export(tmp_path))
    numbers = [re.findall(r"\d+/\d+ \(\d+\.\d%", abstract_of(html_text(folder / "index.html")))
               for folder in (out, shipped)]
    assert len(numbers[1]) >= 7 and numbers[0] == numbers[1]


def test_bad_paper_data_fails_with_its_message_and_leaves_outputs(tmp_path):
    out = tmp_path / "_manuscript"
    out.mkdir()
    (out / "index.html").write_text("previous render")
    bad = ROOT / "tests" / "fixtures" / "bad" / "unknown_category.csv"
    result = render(ROOT / "paper.qmd", out, "--figures", str(tmp_path / "figures"), env={"PAPER_DATA": str(bad)})
    assert result.returncode != 0
    assert "unknown_category.csv, row 2 (line 3), column 'strength'" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.html").read_text() == "previous render" and not (tmp_path / "figures").exists()

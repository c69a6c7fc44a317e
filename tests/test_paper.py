"""End to end: render paper.qmd without Quarto and check what a reader sees."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from docx import Document as Docx
from pypdf import PdfReader

from analysis.audit import audit
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import ROOT, SHIPPED_RESPONSES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render_paper(out: Path, paper_data: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PAPER_DATA"}
    if paper_data:
        env["PAPER_DATA"] = str(paper_data)
    result = subprocess.run([sys.executable, "-m", "render", "paper.qmd", "--out", str(out), "--engine", "python"],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return out


def html_text(out: Path) -> str:
    html = (out / "index.html").read_text()
    html = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def abstract_of(text: str) -> str:
    """The abstract: from its Objective to its Conclusion, as the reader sees it."""
    return text[text.index("Objective:"):text.index("Introduction")]


def docx_text(out: Path) -> str:
    document = Docx(str(out / "paper.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", " ", " ".join([p.text for p in document.paragraphs] + cells))


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


def expected_numbers(responses) -> list[str]:
    """count/N (share%) for every recomputable count in the ledger, from the audit."""
    ledger = read_ledger().set_index("id")
    rows = {row.id: row for row in audit(read_ledger(), responses)}
    n = int(rows["respondents_total"].recomputed)
    numbers = []
    for row_id, row in rows.items():
        if row.kind == "count" and ledger.loc[row_id, "measure"] not in ("*",):
            count = int(row.recomputed)
            numbers.append(f"{count}/{n} ({100 * count / n:.1f}%")
    return numbers


@pytest.mark.parametrize("extract", [html_text, docx_text], ids=["html", "docx"])
def test_inline_numbers_equal_the_audit_recomputation(shipped, extract):
    text = extract(shipped)
    for number in expected_numbers(load_responses(SHIPPED_RESPONSES)):
        assert number in text, number
    for row in audit(read_ledger(), load_responses(SHIPPED_RESPONSES)):
        if row.status == "mismatch" and row.kind == "percentage":
            assert f"{row.published} for" in text and f"(recomputed {row.recomputed})" in text


@pytest.mark.parametrize("extract", [html_text, docx_text], ids=["html", "docx"])
def test_nothing_unresolved_and_the_reconstruction_is_stated(shipped, extract):
    text = extract(shipped)
    assert "{python}" not in text and "??" not in text
    assert not re.search(r"@(fig|tbl)-", text)
    assert "are a reconstruction" in text
    for label in ("Figure 1", "Figure 2", "Figure 3", "Table 1", "Table 2", "Table 3", "Table 4"):
        assert label in text


def test_pdf_first_page_states_the_reconstruction_and_has_page_numbers(shipped):
    pages = PdfReader(shipped / "paper.pdf").pages
    first = re.sub(r"\s+", " ", pages[0].extract_text())
    assert "are a reconstruction" in first and "Abstract" in first
    assert len(pages) >= 3 and pages[1].extract_text().strip().endswith("2")


def test_docx_has_word_tables_and_numbered_references(shipped):
    document = Docx(str(shipped / "paper.docx"))
    assert len(document.tables) == 4
    assert document.tables[3].rows[0].cells[0].text == "Abstract says"
    references = [p.text for p in document.paragraphs if re.match(r"^\s*\d+\.\s", p.text)]
    assert any("GRIM" in text for text in references) and any("Wilson" in text for text in references)


def test_paper_data_changes_the_abstract(shipped, modified_data, tmp_path):
    out = render_paper(tmp_path / "_manuscript", modified_data)
    text = html_text(out)
    modified_abstract, shipped_abstract = abstract_of(text), abstract_of(html_text(shipped))
    for number in expected_numbers(load_responses(modified_data)):
        assert number in modified_abstract, number
    assert "327/362 (90.3%" in shipped_abstract and "327/362 (90.3%" not in modified_abstract
    assert "297/362 (82.0%" in modified_abstract  # 327 - 30 positives
    assert "supplied through PAPER_DATA" in text and "are a reconstruction" not in text


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium: `apt-get install chromium` (see README) to run the browser test")
def test_html_in_headless_chromium(shipped, tmp_path):
    from playwright.sync_api import sync_playwright

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=flags)
        page = browser.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((shipped / "index.html").as_uri(), wait_until="load")
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
        toc_targets = page.eval_on_selector_all(
            "nav#TOC a[href^='#']", "els => els.map(e => !!document.getElementById(e.getAttribute('href').slice(1)))")
        overflowing = page.eval_on_selector_all(
            "table", "els => els.filter(e => e.scrollWidth > e.parentElement.clientWidth + 1).length")
        page.screenshot(path=str(tmp_path / "paper.png"), full_page=True)
        browser.close()
    assert len(images) == 3 and all(complete and width > 0 for complete, width in images)
    assert toc_targets and all(toc_targets)
    assert errors == []
    assert overflowing == 0, "a table is wider than the text column"
    assert (tmp_path / "paper.png").stat().st_size > 10_000


def test_bad_paper_data_fails_with_its_message_and_leaves_outputs(tmp_path):
    out = tmp_path / "_manuscript"
    out.mkdir()
    (out / "index.html").write_text("previous render")
    bad = ROOT / "tests" / "fixtures" / "bad" / "unknown_category.csv"
    result = subprocess.run([sys.executable, "-m", "render", "paper.qmd", "--out", str(out), "--engine", "python",
                             "--figures", str(tmp_path / "figures")],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PAPER_DATA": str(bad)})
    assert result.returncode != 0
    assert "unknown_category.csv, row 2 (line 3), column 'strength'" in result.stderr and "Traceback" not in result.stderr
    assert (out / "index.html").read_text() == "previous render" and not (tmp_path / "figures").exists()

"""A Word manuscript a journal would accept, checked as LibreOffice lays it out.

The LibreOffice check is skipped, with a message, where `soffice` is not installed
(`.ci/run` installs Debian's libreoffice-writer-nogui).
"""

import re
import shutil
import subprocess

import pytest
from docx import Document as Docx
from docx.shared import Cm, Inches, Pt, Twips
from pypdf import PdfReader

from analysis.paths import ROOT
from render.reference_docx import TARGET, reference_document
from tests.helpers import docx_text, render
from tests.quarto.compare import docx_overflows

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_the_reference_document_is_generated_byte_for_byte():
    stale = "styles/reference.docx is stale: python -m render.reference_docx"
    assert reference_document() == TARGET.read_bytes(), stale


def test_the_reference_document_sets_the_manuscript_format():
    document = Docx(str(TARGET))
    normal = document.styles["Body Text"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(text_width - Cm(16)) < Cm(0.01)
    figure = re.search(r'FIGURE_WIDTH = "([\d.]+)in"', (ROOT / "styles" / "docx-figures.lua").read_text()).group(1)
    # no wider than the text, nor than the 7,920-twip cell quarto render puts a figure in (tests/quarto/compare.py)
    assert Inches(float(figure)) <= text_width and Inches(float(figure)) <= Twips(7920)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("needs LibreOffice: `apt-get install libreoffice-writer-nogui` (see README)")
    out = tmp_path_factory.mktemp("docx") / "_manuscript"
    result = render(ROOT / "paper.qmd", out)
    assert result.returncode == 0, result.stderr
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(out / "paper.docx")],
                   capture_output=True, check=True, timeout=180,
                   env={"HOME": str(out.parent), "PATH": "/usr/bin:/bin"})
    return out / "paper.docx", out / "paper.pdf"


def words(text: str) -> set[str]:
    return {token for token in re.findall(r"[A-Za-z]+", text) if len(token) >= 3}


@pytest.mark.render
def test_no_word_of_the_word_file_is_split_across_lines(laid_out):
    docx, pdf = laid_out
    laid = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    fragments = words(laid) - words(docx_text(docx))
    assert fragments == set(), f"pieces of words broken across lines: {sorted(fragments)[:20]}"


@pytest.mark.render
def test_the_abstract_starts_on_page_one_and_pages_are_numbered(laid_out):
    _, pdf = laid_out
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert "Abstract" in pages[0] and "Objective:" in pages[0] and "Results:" in pages[0]
    assert all(re.search(rf"(^|\s){number}\s*$", text) for number, text in enumerate(pages, start=1))


@pytest.mark.render
def test_tables_are_word_tables_with_short_headings_and_figures_span_the_text(laid_out):
    docx, _ = laid_out
    document = Docx(str(docx))
    assert len(document.tables) == 5
    for table in document.tables:
        headings = [cell.text for cell in table.rows[0].cells]
        assert all(0 < len(heading) <= 20 for heading in headings), headings
    widths = {round(shape.width.cm, 2) for shape in document.inline_shapes}
    assert widths == {13.97}, widths  # 5.5 in: the cell quarto render gives a figure, within the 16 cm text
    assert docx_overflows(docx) == []

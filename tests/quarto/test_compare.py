"""The comparison of the two engines, tested where there is no Quarto: two renders that differ in known ways.

A case is rendered once by the no-Quarto path; a copy is then changed as a defect of one engine would
change it (a label renumbered, a number changed, an image wider than its table cell), and the comparison
must report each, naming the case, the format and the place. Without this, the comparison would only
ever run where Quarto is installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Twips

from tests.helpers import render
from tests.quarto.compare import BY_DESIGN, compare, docx_overflows

HERE = Path(__file__).parent
pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    case = tmp_path_factory.mktemp("compare") / "subfigures-markdown"
    shutil.copytree(HERE / "cases" / "subfigures-markdown", case)
    (case / "doc.qmd").write_text((case / "doc.qmd").read_text().replace(
        "See @fig-elephants for examples.", "See @fig-elephants for 2 examples of 42 elephants."))
    result = render(case / "doc.qmd", case / "out", cwd=case)
    assert result.returncode == 0, result.stderr
    return case / "out"


def changed_copy(path: Path, folder: Path, old: str, new: str) -> Path:
    folder.mkdir()
    copy = folder / path.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_identical_renders_agree(rendered):
    for fmt, name in (("html", "doc.html"), ("docx", "doc.docx"), ("pdf", "doc.pdf")):
        assert compare("subfigures", fmt, rendered / name, rendered / name) == []


def test_a_renumbered_label_is_reported_with_both_texts(rendered, tmp_path):
    page = rendered / "doc.html"
    other = changed_copy(page, tmp_path / "other", "(b)</a>", "(c)</a>")  # the cross-reference to Hanno
    [difference] = compare("subfigures", "html", other, page)
    assert str(difference).startswith("subfigures [html] labels differ at item ")
    assert "Figure 1 (c)" in difference.quarto and "Figure 1 (b)" in difference.python


def test_a_changed_number_is_reported(rendered, tmp_path):
    page = rendered / "doc.html"
    other = changed_copy(page, tmp_path / "other", "42 elephants", "43 elephants")
    [difference] = compare("subfigures", "html", page, other)
    assert difference.what == "numbers" and "42" in difference.quarto and "43" in difference.python


def test_a_changed_caption_and_title_are_reported(rendered, tmp_path):
    page = rendered / "doc.html"
    other = changed_copy(page, tmp_path / "other", "Famous Elephants", "Famous Elephant")
    assert [d.what for d in compare("subfigures", "html", page, other)] == ["caption"]
    other = changed_copy(page, tmp_path / "title", 'class="title">Sub-figures<', 'class="title">Sub figures<')
    assert [d.what for d in compare("subfigures", "html", page, other)] == ["title"]


def test_what_differs_by_design_is_skipped_and_nothing_else(rendered, tmp_path):
    page = rendered / "doc.html"
    text = page.read_text(encoding="utf-8")
    marker = "In particular"
    ours = changed_copy(page, tmp_path / "ours", marker, "by no-Quarto render path (pandoc 3.9). " + marker)
    theirs = changed_copy(page, tmp_path / "theirs", marker, "by quarto render (Quarto 1.7.34). " + marker)
    assert compare("subfigures", "html", theirs, ours) == [] and len(BY_DESIGN) == 2
    assert text.count(marker) == 1


def quarto_like_docx(path: Path, image: Path, width: Cm) -> Path:
    """A DOCX laid out as Quarto lays out a figure: a one-column, fixed-layout table with a 7,920-twip cell."""
    document = Document()
    table = document.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    cell = table.rows[0].cells[0]
    cell.width = Twips(7920)
    cell.paragraphs[0].add_run().add_picture(str(image), width=width)
    document.save(str(path))
    return path


def test_an_image_wider_than_its_table_cell_is_reported(tmp_path):
    image = HERE / "cases" / "subfigures-markdown" / "surus.png"
    fits = quarto_like_docx(tmp_path / "fits.docx", image, Cm(13.9))
    clipped = quarto_like_docx(tmp_path / "clipped.docx", image, Cm(16))
    assert docx_overflows(fits) == []
    assert docx_overflows(clipped) == ["image 1 is 16.00 cm wide, its table cell 13.97 cm"]
    assert compare("figure-in-cell", "docx", clipped, fits) == [
        "figure-in-cell [docx] quarto render: image 1 is 16.00 cm wide, its table cell 13.97 cm"]

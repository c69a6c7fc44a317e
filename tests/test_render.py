"""The no-Quarto render path on a small fixture document."""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from analysis.paths import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "mini.qmd"
ENGINE = "no-Quarto render path"


def render(source: Path, out: Path, env=None):
    return subprocess.run([sys.executable, "-m", "render", str(source), "--out", str(out), "--engine", "python"],
                          cwd=ROOT, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render") / "_manuscript"
    result = render(FIXTURE, out)
    assert result.returncode == 0, result.stderr
    return out, result


def html_text(out: Path) -> str:
    html = (out / "index.html").read_text()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S)))


def docx_text(out: Path) -> str:
    document = Docx(str(out / "mini.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def pdf_text(out: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(out / "mini.pdf").pages))


@pytest.mark.parametrize("extract", [html_text, docx_text, pdf_text], ids=["html", "docx", "pdf"])
def test_outputs_hold_values_numbering_references_and_citations(rendered, extract):
    text = extract(rendered[0])
    assert "The answer is 42 and the share is 90.3%" in text
    assert "As Figure 1 shows, and as Table 1 lists" in text
    assert "Figure 1" in text and "Bars of the fixture" in text
    assert "Table 1" in text and "Counts of the fixture" in text and "apples" in text
    assert "Brown" in text and "GRIM Test" in text  # citation resolved and listed
    assert "{python}" not in text and "@fig-" not in text and "@tbl-" not in text and "??" not in text
    assert "answer = 6 * 7" not in text and "this must not appear" not in text  # echo: false, include: false
    assert "visible_code = answer + 1" in text and "43" in text  # echo: true shows code and output


def test_every_output_records_the_engine(rendered):
    out, result = rendered
    assert f"render engine: {ENGINE}" in result.stdout
    assert f'<meta name="render-engine" content="{ENGINE}' in (out / "index.html").read_text()
    with zipfile.ZipFile(out / "mini.docx") as docx:
        assert ENGINE in docx.read("docProps/custom.xml").decode()
    assert ENGINE in PdfReader(out / "mini.pdf").metadata["/Keywords"]


def test_html_is_self_contained_with_the_figure(rendered):
    html = (rendered[0] / "index.html").read_text()
    assert 'id="fig-bars"' in html and "data:image/png;base64," in html and 'src="mini_files' not in html


def test_two_renders_give_identical_bytes(rendered, tmp_path):
    again = tmp_path / "_manuscript"
    assert render(FIXTURE, again).returncode == 0
    for name in ("index.html", "mini.docx", "mini.pdf"):
        assert (again / name).read_bytes() == (rendered[0] / name).read_bytes(), name


def _broken_copy(tmp_path: Path, label: str, insertion: str) -> tuple[Path, int]:
    lines = FIXTURE.read_text().splitlines()
    at = lines.index(f"#| label: {label}")
    lines.insert(at + 1, insertion)
    broken = tmp_path / "mini.qmd"
    broken.write_text("\n".join(lines) + "\n")
    (tmp_path / "mini.bib").write_text((FIXTURE.parent / "mini.bib").read_text())
    return broken, at  # the chunk fence is the line before the label: line number `at` (1-based)


def test_a_failing_chunk_names_label_and_line_and_keeps_old_outputs(tmp_path):
    broken, fence_line = _broken_copy(tmp_path, "fig-bars", "raise ValueError('boom')")
    out = tmp_path / "_manuscript"
    out.mkdir()
    (out / "index.html").write_text("previous render")
    result = render(broken, out)
    assert result.returncode != 0
    assert f"chunk 'fig-bars' (line {fence_line})" in result.stderr and "ValueError: boom" in result.stderr
    assert (out / "index.html").read_text() == "previous render" and sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert not list(tmp_path.glob(".render-*")), "temporary build folder left behind"


def test_a_failing_inline_expression_names_itself_and_its_line(tmp_path):
    text = FIXTURE.read_text().replace("`{python} answer`", "`{python} answer / 0`")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "answer / 0" in l)
    broken = tmp_path / "mini.qmd"
    broken.write_text(text)
    (tmp_path / "mini.bib").write_text((FIXTURE.parent / "mini.bib").read_text())
    result = render(broken, tmp_path / "_manuscript")
    assert result.returncode != 0 and f"`answer / 0` (line {line})" in result.stderr and "ZeroDivisionError" in result.stderr


def test_an_unresolved_cross_reference_fails(tmp_path):
    broken = tmp_path / "mini.qmd"
    broken.write_text(FIXTURE.read_text().replace("@tbl-counts", "@tbl-missing"))
    (tmp_path / "mini.bib").write_text((FIXTURE.parent / "mini.bib").read_text())
    result = render(broken, tmp_path / "_manuscript")
    assert result.returncode != 0 and "tbl-missing" in result.stderr

"""The no-Quarto render path, end to end, on a small fixture document."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from render.inline import escape_markdown
from tests.helpers import TEXT, render

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "mini.qmd"
ENGINE = "no-Quarto render path"
OUTPUTS = {"html": "mini.html", "docx": "mini.docx", "typst": "mini.pdf"}

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render") / "_output"
    result = render(FIXTURE, out)
    assert result.returncode == 0, result.stderr
    return out, result


def copy_fixture(tmp_path: Path, text: str | None = None) -> Path:
    (tmp_path / "mini.bib").write_text((FIXTURE.parent / "mini.bib").read_text())
    copy = tmp_path / "mini.qmd"
    copy.write_text(text if text is not None else FIXTURE.read_text())
    return copy


@pytest.mark.parametrize("fmt", OUTPUTS)
def test_outputs_hold_values_numbering_references_and_citations(rendered, fmt):
    text = TEXT[fmt](rendered[0] / OUTPUTS[fmt])
    assert "The answer is 42 and the share is 90.3%" in text
    assert "As Figure 1 shows, and as Table 1 lists" in text
    assert "Figure 1: Bars of the fixture" in text and "Table 1: Counts of the fixture" in text and "apples" in text
    assert "Brown" in text and "GRIM" in text  # citation resolved and listed
    assert "{python}" not in text and "@fig-" not in text and "@tbl-" not in text and "??" not in text
    assert "answer = 6 * 7" not in text and "this must not appear" not in text  # echo: false, include: false
    assert "visible_code = answer + 1" in text and "43" in text  # echo: true shows code and output


def test_every_output_records_the_engine_and_the_commit(rendered):
    out, result = rendered
    assert f"render engine: {ENGINE}" in result.stdout
    page = (out / "mini.html").read_text()
    assert f'<meta name="render-engine" content="{ENGINE}' in page and '<meta name="render-commit" content="' in page
    with zipfile.ZipFile(out / "mini.docx") as docx:
        properties = docx.read("docProps/custom.xml").decode()
    assert ENGINE in properties and "render-commit" in properties
    keywords = PdfReader(out / "mini.pdf").metadata["/Keywords"]
    assert ENGINE in keywords and "render-commit" in keywords


def test_html_assets_sit_beside_the_page(rendered):
    out = rendered[0]
    page = (out / "mini.html").read_text()
    assert 'id="fig-bars"' in page and 'src="mini_files/' in page and (out / "site_libs" / "article.css").exists()
    assert all((out / src).exists() for src in __import__("re").findall(r'src="([^"]+\.png)"', page))
    assert "https://" not in "".join(__import__("re").findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page))


def test_the_article_notebook_preview_links_each_figure_to_its_chunk(rendered):
    out = rendered[0]
    page = (out / "mini.html").read_text()
    assert 'href="mini-preview.html#cell-fig-bars"' in page
    preview = (out / "mini-preview.html").read_text()
    assert 'id="cell-fig-bars"' in preview and "data:image/png;base64," in preview


def test_two_renders_give_identical_bytes(rendered, tmp_path):
    again = tmp_path / "_output"
    assert render(FIXTURE, again).returncode == 0
    for name in [*OUTPUTS.values(), "mini.ipynb", "mini-preview.html"]:
        assert (again / name).read_bytes() == (rendered[0] / name).read_bytes(), name


def test_a_failing_chunk_names_label_and_line_and_keeps_old_outputs(tmp_path):
    lines = FIXTURE.read_text().splitlines()
    at = lines.index("#| label: fig-bars")
    lines.insert(at + 1, "raise ValueError('boom')")
    broken = copy_fixture(tmp_path, "\n".join(lines) + "\n")
    out = tmp_path / "_output"
    out.mkdir()
    (out / "mini.html").write_text("previous render")
    result = render(broken, out)
    assert result.returncode != 0
    assert f"mini.qmd:{at + 2}: chunk 'fig-bars' failed: ValueError: boom" in result.stderr  # the failing line
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert (out / "mini.html").read_text() == "previous render"
    assert sorted(p.name for p in out.iterdir()) == ["mini.html"]
    assert not list(tmp_path.glob(".render-*")), "temporary build folder left behind"


def test_a_chunk_error_names_the_line_that_failed_not_the_chunk(tmp_path):
    source = tmp_path / "doc.qmd"
    source.write_text("---\ntitle: T\n---\n\n```{python}\n#| label: work\n#| echo: false\ndef half(x):\n"
                      "    return x / 0\n\nvalue = 1\nhalf(value)\n```\n", encoding="utf-8")
    result = render(source, tmp_path / "out")
    [error] = result.stderr.strip().splitlines()
    # line 9 (`return x / 0`, inside the function the chunk defines), with the exception's last line
    assert error.startswith(f"error: {source}:9: chunk 'work' failed: ZeroDivisionError: division by zero"), error


def test_a_failing_inline_expression_names_itself_and_its_line(tmp_path):
    text = FIXTURE.read_text().replace("`{python} answer`", "`{python} answer / 0`")
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if "answer / 0" in text_line)
    result = render(copy_fixture(tmp_path, text), tmp_path / "_output")
    assert result.returncode != 0
    assert f"`answer / 0` (line {line})" in result.stderr and "ZeroDivisionError" in result.stderr


def test_an_unresolved_cross_reference_fails(tmp_path):
    broken = copy_fixture(tmp_path, FIXTURE.read_text().replace("@tbl-counts", "@tbl-missing"))
    result = render(broken, tmp_path / "_output")
    assert result.returncode != 0 and "unresolved cross-reference @tbl-missing" in result.stderr


def test_a_citation_missing_from_the_bibliography_fails(tmp_path):
    broken = copy_fixture(tmp_path, FIXTURE.read_text().replace("@brown2017grim", "@nobody1999"))
    result = render(broken, tmp_path / "_output")
    assert result.returncode != 0 and "citation @nobody1999 is not in the bibliography" in result.stderr


@pytest.mark.parametrize(
    ("repr_text", "markdown"),
    [
        ("'plain words'", "plain words"),
        ("'**bold** a_b'", r"\*\*bold\*\* a\_b"),
        ("'1.5, -2!'", r"1\.5\, \-2\!"),
        ("'[x](y) #h'", r"\[x\]\(y\) \#h"),
        ('"it\'s"', "it's"),
        ("'a\\\\b'", "a" + "\\" * 8 + "b"),  # quarto-cli #11291: a backslash is escaped twice over
        ("42", "42"),
        ("[1, 2]", "[1, 2]"),  # not a quoted string: left as it is
    ],
)
def test_a_str_is_escaped_as_quarto_escapes_it(repr_text, markdown):
    assert escape_markdown(repr_text) == markdown


def test_stderr_is_clean_on_success(rendered):
    assert rendered[1].stderr.strip() == ""


def test_the_cli_refuses_a_missing_source(tmp_path):
    result = subprocess.run([sys.executable, "-m", "render", str(tmp_path / "nope.qmd")], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_a_render_keeps_nothing_of_its_build(rendered, tmp_path):
    copy = copy_fixture(tmp_path)
    assert render(copy, tmp_path / "_output").returncode == 0
    # .make/ holds the execution cache and the render lock (git-ignored); nothing else is added
    assert sorted(p.name for p in tmp_path.iterdir()) == [".make", "_output", "mini.bib", "mini.qmd"]
    assert sorted(p.name for p in (tmp_path / ".make").iterdir())[0] == "cache"


@pytest.mark.parametrize(("second", "line"), [
    ("```{python}\n#| label: fig-bars\n1\n```\n", 11),  # two chunks
    ("![Bars again](bars.png){#fig-bars}\n", 11),  # an image reusing a chunk's label
])
def test_a_duplicate_label_names_both_places_in_the_source(tmp_path, second, line):
    source = tmp_path / "doc.qmd"
    source.write_text("---\ntitle: T\n---\n\n```{python}\n#| label: fig-bars\n#| fig-cap: Bars\n1\n```\n\n"
                      + second, encoding="utf-8")
    result = render(source, tmp_path / "out")
    assert result.returncode != 0
    [error] = result.stderr.strip().splitlines()
    assert f"{source}:{line}: the label 'fig-bars' is already given at {source}:5" in error
    assert "paper.typ" not in result.stderr and "nbformat" not in result.stderr.lower()

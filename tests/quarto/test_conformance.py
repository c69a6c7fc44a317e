"""The no-Quarto path renders each case as Quarto does, and refuses what it does not implement.

``cases/<name>/`` holds a document and ``expected.yml``: what Quarto prints, and
where that is documented (``source``). Every case goes through the no-Quarto
path; every text listed must appear in the output as a reader sees it.
``refusals/<name>/`` holds a document using a Quarto feature this path does not
implement, and the one-line message and place it must stop with.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.helpers import TEXT, html_text, normalise, pdf_overprinted, pdf_pages, render

HERE = Path(__file__).parent
CASES = sorted(p.name for p in (HERE / "cases").iterdir() if (p / "expected.yml").exists())
REFUSALS = sorted(p.name for p in (HERE / "refusals").iterdir() if (p / "expected.yml").exists())
EXPECTATION_KEYS = {"source", "quarto", "output", "contains", "absent", "text-html", "text-docx", "text-typst",
                    "text-jats",
                    "absent-html", "absent-docx", "absent-typst",
                    "html-contains", "html-matches", "html-absent", "first-page", "first-page-absent", "pdf-overprint",
                    "pdf-pages-at-least", "docx-xml-contains", "jats-matches"}


def formats_of(case: Path) -> list[str]:
    front = yaml.safe_load((case / "doc.qmd").read_text().split("---")[1])
    config = case / "_quarto.yml"
    declared = front.get("format") or (yaml.safe_load(config.read_text()).get("format") if config.exists() else None)
    declared = declared or {"html": None}
    return [declared] if isinstance(declared, str) else list(declared)


@pytest.fixture(scope="module", params=CASES)
def rendered(request, tmp_path_factory):
    case = tmp_path_factory.mktemp(request.param) / request.param
    shutil.copytree(HERE / "cases" / request.param, case)
    expected = yaml.safe_load((case / "expected.yml").read_text())
    out = case / expected.get("output", "out")
    result = render(case / "doc.qmd", out, cwd=case)
    assert result.returncode == 0, result.stderr
    return case, out, expected


def outputs(out: Path, fmt: str) -> Path:
    suffix = {"html": ".html", "docx": ".docx", "typst": ".pdf", "jats": ".xml"}[fmt]
    return next(p for p in sorted(out.iterdir()) if p.suffix == suffix and not p.name.endswith("-preview.html"))


@pytest.mark.render
def test_case_renders_as_quarto_does(rendered):
    case, out, expected = rendered
    assert set(expected) <= EXPECTATION_KEYS and expected.get("source") and expected.get("quarto")
    for fmt in formats_of(case):
        text = TEXT[fmt](outputs(out, fmt))
        for needle in expected.get("contains", []) + expected.get(f"text-{fmt}", []):
            assert normalise(needle) in text, f"{fmt}: {needle!r} not in {text[:1500]!r}"
        for needle in expected.get("absent", []) + expected.get(f"absent-{fmt}", []):
            assert needle not in text, f"{fmt}: {needle!r} should not appear"
    if "html" in formats_of(case):
        page = outputs(out, "html").read_text()
        for needle in expected.get("html-contains", []):
            assert needle in page, needle
        for needle in expected.get("html-absent", []):
            assert needle not in page, needle
        for pattern in expected.get("html-matches", []):
            assert re.search(pattern, page, re.DOTALL), pattern
    if "docx" in formats_of(case):
        with zipfile.ZipFile(outputs(out, "docx")) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        for needle in expected.get("docx-xml-contains", []):
            assert needle in body, needle
    if "jats" in formats_of(case):
        article = outputs(out, "jats").read_text(encoding="utf-8")
        for pattern in expected.get("jats-matches", []):
            assert re.search(pattern, article, re.DOTALL), pattern
    if "typst" in formats_of(case):
        pdf = outputs(out, "typst")
        pages = pdf_pages(pdf)
        for needle in expected.get("first-page", []):
            assert needle in pages[0], needle
        for needle in expected.get("first-page-absent", []):
            assert needle not in pages[0], needle
        if "pdf-overprint" in expected:
            assert bool(pdf_overprinted(pdf)) == expected["pdf-overprint"], pdf_overprinted(pdf)[:3]
        assert len(pages) >= expected.get("pdf-pages-at-least", 1)


@pytest.mark.render
def test_nothing_of_the_source_syntax_is_left(rendered):
    case, out, expected = rendered
    if "html" in formats_of(case):
        text = html_text(outputs(out, "html"))
        for escaped in (needle for needle in expected.get("contains", []) if "{{<" in needle):
            text = text.replace(escaped, "")  # a shortcode the case escapes on purpose
        assert "{python}" not in text and "{{<" not in text
        assert not re.search(r"(?<![\w.])@(fig|tbl|eq|sec)-", text)


@pytest.mark.render
@pytest.mark.parametrize("name", REFUSALS)
def test_refusal_is_one_line_naming_feature_file_and_line(name, tmp_path):
    case = tmp_path / name
    shutil.copytree(HERE / "refusals" / name, case)
    expected = yaml.safe_load((case / "expected.yml").read_text())
    out = case / "out"
    out.mkdir()
    (out / "index.html").write_text("previous render")
    result = render(case / "doc.qmd", out, cwd=case)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected["message"] in lines[0] and f"{case / expected['where']}: " in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "previous render"
    assert not list(case.glob(".render-*"))

"""What a reader sees in each output, as text; and running the render as a user does."""

from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
import sys
from pathlib import Path

from docx import Document as Docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from analysis.paths import ROOT


def normalise(text: str) -> str:
    """One space for any run of whitespace (non-breaking spaces included)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def render(source: Path, out: Path, *args: str, env: dict | None = None, cwd: Path = ROOT):
    """``python -m render SOURCE --out OUT --engine python``, as a subprocess."""
    base = {k: v for k, v in os.environ.items() if k not in ("PAPER_DATA", "RENDER_FIGURES_DIR")}
    return subprocess.run([sys.executable, "-m", "render", str(source), "--out", str(out), "--engine", "python", *args],
                          cwd=cwd, capture_output=True, text=True, env={**base, **(env or {})}, check=False)


BLOCK_TAGS = re.compile(r"</?(p|div|h[1-6]|li|ul|ol|td|th|tr|table|caption|figcaption|figure|section|header|"
                        r"nav|main|aside|details|summary|pre|br|dt|dd|dl|blockquote|math)\b[^>]*>")


def html_text(path: Path, part: str = "body") -> str:
    """The visible text of an HTML page (``part="main"``: the article body only)."""
    page = path.read_text(encoding="utf-8")
    if part == "main":
        page = page[page.index("<main"):page.index("</main>")]
    page = re.sub(r"<(style|script|annotation)[^>]*>.*?</\1>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.DOTALL)
    page = BLOCK_TAGS.sub(" ", page)
    return normalise(html_lib.unescape(re.sub(r"<[^>]+>", "", page)))


def docx_text(path: Path) -> str:
    """The text of a DOCX in reading order, every paragraph (in tables too) one after another."""
    body = Docx(str(path)).element.body
    paragraphs = ("".join(node.text or "" if node.tag == qn("w:t") else " " for node in p.iter(qn("w:t"), qn("w:tab")))
                  for p in body.iter(qn("w:p")))
    return normalise(" ".join(paragraphs))


def pdf_text(path: Path) -> str:
    return normalise(" ".join(page.extract_text() for page in PdfReader(path).pages))


def pdf_pages(path: Path) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(path).pages]


def pdf_overprinted(path: Path) -> list[tuple[int, tuple[int, int], set[str]]]:
    """Places where different pieces of text are drawn at the same spot: (page, (x, y), texts)."""
    found = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        spots: dict[tuple[int, int], set[str]] = {}

        def visit(text, cm, tm, font, size, spots=spots):
            if text.strip():
                x = round(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])
                y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
                spots.setdefault((x, y), set()).add(text.strip())

        page.extract_text(visitor_text=visit)
        found += [(number, spot, texts) for spot, texts in spots.items() if len(texts) > 1]
    return found


TEXT = {"html": html_text, "docx": docx_text, "typst": pdf_text}

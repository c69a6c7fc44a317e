"""What a reader sees in each output, as text; and running the render as a user does."""

from __future__ import annotations

import contextlib
import html as html_lib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypandoc
from docx import Document as Docx
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from analysis.paths import ROOT, SHIPPED_RESPONSES


def normalise(text: str) -> str:
    """One space for any run of whitespace (non-breaking spaces included)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


#: What a copy of the project leaves out: the environment (linked instead), outputs and caches.
IGNORED = shutil.ignore_patterns(".venv", ".git", "_manuscript", ".make", "__pycache__", ".pytest_cache", ".hypothesis",
                                 ".ruff_cache", ".render-*", "mutants")


def copy_project(folder: Path) -> Path:
    """A copy of this project in ``folder/project``, the real environment linked in, as an author's checkout."""
    copy = folder / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def render(source: Path, out: Path, *args: str, env: dict | None = None, cwd: Path = ROOT):
    """``python -m render SOURCE --out OUT --engine python``, as a subprocess."""
    base = {k: v for k, v in os.environ.items() if k not in ("PAPER_DATA", "RENDER_FIGURES_DIR")}
    return subprocess.run([sys.executable, "-m", "render", str(source), "--out", str(out), "--engine", "python", *args],
                          cwd=cwd, capture_output=True, text=True, env={**base, **(env or {})}, check=False)


def render_paper(out: Path, paper_data: Path | None = None) -> Path:
    """The paper rendered to ``out`` (from ``paper_data`` if given), asserting that the render succeeded."""
    result = render(ROOT / "paper.qmd", out, env={"PAPER_DATA": str(paper_data)} if paper_data else None)
    assert result.returncode == 0, result.stderr
    return out


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


def jats_text(path: Path) -> str:
    """The text of a JATS article, every element's text in document order."""
    return normalise(" ".join(etree.parse(str(path)).getroot().itertext()))


TEXT = {"html": html_text, "docx": docx_text, "typst": pdf_text, "jats": jats_text}


# -- data with a distinct count for every measure, and the closed forms they must give ------------

Z95 = 1.959963984540054  # the standard normal quantile at 0.975


def wilson_closed_form(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def goodman_closed_form(counts: list[int], alpha: float = 0.05) -> list[tuple[float, float]]:
    """Goodman (1965): A, the chi-square(1) quantile at 1 - alpha/k; (A + 2x ± sqrt(A(A + 4x(N-x)/N))) / 2(N+A)."""
    from scipy.stats import chi2

    n, a = sum(counts), chi2.ppf(1 - alpha / len(counts), 1)
    bounds = []
    for x in counts:
        root = math.sqrt(a * (a + 4 * x * (n - x) / n))
        bounds.append(((a + 2 * x - root) / (2 * (n + a)), (a + 2 * x + root) / (2 * (n + a))))
    return bounds


#: Counts by measure in which no two measures agree and none equals the shipped count
#: (362, 327, 141, 131, 22, 10, 58 unreported, 107, 181, 55).
DISTINCT_COUNTS = {
    "*": 340,
    "mentor_experience=positive": 301,
    "strength=personal_development_support": 137,
    "strength=communication_interaction": 119,
    "strength=time_relationship_management": 27,
    "strength=professional_guidance": 13,  # leaves 44 unreported
    "weakness_none=true": 97,
    "weakness_confidentiality=true": 173,
    "weakness_group_hesitancy=true": 61,
}


def respondents_csv(path: Path, counts: dict[str, int]) -> Path:
    """A respondent file whose marginal counts are ``counts`` (by measure), built as the reconstruction is."""
    from analysis.ledger import read_ledger
    from analysis.reconstruct import reconstruct

    ledger = read_ledger()
    fixed = ledger["reconstruction_count"] != ""
    overridden = ledger["measure"].map(counts)
    ledger.loc[fixed & overridden.notna(), "reconstruction_count"] = overridden[fixed].dropna().astype(int).astype(str)
    reconstruct(ledger).to_csv(path, index=False, lineterminator="\n")
    return path


def _markdown(text) -> str:
    return str(getattr(text, "data", text))


def plain(text) -> str:
    """Markdown from :class:`analysis.report.Paper` as a reader sees it (pandoc's plain text, one line)."""
    return normalise(pypandoc.convert_text(_markdown(text), "plain", format="markdown-smart",
                                           extra_args=["--wrap=none"]))


def computed_spans(text) -> list[tuple[str, dict[str, str]]]:
    """Each ``span.computed`` of Paper's markdown as pandoc reads it: its text and its attributes."""
    found = []

    def words(node) -> str:
        if isinstance(node, list):
            return "".join(words(value) for value in node)
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        content = node.get("c")
        return words(content[-1] if node.get("t") in ("Span", "Link", "Quoted") else content) if content else ""

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Span" and "computed" in node["c"][0][1]:
                found.append((normalise(words(node["c"][1])), dict(node["c"][0][2])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    ast = json.loads(pypandoc.convert_text(_markdown(text), "json", format="markdown-smart"))
    walk(ast["blocks"])
    return found


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` run in this process (fast), as a CompletedProcess.

    ``env`` sets environment variables for the call only (``PAPER_DATA``). One test per
    command still runs the real ``python -m analysis`` in a subprocess.
    """
    from analysis.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    saved = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's errors
                code = exit_.code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(["python", "-m", "analysis", *args], code, out.getvalue(), err.getvalue())


def excel_export(tmp_path: Path, separator: str = ";") -> Path:
    """The shipped data as Excel saves "CSV UTF-8" in a comma-decimal locale: BOM, semicolons, CRLF, TRUE/FALSE."""
    rows = []
    for line in SHIPPED_RESPONSES.read_text().splitlines():
        cells = [{"true": "TRUE", "false": "FALSE"}.get(cell, cell) for cell in line.split(",")]
        rows.append(separator.join(cells))
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    return path

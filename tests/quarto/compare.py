"""Hold two renders of one document against each other: ``quarto render`` and the no-Quarto path.

For each format, what a reader relies on is taken from both renders and compared in order:

* HTML: the title block (title, subtitle, authors, abstract), the captions, the labels
  ("Figure 2", "Table 1", "(a)", "Equation 1", section numbers) and the numbers of the text;
* DOCX: the labels and the numbers of its text, and that no image is wider than the table
  cell or the text width that holds it (checked in each render on its own);
* PDF: the labels and the numbers of its text, and the page count, within one page.

What differs by design is listed once, in :data:`BY_DESIGN`, with the reason; it is removed
from both texts before they are compared, and nothing else is. A difference is reported
with the case, the format, the first place where the two differ, and both engines' text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import docx_text, html_text, normalise, pdf_text

#: Text that differs between the engines on purpose: (pattern, reason). Removed from both sides.
BY_DESIGN = (
    (r"quarto render \(Quarto [\d.]+\)|no-Quarto render path \([^)]*\)",
     "the engine names itself and its tools' versions in the Software section and the page's metadata"),
    (r"Source: Article Notebook \(chunk [^)]*\)",
     "the no-Quarto path names the chunk's source line under a chunk's figure or table; Quarto names the notebook"),
)

LABEL = re.compile(r"\b(?:Figure|Table|Equation|Listing)\s+\d+(?:\s*\([a-z]\))?|(?<![\w.])\([a-z]\)(?=\s)")
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:[.,]\d+)*%?")


def by_design_removed(text: str) -> str:
    for pattern, _ in BY_DESIGN:
        text = re.sub(pattern, " ", text)
    return normalise(text)


@dataclass
class Difference:
    case: str
    fmt: str
    what: str
    index: int
    quarto: str
    python: str

    def __str__(self) -> str:
        return (f"{self.case} [{self.fmt}] {self.what} differ at item {self.index + 1}: "
                f"quarto render has {self.quarto!r}, the no-Quarto path {self.python!r}")


def first_difference(case: str, fmt: str, what: str, quarto: list[str], python: list[str]) -> Difference | None:
    """The first place where two lists differ, with some context on each side."""
    for index in range(max(len(quarto), len(python))):
        a = quarto[index] if index < len(quarto) else "(nothing)"
        b = python[index] if index < len(python) else "(nothing)"
        if a != b:
            context = slice(max(0, index - 2), index + 3)
            return Difference(case, fmt, what, index, " ".join(quarto[context]), " ".join(python[context]))
    return None


# -- HTML ------------------------------------------------------------------------------------------------


#: The classes that mark the title block's parts, in both engines' templates.
ROLES = ("title", "subtitle", "author", "abstract")


class _Blocks(HTMLParser):
    """Text by role: the title block's parts and the captions, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"title": [], "subtitle": [], "author": [], "abstract": [], "caption": []}
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        role = next((c for c in classes if c in ROLES), None)
        if tag in ("figcaption", "caption"):
            role = "caption"
        if role:
            self.parts[role].append("")
        if tag not in ("br", "img", "meta", "link", "input", "hr", "col"):
            self._stack.append((tag, role))

    def handle_endtag(self, tag):
        while self._stack:
            opened, _ = self._stack.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        roles = [role for _, role in self._stack if role]
        if roles:
            self.parts[roles[-1]][-1] += data


def html_parts(path: Path) -> dict[str, list[str]]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parts = {role: [by_design_removed(text) for text in texts if text.strip()] for role, texts in parser.parts.items()}
    parts["abstract"] = [re.sub(r"^Abstract\s*", "", text) for text in parts["abstract"]]
    return parts


# -- DOCX ------------------------------------------------------------------------------------------------

EMU_PER_TWIP = 635


def docx_overflows(path: Path) -> list[str]:
    """Each image wider than what holds it: its table cell (as Quarto lays out figures) or the text width."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    section = document.sections[0]
    inch = 914400  # EMU; Word's page when a file declares none: Letter, one-inch margins
    text_width = ((section.page_width or int(8.5 * inch)) - (section.left_margin or inch)
                  - (section.right_margin or inch))
    found = []
    for number, drawing in enumerate(document.element.body.iter(qn("w:drawing")), start=1):
        extent = next(drawing.iter(qn("wp:extent")))
        width = int(extent.get("cx"))
        cell = next((a for a in drawing.iterancestors() if a.tag == qn("w:tc")), None)
        limit, holder = text_width, "the text width"
        if cell is not None:
            declared = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if declared is not None and declared.get(qn("w:type")) == "dxa":
                limit, holder = int(declared.get(qn("w:w"))) * EMU_PER_TWIP, "its table cell"
        if width > limit:
            found.append(f"image {number} is {width / 360000:.2f} cm wide, {holder} {limit / 360000:.2f} cm")
    return found


# -- all formats -----------------------------------------------------------------------------------------

TEXT = {"html": lambda path: html_text(path, "main" if "<main" in path.read_text(encoding="utf-8") else "body"),
        "docx": docx_text, "pdf": pdf_text}


def compare(case: str, fmt: str, quarto: Path, python: Path) -> list[Difference | str]:
    """Everything that differs between the two renders of ``case`` in ``fmt`` (the output files)."""
    found: list[Difference | str] = []
    texts = [by_design_removed(TEXT[fmt](path)) for path in (quarto, python)]
    for what, pattern in (("labels", LABEL), ("numbers", NUMBER)):
        a, b = ([normalise(m) for m in pattern.findall(text)] for text in texts)
        found.append(first_difference(case, fmt, what, a, b))
    if fmt == "html":
        a, b = html_parts(quarto), html_parts(python)
        for role in a:
            found.append(first_difference(case, fmt, role, a[role], b[role]))
    if fmt == "docx":
        found += [f"{case} [docx] {engine}: {overflow}" for engine, path in (("quarto render", quarto),
                  ("no-Quarto path", python)) for overflow in docx_overflows(path)]
    if fmt == "pdf":
        from pypdf import PdfReader

        pages = [len(PdfReader(path).pages) for path in (quarto, python)]
        if abs(pages[0] - pages[1]) > 1:
            found.append(f"{case} [pdf] page count: quarto render {pages[0]}, the no-Quarto path {pages[1]}")
    return [difference for difference in found if difference]

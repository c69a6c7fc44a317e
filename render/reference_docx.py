"""Write ``styles/reference.docx``: pandoc's default reference document, restyled in code.

The manuscript format the journal expects (Pakistan Journal of Medical
Sciences, instructions to authors): one Word file, a serif body at 12 pt with
1.5 line spacing, page numbers, tables as real tables with a clear style. The
file is derived from pandoc's own (``pandoc --print-default-data-file
reference.docx``) so that every style pandoc uses exists, and it is written
byte for byte the same each time. Usage: ``python -m render.reference_docx``.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from render.assemble import PANDOC

TARGET = Path(__file__).resolve().parent.parent / "styles" / "reference.docx"
SERIF = "Times New Roman"
BODY_STYLES = ("Normal", "Body Text", "First Paragraph", "Compact", "Abstract", "Bibliography", "Author", "Date")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _font(style, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.name = SERIF
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), SERIF)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _border(parent, edge: str, size: int) -> None:
    element = OxmlElement(f"w:{edge}")
    element.set(qn("w:val"), "single" if size else "nil")
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "0")
    element.set(qn("w:color"), "000000")
    parent.append(element)


def _table_style(document) -> None:
    """pandoc's "Table" style: a rule above and below the header and at the bottom, 10 pt, top-aligned."""
    style = document.styles["Table"]
    _font(style, 10)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.space_after = Pt(0)
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 2), ("insideV", 0)):
        _border(borders, edge, size)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "80")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)


def _page_numbers(document) -> None:
    """A centred PAGE field in the footer."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)


def reference_document() -> bytes:
    """The restyled reference document, as bytes that do not depend on when it was made."""
    default = subprocess.run([PANDOC, "--print-default-data-file", "reference.docx"], capture_output=True,
                             check=True).stdout
    document = Document(io.BytesIO(default))
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    for name in BODY_STYLES:
        if name in document.styles:
            style = document.styles[name]
            _font(style, 12)
            style.paragraph_format.line_spacing = 1.5
            style.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Subtitle", 12), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 12)):
        _font(document.styles[name], size, bold=True, italic=name == "Heading 2")
        document.styles[name].paragraph_format.space_before = Pt(12)
        document.styles[name].paragraph_format.keep_with_next = True
    _font(document.styles["Subtitle"], 12, bold=False)
    for name in ("Image Caption", "Table Caption"):
        _font(document.styles[name], 10, italic=False)
        document.styles[name].paragraph_format.line_spacing = 1.15
    _table_style(document)
    _page_numbers(document)
    # pandoc's reference document carries sample paragraphs; only the styles matter.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            for br in run._r.findall(qn("w:br")):
                if br.get(qn("w:type")) == str(WD_BREAK.PAGE):
                    run._r.remove(br)
    core = document.core_properties
    core.created = core.modified = datetime(2000, 1, 1)
    core.last_modified_by = core.author = ""
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, in name order, so the bytes are stable."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def main() -> int:
    TARGET.write_bytes(reference_document())
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check a copy of the paper against the repository, one computed value at a time.

The page marks every computed value (:mod:`analysis.provenance`); :func:`records_from_html`
reads those marks back as records: the expression, its place in the manuscript, the text
printed, the data files with their SHA-256, the code and the claims. The render writes
them to ``_manuscript/provenance.json`` with the commit (:func:`provenance_document`).

:func:`verify` re-evaluates each recorded expression from the current checkout and data
(``PAPER_DATA`` honoured) and compares the value with what the copy prints: from an HTML
copy, its own marks; from a DOCX or PDF copy, which keep no marks, the records of
``provenance.json`` found in its text in document order.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Attributes of a computed span kept in a record (``data-`` dropped).
KEPT = ("expr", "source", "part", "file", "sha256", "code", "columns", "claim", "verdict", "recomputed")


@dataclass
class Record:
    """One computed value as a copy of the paper prints it."""

    number: int
    text: str
    expression: str
    source: str = ""
    part: str = ""
    files: list[dict] = field(default_factory=list)
    code: str = ""
    columns: str = ""
    claims: str = ""
    verdicts: str = ""

    @classmethod
    def from_attributes(cls, number: int, text: str, attributes: dict[str, str]) -> Record:
        paths, digests = attributes.get("file", "").split(), attributes.get("sha256", "").split()
        return cls(number, " ".join(text.split()), attributes.get("expr", ""), attributes.get("source", ""),
                   attributes.get("part", ""), [{"path": p, "sha256": d} for p, d in zip(paths, digests, strict=False)],
                   attributes.get("code", ""), attributes.get("columns", ""), attributes.get("claim", ""),
                   attributes.get("verdict", ""))


class _Spans(HTMLParser):
    """Every ``span.computed`` of a page, with its attributes and its text, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str], list[str]]] = []
        self.meta: dict[str, str] = {}
        self._open: list[list[str] | None] = []  # per open span: the text list of a computed one, else None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "meta" and attributes.get("name"):
            self.meta[attributes["name"]] = attributes.get("content", "")
        if tag != "span":
            return
        if "computed" in attributes.get("class", "").split():
            text: list[str] = []
            self.found.append(({k[5:]: v for k, v in attributes.items() if k[5:] in KEPT and k.startswith("data-")},
                               text))
            self._open.append(text)
        else:
            self._open.append(None)

    def handle_endtag(self, tag):
        if tag == "span" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for text in self._open:
            if text is not None:
                text.append(data)


def records_from_html(page: str) -> tuple[list[Record], dict[str, str]]:
    """The computed values of an HTML copy in document order, and its ``<meta>`` names and contents."""
    parser = _Spans()
    parser.feed(page)
    records = [Record.from_attributes(i, "".join(text), attributes)
               for i, (attributes, text) in enumerate(parser.found, start=1)]
    return records, parser.meta


def provenance_document(page: str, commit: str, engine: str) -> dict:
    """What ``_manuscript/provenance.json`` holds: the commit, the engine and one record per computed value."""
    records, _ = records_from_html(page)
    return {"commit": commit, "engine": engine, "count": len(records), "values": [asdict(r) for r in records]}


# -- re-evaluation -----------------------------------------------------------------------------


def _values(records: list[Record]) -> list[list[Record]]:
    """The records grouped by printed value: each value's spans, its first marked as part 1."""
    values: list[list[Record]] = []
    for record in records:
        if record.part in ("", "1") or not values or values[-1][0].expression != record.expression:
            values.append([record])
        else:
            values[-1].append(record)
    return values


def recompute(expressions: list[str]) -> list[list[str]]:
    """Each expression evaluated with ``paper``, a :class:`~analysis.report.Paper` of the data in use: its texts.

    The values are converted to HTML by pandoc in one call, as the page's were, and read back
    with :func:`records_from_html`, so both sides of a comparison are text of the same kind.
    """
    import pypandoc

    from analysis.ledger import read_ledger
    from analysis.load import load_responses
    from analysis.report import Paper

    paper = Paper(load_responses(), read_ledger())
    blocks = []
    for index, expression in enumerate(expressions):
        try:
            value = eval(expression, {"__builtins__": __builtins__}, {"paper": paper})
            markdown = getattr(value, "data", None) or str(value)
        except Exception as error:
            markdown = f"[error: {type(error).__name__}: {error}]{{.computed}}"
        blocks.append(f"::: {{#value-{index}}}\n{markdown}\n:::")
    page = pypandoc.convert_text("\n\n".join(blocks), "html", format="markdown")
    texts: list[list[str]] = [[] for _ in expressions]
    for part in re.split(r'(?=<div id="value-\d+">)', page):
        found = re.match(r'<div id="value-(\d+)">', part)
        if found:
            texts[int(found.group(1))] = [record.text for record in records_from_html(part)[0]]
    return texts


@dataclass
class Difference:
    """A value the copy prints that the repository does not give (or that the copy lacks)."""

    record: Record
    recomputed: str
    why: str

    def __str__(self) -> str:
        place = self.record.source or "no line recorded"
        return (f"{place}: `{self.record.expression}` prints {self.record.text!r}, "
                f"recomputed {self.recomputed!r} ({self.why})")


@dataclass
class Report:
    checked: int
    commit: str
    differences: list[Difference]
    changed_files: list[str]

    def summary(self) -> str:
        if not self.differences:
            return f"all {self.checked} numbers agree with commit {self.commit}"
        lines = [f"{len(self.differences)} of {self.checked} numbers differ from commit {self.commit}:"]
        lines += [f"  {difference}" for difference in self.differences]
        lines += [f"  data file changed since the copy was made: {path}" for path in self.changed_files]
        return "\n".join(lines)


def _changed_files(records: list[Record]) -> list[str]:
    from analysis.paths import ROOT
    from analysis.provenance import sha256

    changed = set()
    for record in records:
        for entry in record.files:
            path = Path(entry["path"]) if Path(entry["path"]).is_absolute() else ROOT / entry["path"]
            if not path.is_file() or sha256(path) != entry["sha256"]:
                changed.add(entry["path"])
    return sorted(changed)


def check_records(records: list[Record], commit: str) -> Report:
    """Re-evaluate every recorded value and compare it with the record's text."""
    values = _values(records)
    recomputed = recompute([value[0].expression for value in values])
    differences = []
    for value, texts in zip(values, recomputed, strict=True):
        for index, record in enumerate(value):
            expected = texts[index % len(texts)] if texts else ""
            if record.text != expected:
                differences.append(Difference(record, expected, "recomputed from the current checkout and data"))
    return Report(len(records), commit, differences, _changed_files(records) if differences else [])


def _squeezed(text: str) -> str:
    """``text`` without whitespace and hyphens: a PDF breaks lines anywhere, and reads a hyphen as a soft one."""
    return re.sub(r"[\s\u00ad-]+", "", text)


def _document_text(path: Path) -> str:
    """The text of a DOCX or PDF, squeezed (:func:`_squeezed`)."""
    if path.suffix.lower() == ".docx":
        from docx import Document
        from docx.oxml.ns import qn

        text = "".join(node.text or "" for node in Document(str(path)).element.body.iter(qn("w:t")))
    else:
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return _squeezed(text)


def check_document(path: Path, provenance: dict) -> Report:
    """A DOCX or PDF copy: each recorded value found in its text, in order, then re-evaluated."""
    records = [Record(**value) for value in provenance["values"]]
    report = check_records(records, provenance.get("commit", "unknown"))
    text, position = _document_text(path), 0
    for record in records:
        needle = _squeezed(record.text)
        found = text.find(needle, position)
        if found < 0:
            report.differences.append(Difference(record, record.text, f"not found in {path.name} where expected"))
        else:
            position = found + len(needle)
    report.differences.sort(key=lambda difference: difference.record.number)
    return report


def verify(target: Path, records_path: Path | None = None) -> Report:
    """Check ``target``: ``provenance.json``, or an HTML, DOCX or PDF copy of the paper.

    A DOCX or PDF is read with the records of ``records_path`` (default: ``provenance.json``
    beside it).
    """
    suffix = target.suffix.lower()
    if suffix == ".json":
        provenance = json.loads(target.read_text(encoding="utf-8"))
        return check_records([Record(**value) for value in provenance["values"]], provenance.get("commit", "unknown"))
    if suffix in (".html", ".htm"):
        records, meta = records_from_html(target.read_text(encoding="utf-8"))
        return check_records(records, meta.get("render-commit", "unknown"))
    if suffix in (".docx", ".pdf"):
        records_path = records_path or target.parent / "provenance.json"
        if not records_path.is_file():
            raise FileNotFoundError(f"{target}: a {suffix[1:].upper()} keeps no marks; its records are read from "
                                    f"{records_path}, which does not exist (give --records)")
        return check_document(target, json.loads(records_path.read_text(encoding="utf-8")))
    raise ValueError(f"{target}: not provenance.json, HTML, DOCX or PDF")

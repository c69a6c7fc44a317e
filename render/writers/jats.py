"""JATS writer: the article as JATS XML (pandoc's Archiving tag set, which Quarto's ``jats`` format uses).

Citations are formatted by citeproc with the document's CSL style, as in the other
formats, and the bibliography is listed as structured ``<element-citation>`` entries
(pandoc's ``element_citations`` extension), so each reference keeps its DOI. Two
things pandoc's template does not write are added to the article metadata: the
licence of the text (``license:``, with its URL) in ``<permissions>``, and the
article this one reproduces (``related-article:``, a DOI) as a ``<related-article>``.
Table and figure captions that start with their number ("Table 1:") get it as a
``<label>``, as JATS wants; a section whose title names data availability is marked
``sec-type="data-availability"``.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from render.writers import pandoc

XLINK = "http://www.w3.org/1999/xlink"
_NUMBERED = re.compile(r"^\s*((?:Table|Figure)\s+\d+)\s*[:.]\s*")


def write_jats(source: Path, target: Path, options: dict, *, build: Path, project_dir: Path, env: dict) -> Path:
    pandoc.run(source, target, "jats_archiving+element_citations", options, project_dir, cwd=build, env=env,
               citeproc=pandoc.has_references(options))
    article = etree.parse(str(target))
    _label_captions(article)
    for section in article.iter("sec"):
        if "availability" in "".join(section.findtext("title") or "").lower():
            section.set("sec-type", "data-availability")
    meta = article.find("front/article-meta")
    if options.get("license") or options.get("related-article"):
        anchor = meta.find("abstract")
        _add_permissions(meta, options.get("license"), anchor)
        _add_related_article(meta, options.get("related-article"), anchor)
    target.write_bytes(etree.tostring(article, xml_declaration=True, encoding="utf-8", doctype=article.docinfo.doctype))
    return target


def _label_captions(article: etree._ElementTree) -> None:
    for wrap in article.iter("table-wrap", "fig"):
        title = wrap.find("caption/p") if wrap.find("caption/title") is None else wrap.find("caption/title")
        match = _NUMBERED.match(title.text or "") if title is not None else None
        if match and wrap.find("label") is None:
            title.text = title.text[match.end():]
            label = etree.Element("label")
            label.text = match.group(1)
            wrap.insert(0, label)


def _add_permissions(meta: etree._Element, licence: dict | str | None, anchor: etree._Element | None) -> None:
    if not licence or meta.find("permissions") is not None:
        return
    licence = licence if isinstance(licence, dict) else {"text": licence}
    permissions = etree.Element("permissions")
    element = etree.SubElement(permissions, "license")
    if licence.get("link"):
        element.set(f"{{{XLINK}}}href", licence["link"])
        ref = etree.SubElement(element, "{http://www.niso.org/schemas/ali/1.0/}license_ref")
        ref.text = licence["link"]
    paragraph = etree.SubElement(element, "license-p")
    paragraph.text = licence.get("text", "")
    _insert_before(meta, permissions, anchor)


def _add_related_article(meta: etree._Element, related: dict | None, anchor: etree._Element | None) -> None:
    if not related:
        return
    element = etree.Element("related-article", {"related-article-type": related.get("type", "commentary-article"),
                                                "ext-link-type": "doi", f"{{{XLINK}}}href": related["doi"]})
    element.text = related.get("citation", related["doi"])
    _insert_before(meta, element, anchor)


def _insert_before(parent: etree._Element, element: etree._Element, anchor: etree._Element | None) -> None:
    """Insert where the JATS content model puts it: before the abstract, else at the end."""
    if anchor is not None:
        anchor.addprevious(element)
    else:
        parent.append(element)

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
    if options.get("date-iso"):  # JATS dates are ISO, whatever date-format says (pandoc fills <pub-date> from it)
        options = {**options, "date": options["date-iso"]}
    pandoc.run(source, target, "jats_archiving+element_citations", options, project_dir, cwd=build, env=env,
               citeproc=pandoc.has_references(options))
    article = etree.parse(str(target))
    _label_captions(article)
    for section in article.iter("sec"):
        if "availability" in "".join(section.findtext("title") or "").lower():
            section.set("sec-type", "data-availability")
    meta = article.find("front/article-meta")
    if options.get("by-author"):
        _add_contributors(meta, options["by-author"], options.get("affiliations", []))
    for group in options.get("funding", []):
        meta.append(_funding_group(group))
    if options.get("license") or options.get("related-article"):
        anchor = meta.find("abstract")
        _add_permissions(meta, options.get("license"), anchor)
        _add_related_article(meta, options.get("related-article"), anchor)
    target.write_bytes(etree.tostring(article, xml_declaration=True, encoding="utf-8", doctype=article.docinfo.doctype))
    return target


def _element(tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.Element(tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def _add_contributors(meta: etree._Element, authors: list[dict], affiliations: list[dict]) -> None:
    """Quarto's contrib-group (its jats ``authors.xml``): names, ORCID, email, links to <aff>, corresponding author."""
    group = etree.Element("contrib-group")
    for author in authors:
        contrib = etree.SubElement(group, "contrib", {"contrib-type": "author"})
        if author.get("equal-contributor"):
            contrib.set("equal-contrib", "yes")
        if author.get("corresponding"):
            contrib.set("corresp", "yes")
        if author.get("orcid"):
            contrib.append(_element("contrib-id", author["orcid"], contrib_id_type="orcid"))
        name = etree.SubElement(contrib, "name")
        name.append(_element("surname", author["family"]))
        if author.get("given"):
            name.append(_element("given-names", author["given"]))
        contrib.append(_element("string-name", author["name"]))
        if author.get("email"):
            contrib.append(_element("email", author["email"]))
        for affiliation in author["affiliations"]:
            contrib.append(_element("xref", _letter(affiliation["number"]), ref_type="aff", rid=affiliation["id"]))
        if author.get("corresponding"):
            contrib.append(_element("xref", "*", ref_type="corresp", rid=f"cor-{author['id']}"))
    elements = [group]
    for affiliation in affiliations:
        aff = etree.Element("aff", {"id": affiliation["id"]})
        if affiliation.get("department"):
            aff.append(_element("institution", affiliation["department"], content_type="dept"))
        wrap = etree.SubElement(aff, "institution-wrap")
        wrap.append(_element("institution", affiliation.get("name", "")))
        for field, tag in (("address", "addr-line"), ("city", "city"), ("region", "state"), ("country", "country"),
                           ("postal-code", "postal-code")):
            if affiliation.get(field):
                aff.append(_element(tag, affiliation[field]))
        if affiliation.get("url"):
            link = _element("ext-link", affiliation["url"], ext_link_type="uri")
            link.set(f"{{{XLINK}}}href", affiliation["url"])
            aff.append(link)
        elements.append(aff)
    corresponding = [a for a in authors if a.get("corresponding")]
    if corresponding:
        notes = etree.Element("author-notes")
        for author in corresponding:
            notes.append(_element("corresp", author.get("email", author["name"]), id=f"cor-{author['id']}"))
        elements.append(notes)
    old = meta.find("contrib-group")
    anchor = old if old is not None else meta.find("title-group")
    for element in reversed(elements):
        anchor.addnext(element)
    if old is not None:
        meta.remove(old)


def _letter(number: int) -> str:
    return chr(96 + (number - 1) % 26 + 1)


def _funding_group(group: dict) -> etree._Element:
    """One <funding-group>, as Quarto's jats ``front.xml`` writes it from the normalised funding."""
    element = etree.Element("funding-group")
    for award in group.get("awards", []):
        award_group = etree.SubElement(element, "award-group")
        for source in award.get("source", []):
            award_group.append(_element("funding-source", source))
        if award.get("id"):
            award_group.append(_element("award-id", award["id"]))
        for role, tag in (("recipient", "principal-award-recipient"), ("investigator", "principal-investigator")):
            for party in award.get(role, []):
                award_group.append(_element(tag, party))
    if group.get("statement"):
        element.append(_element("funding-statement", group["statement"]))
    if group.get("open-access"):
        open_access = etree.SubElement(element, "open-access")
        open_access.append(_element("p", group["open-access"]))
    return element


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

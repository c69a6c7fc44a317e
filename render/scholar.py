"""Google Scholar ``citation_*`` meta tags (Quarto's ``google-scholar: true``).

As in Quarto (quarto-cli ``src/format/html/format-html-meta.ts``) the tags come
from the document's metadata (title, authors, date, DOI, language), plus one
``citation_reference`` per entry of the bibliography. Quarto builds them from
the YAML before any filter runs, so an abstract computed in the body is not
among them under either engine.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from render.assemble import PANDOC


def _plain(value) -> str:
    """Metadata text without markdown emphasis marks."""
    return str(value).replace("*", "").replace("_", " ").strip()


def _reference(entry: dict) -> str:
    parts = [f"citation_title={_plain(entry.get('title', ''))}"]
    for author in entry.get("author", []):
        name = author.get("literal") or f"{author.get('given', '')} {author.get('family', '')}".strip()
        parts.append(f"citation_author={name}")
    issued = entry.get("issued", {}).get("date-parts", [[None]])[0][0]
    if issued:
        parts.append(f"citation_publication_date={issued}")
    for key, tag in (("container-title", "citation_journal_title"), ("volume", "citation_volume"),
                     ("issue", "citation_issue"), ("DOI", "citation_doi")):
        if entry.get(key):
            parts.append(f"{tag}={entry[key]}")
    return ";".join(parts) + ";"


def scholar_tags(options: dict, pdf_name: str | None, bibliographies: list[Path]) -> list[dict]:
    """The ``citation_*`` tags, as name/content pairs, in Quarto's order."""
    if options.get("google-scholar") is not True:
        return []
    tags = [("citation_title", _plain(options.get("title", "")))]
    tags.extend(("citation_author", name) for name in options.get("author") or [])  # names (render/authors.py)
    if options.get("date-iso"):
        tags.append(("citation_publication_date", options["date-iso"]))
    if options.get("doi"):
        tags.append(("citation_doi", options["doi"]))
    if options.get("lang"):
        tags.append(("citation_language", options["lang"]))
    if pdf_name:
        tags.append(("citation_pdf_url", pdf_name))
    for bib in bibliographies:
        result = subprocess.run([PANDOC, str(bib), "--to", "csljson"], capture_output=True, text=True, check=True)
        tags.extend(("citation_reference", _reference(entry)) for entry in json.loads(result.stdout))
    return [{"name": name, "content": content} for name, content in tags]

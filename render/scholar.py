"""Google Scholar ``citation_*`` meta tags (Quarto's ``google-scholar: true``).

As in Quarto (quarto-cli ``src/format/html/format-html-meta.ts``) the tags come
from the document's metadata (title, authors, date, DOI, language), plus one
``citation_reference`` per entry of the bibliography. Quarto builds them from
the YAML before any filter runs, so an abstract computed in the body is not
among them under either engine.
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=8)
def _references(bib: Path, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    """The bibliography's entries as tag contents; kept while the file is unchanged (a preview renders often)."""
    result = subprocess.run([PANDOC, str(bib), "--to", "csljson"], capture_output=True, text=True, check=True)
    return tuple(_reference(entry) for entry in json.loads(result.stdout))


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
        stat = bib.stat()
        tags.extend(("citation_reference", reference) for reference in _references(bib, stat.st_mtime_ns, stat.st_size))
    return [{"name": name, "content": content} for name, content in tags]

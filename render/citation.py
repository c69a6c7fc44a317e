"""The "Cite this" block of the HTML page, built from ``CITATION.cff``."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def _name(author: dict) -> str:
    return author.get("name") or f"{author.get('given-names', '')} {author.get('family-names', '')}".strip()


def cite_this(cff_path: Path) -> dict | None:
    """Text and BibTeX for citing the package, or None without a CITATION.cff."""
    if not cff_path.exists():
        return None
    cff = yaml.safe_load(cff_path.read_text(encoding="utf-8"))
    authors = [_name(a) for a in cff.get("authors", [])]
    year = str(cff.get("date-released", ""))[:4]
    version = cff.get("version", "")
    doi = cff.get("doi")
    text = (f"{', '.join(authors)} ({year}). {cff['title']}. Version {version}"
            + (f". doi:{doi}" if doi else "") + ".")
    key = re.sub(r"\W+", "", (authors[0].split()[-1] if authors else "package")).lower() + year
    fields = {"author": " and ".join(f"{{{a}}}" for a in authors), "title": f"{{{cff['title']}}}",
              "year": year, "version": version, "note": cff.get("message", "").strip().split("\n")[0]}
    if doi:
        fields["doi"] = doi
    bibtex = f"@software{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v) + "\n}"
    return {"text": text, "bibtex": bibtex}

"""The MECA bundle of a manuscript with a JATS format, as Quarto's manuscript projects write it.

Write layer. ``<stem>-meca.zip`` holds ``manifest.xml`` (NISO MECA, manifest version 1,
Quarto's DOCTYPE and namespace), the JATS article (``article-metadata``), the PDF and
DOCX renderings (``manuscript``), the files the JATS shows (``manuscript_reference``),
the files that say how to rebuild the environment (``execution_environment``: those
of repo2docker's list that exist) and the manuscript's notebooks (``manuscript_resource``,
described as supplementary material). Each item has its type and media type
(quarto-cli ``src/project/types/manuscript/manuscript-meca.ts``, ``meca.ts``).
The zip is deterministic: sorted entries dated ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import mimetypes
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from render.writers.jats import XLINK

#: The environment files Quarto bundles when they exist (repo2docker's configuration files).
ENVIRONMENT_FILES = ("environment.yml", "requirements.txt", "Pipfile", "Pipfile.lock", "setup.py", "apt.txt",
                     "runtime.txt", "Dockerfile")
MEDIA_TYPES = {".xml": "application/xml", ".ipynb": "application/x-ipynb+json", ".yml": "text/yaml",
               ".txt": "text/plain", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def meca_name(stem: str) -> str:
    return f"{stem}-meca.zip"


def media_type(path: str) -> str:
    suffix = Path(path).suffix
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def write_meca(target: Path, jats: Path, renderings: list[Path], build: Path, project_dir: Path,
               notebooks: list[str], epoch: int) -> Path:
    """Pack the bundle: every manifest item is a file in the zip, at the path the manifest gives."""
    graphics = sorted({g.get(f"{{{XLINK}}}href") for g in etree.parse(str(jats)).iter("graphic")} - {None})
    items = [(jats.name, "article-metadata", jats, None)]
    items += [(path.name, "manuscript", path, None) for path in renderings if path.is_file()]
    items += [(href, "manuscript_reference", build / href, None) for href in graphics]
    items += [(name, "execution_environment", project_dir / name, None) for name in ENVIRONMENT_FILES
              if (project_dir / name).is_file()]
    items += [(notebook, "manuscript_resource", project_dir / notebook, "Supplementary material: notebook")
              for notebook in notebooks]
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        entry = zipfile.ZipInfo("manifest.xml", stamp)
        bundle.writestr(entry, manifest(items), zipfile.ZIP_DEFLATED)
        for href, _, path, _ in items:
            entry = zipfile.ZipInfo(href, stamp)
            entry.external_attr = 0o644 << 16
            bundle.writestr(entry, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return target


def manifest(items: list[tuple[str, str, Path, str | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<!DOCTYPE manifest PUBLIC "-//MECA//DTD Manifest v1.0//en" "MECA_manifest.dtd">',
             '<manifest manifest-version="1" xmlns="https://manuscriptexchange.org/schema/manifest" '
             f'xmlns:xlink="{XLINK}">']
    for href, item_type, _, description in items:
        lines.append(f"  <item item-type={quoteattr(item_type)}>")
        if description:
            lines.append(f"    <item-description>{escape(description)}</item-description>")
        lines.append(f"    <instance media-type={quoteattr(media_type(href))} xlink:href={quoteattr(href)}/>")
        lines.append("  </item>")
    lines.append("</manifest>")
    return "\n".join(lines) + "\n"

"""HTML writer: the article page, its assets beside it, and the notebook previews.

The page comes from our own template (``render/templates/article.html``) and
stylesheet, with no CDN: ``_manuscript/`` works offline. With Quarto's
``embed-resources: true`` everything is inlined instead. Math is MathML (no
script needed). ``include-in-header`` and ``include-after-body`` files are
inserted as Quarto inserts them.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import yaml

from render.citation import cite_this
from render.writers import pandoc

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CSS = "site_libs/article.css"
FORMAT_LABELS = {"typst": "PDF", "docx": "Word (DOCX)", "jats": "JATS", "meca": "MECA Bundle"}


def write_html(source: Path, images: frozenset[str], target: Path, options: dict, *, build: Path, project_dir: Path,
               env: dict, other_formats: dict[str, str], notebooks: list[dict], sources: dict,
               page_meta: list[dict]) -> Path:
    """Write the article page to ``target`` and copy the images it shows (found by the assemble layer) beside it.

    ``source``: pandoc JSON, or the assembled markdown.
    """
    out = target.parent
    (out / "site_libs").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "article.css", out / CSS)
    variables = {
        "css": [CSS],
        "page-meta": page_meta,
        "other-formats": [{"href": name, "label": FORMAT_LABELS[fmt]} for fmt, name in other_formats.items()],
        "notebooks": notebooks,
        "footnotes-hover": options.get("footnotes-hover", True) is not False,  # Quarto's default: true
    }
    citation = cite_this(project_dir / "CITATION.cff")
    if citation:
        variables["cite-this"] = {key: html.escape(value) for key, value in citation.items()}
    defaults = build / ".html-defaults.yaml"
    defaults.write_text(yaml.safe_dump({"variables": variables}, allow_unicode=True), encoding="utf-8")
    extra = [f"--template={TEMPLATES / 'article.html'}", f"--defaults={defaults}", "--mathml", "--section-divs",
             f"--lua-filter={pandoc.FILTERS / 'sources.lua'}", "--metadata", "link-citations=true"]
    extra += ["--toc"] if options.get("toc") else []
    extra += ["--number-sections"] if options.get("number-sections") else []
    extra += [f"--include-in-header={project_dir / f}" for f in pandoc.as_list(options.get("include-in-header"))]
    extra += [f"--include-after-body={project_dir / f}" for f in pandoc.as_list(options.get("include-after-body"))]
    if options.get("embed-resources"):
        extra += ["--embed-resources", f"--resource-path={build}:{out}"]
    pandoc.run(source, target, "html5", {**options, "render-sources": sources}, project_dir, cwd=build, env=env,
               citeproc=pandoc.has_references(options), extra=extra)
    if options.get("embed-resources"):
        shutil.rmtree(out / "site_libs")
        return target
    copy_images(images, build, out)
    return target


def copy_images(images: frozenset[str], build: Path, out: Path) -> None:
    """The images the page shows, beside it."""
    for src in sorted(images):
        (out / src).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(build / src, out / src)

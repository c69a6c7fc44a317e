"""Pandoc (from pypandoc-binary) writes HTML, DOCX and Typst; the typst package makes the PDF."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pypandoc
import typst
import yaml

FILTERS = Path(__file__).parent / "filters"
TYPST_TEMPLATE = Path(__file__).parent / "templates" / "paper.typst"
HTML_STYLE = Path(__file__).parent / "templates" / "paper.css"
#: Metadata that steers the render, not the document: kept out of DOCX custom properties.
RENDER_ONLY_KEYS = {"format", "execute", "jupyter", "engine", "filters", "crossref", "bibliography", "csl",
                    "number-sections", "toc", "fig-dpi", "fig-format", "title-block-banner"}


class PandocError(RuntimeError):
    """Pandoc or Typst failed; the message is theirs."""


def pandoc(source: Path, target: Path, to: str, metadata_file: Path, extra: list[str], env: dict, cwd: Path) -> None:
    """Run pandoc with the shared filters, citeproc last (after cross-references are resolved)."""
    command = [
        pypandoc.get_pandoc_path(), str(source), "--from", "markdown", "--to", to, "--standalone",
        "--metadata-file", str(metadata_file),
        "--lua-filter", str(FILTERS / "abstract.lua"), "--lua-filter", str(FILTERS / "crossref.lua"),
        "--citeproc", "--output", str(target), *extra,
    ]
    # From the project folder, so paths pandoc records (bibliography) are relative and the output portable.
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise PandocError(f"pandoc --to {to} failed: {result.stderr.strip()}")


def write_metadata(metadata: dict, path: Path) -> Path:
    """The document metadata pandoc sees (render options removed)."""
    kept = {key: value for key, value in metadata.items() if key not in RENDER_ONLY_KEYS}
    path.write_text(yaml.safe_dump(kept, sort_keys=True, allow_unicode=True), encoding="utf-8")
    return path


def notebooks_nav(notebooks: list[dict]) -> str:
    """HTML for the list of notebooks, as Quarto manuscripts show them under "Notebooks"."""
    items = "".join(
        f'<li><a href="{html.escape(entry["notebook"])}">{html.escape(entry.get("title", entry["notebook"]))}</a></li>'
        for entry in notebooks
    )
    return f'<nav id="notebooks" aria-label="Notebooks"><h2>Notebooks</h2><ul>{items}</ul></nav>\n' if items else ""


def render_formats(markdown: Path, out_dir: Path, metadata: dict, project_dir: Path, engine: str, epoch: int,
                   env: dict, notebooks: list[dict] | None = None) -> list[Path]:
    """Write ``index.html``, ``<stem>.docx`` and ``<stem>.pdf`` from ``markdown`` into ``out_dir``.

    ``notebooks`` (from ``manuscript.notebooks`` in ``_quarto.yml``) are copied
    beside the HTML and listed after its body, as Quarto does.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = write_metadata({**metadata, "render-engine": engine}, markdown.with_suffix(".yaml"))
    common = [f"--resource-path={markdown.parent}:{project_dir}"]
    for key, flag in (("bibliography", "--bibliography"), ("csl", "--csl")):
        if metadata.get(key):
            common.append(f"{flag}={metadata[key]}")
    stem = markdown.stem
    html, docx, typ, pdf = (out_dir / "index.html", out_dir / f"{stem}.docx", markdown.with_suffix(".typ"),
                            out_dir / f"{stem}.pdf")
    head = markdown.with_name("head.html")
    head.write_text(f'<meta name="render-engine" content="{engine}">\n', encoding="utf-8")
    after_body = markdown.with_name("notebooks.html")
    after_body.write_text(notebooks_nav(notebooks or []), encoding="utf-8")
    for entry in notebooks or []:
        target = out_dir / entry["notebook"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project_dir / entry["notebook"], target)
    toc = ["--toc"] if metadata.get("toc", True) else []
    numbering = ["--number-sections"] if metadata.get("number-sections") else []
    pandoc(markdown, html, "html5", meta, [*common, *toc, *numbering, "--embed-resources", f"--css={HTML_STYLE}",
                                          f"--include-in-header={head}",
                                          f"--include-after-body={after_body}"], env, project_dir)
    pandoc(markdown, docx, "docx", meta, [*common, *numbering], env, project_dir)
    pandoc(markdown, typ, "typst", meta, [*common, f"--template={TYPST_TEMPLATE}"], env, project_dir)
    try:
        typst.compile(str(typ), output=str(pdf), root=str(markdown.parent), timestamp=epoch)
    except RuntimeError as error:
        raise PandocError(f"typst failed on {typ.name}: {error}") from None
    return [html, docx, pdf]


def versions() -> str:
    """Versions of the tools in the no-Quarto path, for the record in every output."""
    from importlib.metadata import version

    return (f"jupytext {version('jupytext')}, nbclient {version('nbclient')}, pandoc {pypandoc.get_pandoc_version()}, "
            f"typst-py {version('typst')}")

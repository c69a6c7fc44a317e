"""The no-Quarto render path, end to end: read, execute, assemble, write.

Everything is written under ``build`` (a temporary folder); the caller moves it
into place only when every step succeeded.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from render import assemble
from render.cells import to_markdown
from render.execute import Results, execute, kernel_setup
from render.features import RenderError
from render.previews import label_cells, read_notebook, write_preview
from render.project import Project, load_project
from render.qmd import Chunk, Document, read_qmd
from render.scholar import scholar_tags
from render.writers import pandoc
from render.writers.docx import write_docx
from render.writers.html import CSS, write_html
from render.writers.typst import write_typst

#: Default figure resolution when fig-dpi is not set (Quarto's, for HTML).
DEFAULT_DPI = 96
#: matplotlib's figure size, for the dimension a document leaves unset when it sets the other.
DEFAULT_FIGURE_SIZE = (6.4, 4.8)


@dataclass
class Prepared:
    """A document read and its project's options resolved, before any execution."""

    document: Document
    project: Project

    @property
    def execute_defaults(self) -> dict:
        return {k: v for k, v in (self.project.document.get("execute") or {}).items() if k != "freeze"}

    @property
    def dpi(self) -> int:
        return int(self.project.document.get("fig-dpi", DEFAULT_DPI))

    @property
    def kernel_setup(self) -> str:
        """The kernel's setup: figure resolution, and the default figure size if the document sets one."""
        options = self.project.document
        width, height = options.get("fig-width"), options.get("fig-height")
        size = (float(width or DEFAULT_FIGURE_SIZE[0]), float(height or DEFAULT_FIGURE_SIZE[1])) \
            if width or height else None
        return kernel_setup(self.dpi, size)


def versions() -> str:
    """Versions of the tools in the no-Quarto path, recorded in every output."""
    from importlib.metadata import version

    import pypandoc

    return (f"nbclient {version('nbclient')}, nbconvert {version('nbconvert')}, "
            f"pandoc {pypandoc.get_pandoc_version()}, typst-py {version('typst')}")


def prepare(source: Path) -> Prepared:
    document = read_qmd(source)
    return Prepared(document, load_project(document))


def run_kernel(prepared: Prepared, env: dict, on_kernel_ready: Callable[[], None]) -> Results:
    return execute(prepared.document, prepared.project.directory, prepared.execute_defaults, prepared.kernel_setup,
                   env=env, on_kernel_ready=on_kernel_ready)


def _stage(paths: set[str], build: Path, project_dir: Path) -> None:
    """Copy project files the document uses (images, bibliographies) into the build folder."""
    for relative in paths:
        if relative and not (build / relative).exists() and (project_dir / relative).is_file():
            (build / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project_dir / relative, build / relative)


def article_notebook(document: Document, results: Results) -> nbformat.NotebookNode:
    """The article's chunks and their outputs as a notebook (Quarto's "Article Notebook")."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    notebook.cells.append(nbformat.v4.new_markdown_cell(
        f"# Article notebook\n\nThe code chunks of `{document.path.name}`, in order, with the outputs of this render."))
    for index, cell in enumerate(document.cells):
        if isinstance(cell, Chunk):
            options = "".join(f"#| {key}: {json.dumps(value)}\n" for key, value in cell.options.items())
            code = nbformat.v4.new_code_cell(options + cell.code)
            code.outputs = results.outputs.get(index, [])
            notebook.cells.append(code)
    label_cells(notebook)
    return notebook


def write_outputs(prepared: Prepared, results: Results, build: Path, out: Path, env: dict, epoch: int,
                  provenance: dict[str, str], page_meta: list[dict]) -> list[Path]:
    """Assemble the executed document and write every format (and the previews) into ``out``.

    ``provenance`` (the render engine, the commit) is recorded in every output: HTML meta
    tags, DOCX custom properties, PDF keywords. ``page_meta``: the HTML page's other meta
    tags (:func:`independent_outputs`). The steps that do not wait on each other run
    side by side: the two parses; the three writers with the article notebook's preview.
    """
    document, project = prepared.document, prepared.project
    stem = document.path.stem
    names = {fmt: project.output_name(fmt, stem) for fmt in project.formats}
    formats = {fmt: {**options, **provenance} for fmt, options in project.formats.items()}
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = []
        sources, found = _assemble(prepared, results, build, formats, pool)
        common = {"build": build, "project_dir": project.directory, "env": env}
        for fmt, options in formats.items():
            target = out / names[fmt]
            if fmt == "html":
                notebooks = [_notebook_entry(entry) for entry in project.notebooks]
                links = {"article": f"{stem}-preview.html", "file": document.path.name,
                         "notebooks": {e["notebook"]: {"href": e["preview"], "title": e["title"]} for e in notebooks}}
                meta = [{"name": key, "content": value} for key, value in provenance.items()] + page_meta
                others = {f: name for f, name in names.items() if f != "html"}
                jobs.append(pool.submit(write_html, sources["html"], found["html"].images, target, options, **common,
                                        other_formats=others, notebooks=notebooks, sources=links, page_meta=meta))
            elif fmt == "docx":
                jobs.append(pool.submit(write_docx, sources["plain"], target, options, **common))
            else:
                jobs.append(pool.submit(write_typst, sources["plain"], target, options, **common, epoch=epoch))
        if "html" in formats:  # while the writers' pandoc runs, which leave this process idle
            jobs.append(pool.submit(write_preview, article_notebook(document, results), out / f"{stem}-preview.html",
                                    f"Article notebook: {document.path.name}", names["html"], f"{stem}.ipynb", CSS))
            jobs.append(pool.submit(nbformat.write, article_notebook(document, results), str(out / f"{stem}.ipynb")))
        written = [job.result() for job in jobs]
    return [path for path in written if isinstance(path, Path)]


def _assemble(prepared: Prepared, results: Results, build: Path, formats: dict[str, dict],
              pool: ThreadPoolExecutor) -> tuple[dict[str, Path], dict[str, assemble.Inventory]]:
    """The markdown (plain, and as the HTML of a manuscript sees it) parsed, checked, saved as pandoc JSON.

    Returns the JSON files and what each variant holds, by variant (``plain``, ``html``).
    """
    document, project = prepared.document, prepared.project
    stem = document.path.stem
    variants = {"plain": False, "html": project.is_manuscript and "html" in formats}
    metadata = next(iter(formats.values()), {})  # document options and provenance, the same in every format
    markdowns = {}
    for name, wrap in variants.items():
        markdowns[name] = build / f"{stem}.{name}.md"
        text = to_markdown(document, results, build / f"{stem}_files", prepared.execute_defaults, wrap, metadata)
        markdowns[name].write_text(text, encoding="utf-8")
    parsed = pool.map(lambda path: assemble.parse(path, build), markdowns.values())
    asts = dict(zip(markdowns, parsed, strict=True))
    found = {name: assemble.inventory(ast) for name, ast in asts.items()}
    for fmt, options in formats.items():
        variant = found["html" if fmt == "html" else "plain"]
        assemble.check(variant, document, bool(options.get("number-sections")))
        _stage(assemble_resources(variant, options), build, project.directory)
    sources = {}
    for name, ast in asts.items():
        sources[name] = build / f"{stem}.{name}.json"
        sources[name].write_text(json.dumps(ast), encoding="utf-8")
    return sources, found


def assemble_resources(found: assemble.Inventory, options: dict) -> set[str]:
    """Project files a format needs beside the markdown: images, bibliographies, CSL style."""
    style = {options["csl"]} if options.get("csl") else set()
    return set(found.images) | set(pandoc.bibliographies(options)) | style


def independent_outputs(prepared: Prepared, out: Path) -> list[dict]:
    """What depends on nothing the execution computes, made while the kernel runs.

    The manuscript's notebooks beside the page, with their previews; and the page's
    Google Scholar meta tags, which come from the options and the bibliography (returned).
    """
    project = prepared.project
    if "html" not in project.formats:
        return []
    options = project.formats["html"]
    stem = prepared.document.path.stem
    article = project.output_name("html", stem)
    for entry in project.notebooks:
        _notebook_files(_notebook_entry(entry), project.directory, out, article)
    pdf = project.output_name("typst", stem) if "typst" in project.formats else None
    return scholar_tags(options, pdf, [project.directory / b for b in pandoc.bibliographies(options)])


def _notebook_entry(entry: dict) -> dict:
    path = entry["notebook"]
    return {"notebook": path, "title": entry.get("title", Path(path).stem), "ipynb": path,
            "preview": path.removesuffix(".ipynb") + "-preview.html"}


def _notebook_files(entry: dict, project_dir: Path, out: Path, article: str) -> Path:
    """Copy a manuscript notebook beside the page and write its preview."""
    source = project_dir / entry["notebook"]
    if not source.is_file():
        raise RenderError(f"{project_dir / '_quarto.yml'}: manuscript notebook {entry['notebook']} not found")
    target = out / entry["notebook"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    depth = "../" * (len(Path(entry["notebook"]).parts) - 1)
    return write_preview(read_notebook(source), out / entry["preview"], entry["title"], depth + article,
                         Path(entry["notebook"]).name, depth + CSS)

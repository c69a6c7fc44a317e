"""The no-Quarto render path, end to end: read, execute, assemble, write.

Everything is written under ``build`` (a temporary folder); the caller moves it
into place only when every step succeeded.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client import KernelManager

from render import assemble
from render.cells import to_markdown
from render.execute import Results, execute, kernel_setup
from render.features import RenderError
from render.meca import meca_name, write_meca
from render.previews import label_cells, read_notebook, write_preview
from render.project import Project, load_project
from render.qmd import Chunk, Document, read_qmd
from render.scholar import scholar_tags
from render.writers import pandoc
from render.writers.docx import write_docx
from render.writers.html import CSS, copy_images, write_html
from render.writers.jats import write_jats
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


def engine_name() -> str:
    return f"no-Quarto render path ({versions()})"


def versions() -> str:
    """Versions of the tools in the no-Quarto path, recorded in every output."""
    from importlib.metadata import version

    import pypandoc

    return (f"nbclient {version('nbclient')}, nbconvert {version('nbconvert')}, "
            f"pandoc {pypandoc.get_pandoc_version()}, typst-py {version('typst')}")


def prepare(source: Path) -> Prepared:
    document = read_qmd(source)
    return Prepared(document, load_project(document))


def run_kernel(prepared: Prepared, env: dict, on_kernel_ready: Callable[[], None],
               kernel: tuple[KernelManager, str] | None = None) -> Results:
    return execute(prepared.document, prepared.project.directory, prepared.execute_defaults, prepared.kernel_setup,
                   env=env, on_kernel_ready=on_kernel_ready, kernel=kernel)


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
    tags (:func:`page_meta`). The steps that do not wait on each other run side by side:
    the two parses; the three writers with the article notebook's preview.
    """
    document, project = prepared.document, prepared.project
    stem = document.path.stem
    names = {fmt: project.output_name(fmt, stem) for fmt in project.formats}
    formats = _format_options(prepared, provenance)
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = []
        markdowns = _markdowns(prepared, results, build, formats, ("plain", "html"))
        parsed = dict(zip(markdowns, pool.map(lambda path: assemble.parse(path, build), markdowns.values()),
                          strict=True))
        found = _check(prepared, formats, formats, build, parsed)
        sources = {}
        for name, ast in parsed.items():
            sources[name] = build / f"{stem}.{name}.json"
            sources[name].write_text(json.dumps(ast), encoding="utf-8")
        common = {"build": build, "project_dir": project.directory, "env": env}
        for fmt, options in formats.items():
            target = out / names[fmt]
            if fmt == "html":
                jobs.append(pool.submit(write_html, sources["html"], found["html"].images, target, options, **common,
                                        **_page_arguments(prepared, provenance, page_meta)))
            elif fmt == "docx":
                jobs.append(pool.submit(write_docx, sources["plain"], target, options, **common))
            elif fmt == "jats":
                jobs.append(pool.submit(write_jats, sources["plain"], target, options, **common))
            else:
                jobs.append(pool.submit(write_typst, sources["plain"], target, options, **common, epoch=epoch))
        if "html" in formats:  # while the writers' pandoc runs, which leave this process idle
            jobs.append(pool.submit(write_preview, article_notebook(document, results), out / f"{stem}-preview.html",
                                    f"Article notebook: {document.path.name}", names["html"], f"{stem}.ipynb", CSS))
            jobs.append(pool.submit(nbformat.write, article_notebook(document, results), str(out / f"{stem}.ipynb")))
        written = [job.result() for job in jobs]
    if "jats" in formats and project.is_manuscript:
        renderings = [out / names[fmt] for fmt in ("typst", "docx") if fmt in names]
        written.append(write_meca(out / meca_name(stem), out / names["jats"], renderings, build, project.directory,
                                  [entry["notebook"] for entry in project.notebooks], epoch))
    return [path for path in written if isinstance(path, Path)]


def write_page(prepared: Prepared, results: Results, build: Path, out: Path, env: dict, provenance: dict[str, str],
               page_meta: list[dict]) -> Path:
    """The HTML page alone, as :func:`write_outputs` writes it (``make preview`` shows it first).

    The writer reads the markdown while the assemble layer parses and checks it (on two
    cores, side by side); the page is returned only if the check passed.
    """
    project = prepared.project
    formats = _format_options(prepared, provenance)
    options = formats["html"]
    markdown = _markdowns(prepared, results, build, formats, ("html",))["html"]
    target = out / project.output_name("html", prepared.document.path.stem)
    out.mkdir(parents=True, exist_ok=True)
    _stage(format_resources(options), build, project.directory)  # before the writer reads them
    with ThreadPoolExecutor(max_workers=1) as pool:
        page = pool.submit(write_html, markdown, frozenset(), target, options, build=build,
                           project_dir=project.directory, env=env, **_page_arguments(prepared, provenance, page_meta))
        found = _check(prepared, formats, {"html"}, build, {"html": assemble.parse(markdown, build)})
        page.result()
    copy_images(found["html"].images, build, out)
    return target


def _format_options(prepared: Prepared, provenance: dict[str, str]) -> dict[str, dict]:
    return {fmt: {**options, **provenance} for fmt, options in prepared.project.formats.items()}


def _page_arguments(prepared: Prepared, provenance: dict[str, str], page_meta: list[dict]) -> dict:
    """What the page shows beside the article: the other formats, the notebooks, its sources, its meta tags."""
    document, project = prepared.document, prepared.project
    stem = document.path.stem
    notebooks = [_notebook_entry(entry) for entry in project.notebooks]
    links = {"article": f"{stem}-preview.html", "file": document.path.name,
             "notebooks": {e["notebook"]: {"href": e["preview"], "title": e["title"]} for e in notebooks}}
    meta = [{"name": key, "content": value} for key, value in provenance.items()] + page_meta
    others = {fmt: project.output_name(fmt, stem) for fmt in project.formats if fmt != "html"}
    if "jats" in project.formats and project.is_manuscript:
        others["meca"] = meca_name(stem)
    return {"other_formats": others, "notebooks": notebooks, "sources": links, "page_meta": meta}


def _markdowns(prepared: Prepared, results: Results, build: Path, formats: dict[str, dict],
               variants: tuple[str, ...]) -> dict[str, Path]:
    """The assembled markdown: ``plain``, and ``html`` as the page of a manuscript sees it."""
    document, project = prepared.document, prepared.project
    metadata = next(iter(formats.values()), {})  # document options and provenance, the same in every format
    wraps = {"plain": False, "html": project.is_manuscript and "html" in formats}
    markdowns = {}
    for name in variants:
        markdowns[name] = build / f"{document.path.stem}.{name}.md"
        text = to_markdown(document, results, build / f"{document.path.stem}_files", prepared.execute_defaults,
                           wraps[name], metadata)
        markdowns[name].write_text(text, encoding="utf-8")
    return markdowns


def _check(prepared: Prepared, formats: dict[str, dict], checked: Iterable[str], build: Path,
           parsed: dict[str, dict]) -> dict[str, assemble.Inventory]:
    """Check each format's variant against the registry and stage the project files it uses; what each holds."""
    found = {name: assemble.inventory(ast) for name, ast in parsed.items()}
    for fmt in checked:
        options = formats[fmt]
        variant = found["html" if fmt == "html" else "plain"]
        assemble.check(variant, prepared.document, bool(options.get("number-sections")))
        _stage(assemble_resources(variant, options), build, prepared.project.directory)
    return found


def assemble_resources(found: assemble.Inventory, options: dict) -> set[str]:
    """Project files a format needs beside the markdown: images, bibliographies, CSL style."""
    return set(found.images) | format_resources(options)


def format_resources(options: dict) -> set[str]:
    """The project files a format's options name: bibliographies, CSL style."""
    return set(pandoc.bibliographies(options)) | ({options["csl"]} if options.get("csl") else set())


def independent_outputs(prepared: Prepared, out: Path) -> list[dict]:
    """What depends on nothing the execution computes, made while the kernel runs.

    The manuscript's notebooks beside the page, with their previews; and the page's
    meta tags (:func:`page_meta`, returned).
    """
    project = prepared.project
    if "html" not in project.formats:
        return []
    article = project.output_name("html", prepared.document.path.stem)
    for entry in project.notebooks:
        _notebook_files(_notebook_entry(entry), project.directory, out, article)
    return page_meta(prepared)


def page_meta(prepared: Prepared) -> list[dict]:
    """The page's Google Scholar meta tags, from the options and the bibliography."""
    project = prepared.project
    if "html" not in project.formats:
        return []
    options = project.formats["html"]
    pdf = project.output_name("typst", prepared.document.path.stem) if "typst" in project.formats else None
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

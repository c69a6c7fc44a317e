"""Turn an executed document into pandoc markdown shaped as Quarto's Jupyter engine shapes it.

Assemble layer. Each chunk becomes a ``.cell`` div holding its echoed code and
its outputs (``.cell-output-stdout``, ``-stderr``, ``-display``). A chunk
labelled ``fig-*`` with ``fig-cap`` becomes a figure with that id, or, with
several images, a sub-figure panel whose images are ``fig-*-1``, ``fig-*-2``
(captions from ``fig-subcap``); one labelled ``tbl-*`` with ``tbl-cap`` becomes a
``tbl-*`` div whose last paragraph is the caption, the form Quarto reads for
markdown tables too. ``{{< embed notebook.ipynb#label >}}`` takes the outputs
stored in the notebook's cell of that label, with that cell's options.
In a manuscript project's HTML, Quarto also wraps every markdown cell in a
``.cell .markdown`` div (``notebook-preserve-cells``) that user filters see
before Quarto unrolls it; ``wrap_markdown_cells`` reproduces that.
Numbering and references are left to the crossref filter.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import nbformat
from PIL import Image

from render.execute import Results, runs
from render.features import RenderError, Where, refuse
from render.qmd import INLINE, SHORTCODE, Chunk, Document, Prose, split_options
from render.shortcodes import pagebreak_markdown, resolve_meta

DEFAULTS = {"echo": True, "eval": True, "include": True, "output": True, "warning": True}


#: An HTML table (quarto-cli display-data.ts ``displayDataHasHtmlTable``: an opening and a closing tag).
_HTML_TABLE = re.compile(r"<table.*</table", re.IGNORECASE | re.DOTALL)


def _fence(text: str, info: str = "") -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}{info}\n{text.rstrip()}\n{ticks}"


def _div(classes: str, content: str) -> str:
    return f"::: {{.{classes}}}\n\n{content}\n\n:::"


def _attribute(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Outputs:
    """Writes one chunk's (or embedded cell's) outputs as markdown, images into ``media_dir``."""

    def __init__(self, media_dir: Path, name: str, options: dict, where: Where):
        self.media_dir, self.name, self.options, self.where = media_dir, name, options, where

    def image(self, png: bytes, index: int) -> str:
        path = self.media_dir / f"{self.name}-output-{index + 1}.png"
        path.write_bytes(png)
        with Image.open(io.BytesIO(png)) as image:
            width = image.size[0] / image.info.get("dpi", (96, 96))[0]
        return f"{self.media_dir.name}/{path.name}", f"width={width:.2f}in"

    def blocks(self, outputs: list) -> list[str]:
        label = str(self.options.get("label", ""))
        images, blocks = [], []
        for output in outputs:
            if output["output_type"] == "stream":
                if output["name"] == "stdout" or self.options["warning"]:
                    blocks.append(_div(f"cell-output .cell-output-{output['name']}", _fence(output["text"])))
                continue
            data = output.get("data", {})
            if "image/png" in data:
                images.append(self.image(base64.b64decode(data["image/png"]), len(images)))
                blocks.append(None)  # the place of the image among the outputs
            elif "text/markdown" in data:
                blocks.append(_div("cell-output .cell-output-display .cell-output-markdown",
                                   "".join(data["text/markdown"])))
            elif "text/html" in data and _HTML_TABLE.search("".join(data["text/html"])):
                # a DataFrame: Quarto prefers its HTML table in every format and reads it as a table
                blocks.append(_div("cell-output .cell-output-display",
                                   _fence("".join(data["text/html"]), "{=html}")))
            elif "text/html" in data or "application/javascript" in data:
                raise RenderError(f"{self.where}: chunk '{label or self.name}' shows text/html without a table, "
                                  f"which Quarto writes differently in each format; display Markdown or a figure")
            elif "text/plain" in data:
                blocks.append(_div("cell-output .cell-output-display", _fence("".join(data["text/plain"]))))
        figures = self.figures(images, label)
        result, placed = [], False
        for block in blocks:
            if block is not None:
                result.append(block)
            elif not placed:
                result.append(figures)
                placed = True
        return self.table(result, label)

    def figures(self, images: list[tuple[str, str]], label: str) -> str:
        caption = self.options.get("fig-cap")
        alt = self.options.get("fig-alt")
        alt_attr = f" fig-alt={_attribute(alt)}" if alt else ""
        if not (label.startswith("fig-") and caption):
            if caption or self.options.get("fig-subcap"):
                raise RenderError(f"{self.where}: fig-cap needs a chunk label that starts with fig- (Quarto's rule)")
            return "\n\n".join(f"::: {{.cell-output .cell-output-display}}\n\n![]({path}){{{size}{alt_attr}}}\n\n:::"
                               for path, size in images)
        if not images:
            raise RenderError(f"{self.where}: chunk '{label}' has a fig-cap but shows no figure")
        if len(images) == 1 and not self.options.get("fig-subcap"):
            path, size = images[0]
            return f"![{caption}]({path}){{#{label} {size}{alt_attr}}}"
        subcaps = self.options.get("fig-subcap")
        if subcaps is True:
            subcaps = [""] * len(images)
        if not isinstance(subcaps, list) or len(subcaps) != len(images):
            raise RenderError(f"{self.where}: chunk '{label}' shows {len(images)} figures; give fig-subcap "
                              f"{len(images)} captions (or true)")
        ncol = self.options.get("layout-ncol", 1)
        panels = "\n\n".join(f"![{sub}]({path}){{#{label}-{i + 1} {size}}}"
                             for i, (sub, (path, size)) in enumerate(zip(subcaps, images, strict=True)))
        return f"::: {{#{label} layout-ncol={ncol}{alt_attr}}}\n\n{panels}\n\n{caption}\n\n:::"

    def table(self, blocks: list[str], label: str) -> list[str]:
        caption = self.options.get("tbl-cap")
        if not caption:
            return blocks
        if not label.startswith("tbl-"):
            raise RenderError(f"{self.where}: tbl-cap needs a chunk label that starts with tbl- (Quarto's rule)")
        return [f"::: {{#{label}}}\n\n" + "\n\n".join(blocks) + f"\n\n{caption}\n\n:::"]


def chunk_markdown(chunk: Chunk, outputs: list, options: dict, media_dir: Path, name: str) -> str:
    """One chunk as Quarto writes it: a ``.cell`` div with code (if echoed) and outputs (if shown)."""
    if not options["include"]:
        return ""
    parts = []
    if options["echo"]:
        parts.append(_folded(_fence(chunk.code, " {.python .cell-code}"), options))
    if options["output"]:
        parts.extend(Outputs(media_dir, name, options, chunk.where).blocks(outputs))
    label = str(options.get("label", ""))
    source = f' data-source-line="{chunk.line}"' + (f' data-label="{label}"' if label else "")
    return "::: {.cell" + source + "}\n\n" + "\n\n".join(parts) + "\n\n:::"


def _folded(code: str, options: dict) -> str:
    """Echoed code folded into a disclosure in HTML, as Quarto's ``code-fold`` does (``show``: open).

    quarto.org/docs/output-formats/html-code.html#folding-code: HTML only; other formats show the code,
    so the wrapper is raw HTML, which the other writers drop.
    """
    fold = options.get("code-fold", False)
    if fold not in (True, "show"):
        return code
    summary = html.escape(str(options.get("code-summary", "Code")))
    opened = " open" if fold == "show" else ""
    return (f'```{{=html}}\n<details class="code-fold"{opened}>\n<summary>{summary}</summary>\n```\n\n{code}\n\n'
            "```{=html}\n</details>\n```")


def embed_markdown(target: str, where: Where, project_dir: Path, media_dir: Path, execute_defaults: dict) -> str:
    """``{{< embed notebook.ipynb#label >}}``: the stored outputs of that notebook cell."""
    notebook_path, _, label = target.partition("#")
    if not notebook_path.endswith(".ipynb"):
        raise refuse("embedding from a .qmd notebook (executes it)", where.path, where.line)
    path = project_dir / notebook_path.lstrip("/")
    if not path.is_file():
        raise RenderError(f"{where}: embedded notebook {notebook_path} not found")
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        options, _ = split_options(cell.source, Where(path, 1))
        if options.get("label") != label:
            continue
        options = {**DEFAULTS, **execute_defaults, "echo": False, **options}
        blocks = Outputs(media_dir, f"{path.stem}-{label}", options, where).blocks(cell.outputs)
        return (f"::: {{.cell .quarto-embed data-notebook={_attribute(notebook_path)} data-label={_attribute(label)}}}"
                f"\n\n" + "\n\n".join(blocks) + "\n\n:::")
    raise RenderError(f"{where}: no cell labelled '{label}' in {notebook_path}")


def prose_markdown(prose: Prose, values: dict[str, str], project_dir: Path, media_dir: Path,
                   execute_defaults: dict, metadata: dict | None = None) -> str:
    """A markdown cell with inline values in place, embeds and meta shortcodes resolved, escaped ones unescaped."""
    lines = []
    for line in prose.lines or [None]:
        text = line.text if line else prose.text
        embed = SHORTCODE.fullmatch(text.strip())
        if embed and embed.group(1) == "pagebreak":
            lines.append("\n" + pagebreak_markdown() + "\n")
            continue
        if embed and embed.group(1) == "embed":
            target = embed.group(2).split()[0]
            lines.append(embed_markdown(target, line.where, project_dir, media_dir, execute_defaults))
            continue
        text = resolve_meta(text, metadata or {}, line.where if line else None)
        text = INLINE.sub(lambda match: match.group(1) + values[match.group(2).strip()], text)
        lines.append(text.replace("{{{<", "{{<").replace(">}}}", ">}}"))
    return "\n".join(lines)


def to_markdown(document: Document, results: Results, media_dir: Path, execute_defaults: dict,
                wrap_markdown_cells: bool = False, metadata: dict | None = None) -> str:
    """The body of ``document`` as pandoc markdown, outputs and inline values in place.

    ``metadata``: what ``{{< meta key >}}`` looks keys up in (the options in force and the render's
    provenance).
    """
    media_dir.mkdir(parents=True, exist_ok=True)
    blocks = []
    for index, cell in enumerate(document.cells):
        if isinstance(cell, Prose):
            text = prose_markdown(cell, results.values.get(index, {}), document.path.parent, media_dir,
                                  execute_defaults, metadata)
            blocks.append(f"::: {{#cell-{index} .cell .markdown}}\n\n{text}\n\n:::" if wrap_markdown_cells else text)
            continue
        document_wide = {key: value for key, value in (metadata or {}).items() if key in ("code-fold", "code-summary")}
        options = {**DEFAULTS, **execute_defaults, **document_wide, **cell.options}
        outputs = results.outputs.get(index, []) if runs(cell, execute_defaults) else []
        name = str(options.get("label", f"cell-{index}"))
        blocks.append(chunk_markdown(cell, outputs, options, media_dir, name))
    return "\n\n".join(block for block in blocks if block) + "\n"

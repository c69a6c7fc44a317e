"""Turn an executed document into pandoc markdown, honouring Quarto's chunk options.

Options honoured, with Quarto's meaning: ``label``, ``echo``, ``include``,
``output``, ``warning``, ``eval``, ``fig-cap``, ``tbl-cap``. A
chunk labelled ``fig-*`` with a ``fig-cap`` makes a figure with that id; one
labelled ``tbl-*`` with a ``tbl-cap`` makes a table inside a div with that id,
as Quarto does. Numbering and ``@fig-``/``@tbl-`` references are left to the
crossref Lua filter.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

from render.execute import Results
from render.qmd import INLINE, Chunk, Document, Prose

DEFAULTS = {"echo": True, "include": True, "output": True, "warning": True}


def _fence(text: str, info: str = "") -> str:
    return f"```{info}\n{text.rstrip()}\n```"


def _image(chunk: Chunk, png: bytes, media_dir: Path, index: int) -> str:
    name = f"{chunk.options.get('label', f'chunk-{chunk.line}')}-{index}.png"
    (media_dir / name).write_bytes(png)
    with Image.open(io.BytesIO(png)) as image:
        dpi = image.info.get("dpi", (96, 96))[0]
        width = image.size[0] / dpi
    label, caption = str(chunk.options.get("label", "")), chunk.options.get("fig-cap", "")
    attributes = [f"width={width:.2f}in"]
    if label.startswith("fig-") and caption and index == 0:
        attributes.insert(0, f"#{label}")
    return f"![{caption if index == 0 else ''}]({media_dir.name}/{name}){{{' '.join(attributes)}}}"


def _outputs(chunk: Chunk, outputs: list, options: dict, media_dir: Path) -> list[str]:
    blocks, images = [], 0
    for output in outputs:
        if output["output_type"] == "stream":
            if output["name"] == "stdout" or options["warning"]:
                blocks.append(_fence(output["text"]))
            continue
        data = output.get("data", {})
        if "image/png" in data:
            blocks.append(_image(chunk, base64.b64decode(data["image/png"]), media_dir, images))
            images += 1
        elif "text/markdown" in data:
            blocks.append(data["text/markdown"])
        elif "text/plain" in data:
            blocks.append(_fence(data["text/plain"]))
    label = str(options.get("label", ""))
    if label.startswith("tbl-") and options.get("tbl-cap"):
        blocks = [f"::: {{#{label}}}\n\n" + "\n\n".join(blocks) + f"\n\n: {options['tbl-cap']}\n\n:::"]
    return blocks


def to_markdown(document: Document, results: Results, media_dir: Path, execute_defaults: dict) -> str:
    """The body of ``document`` as pandoc markdown, with outputs and inline values in place."""
    media_dir.mkdir(parents=True, exist_ok=True)
    blocks = []
    for cell in document.cells:
        if isinstance(cell, Prose):
            values = iter(results.value_of(inline) for inline in cell.inlines)
            blocks.append(INLINE.sub(lambda _: next(values), cell.text))
            continue
        options = {**DEFAULTS, **execute_defaults, **cell.options}
        if not options["include"]:
            continue
        if options["echo"]:
            blocks.append(_fence(cell.code, "python"))
        if options["output"]:
            blocks.extend(_outputs(cell, results.outputs_of(cell), options, media_dir))
    return "\n\n".join(blocks) + "\n"

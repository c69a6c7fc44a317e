"""Typst writer: pandoc writes Typst with a template that behaves as Quarto's; typst makes the PDF.

Citations, as in Quarto's typst format: Typst's own by default (pandoc's
``citations`` extension writes ``#cite``, the template adds ``#bibliography``),
pandoc's citeproc with ``citeproc: true`` (then ``typst-citations``, and the
references go where the document's ``#refs`` div is).
"""

from __future__ import annotations

from pathlib import Path

import typst

from render.features import RenderError
from render.writers import pandoc

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "article.typ"


def write_typst(source: Path, target: Path, options: dict, *, build: Path, project_dir: Path, env: dict,
                epoch: int) -> Path:
    citeproc = options.get("citeproc") is True and pandoc.has_references(options)
    typ = build / (target.stem + ".typ")
    variables = {**options}
    if options.get("number-sections") and not options.get("section-numbering"):
        variables["section-numbering"] = "1.1.a"  # as Quarto's typst format does (format-typst.ts)
    if options.get("bibliography") and not citeproc:
        variables["typst-bibliography"] = True
    extra = [f"--template={TEMPLATE}"]
    extra += [f"--include-in-header={project_dir / f}" for f in pandoc.as_list(options.get("include-in-header"))]
    pandoc.run(source, typ, "typst-citations" if citeproc else "typst", variables, project_dir, cwd=build, env=env,
               citeproc=citeproc, extra=extra)
    try:
        typst.compile(str(typ), output=str(target), root=str(build), timestamp=epoch)
    except RuntimeError as error:
        raise RenderError(f"typst could not compile {typ.name}: {str(error).strip().splitlines()[0]}") from None
    if options.get("keep-typ"):
        target.with_suffix(".typ").write_text(typ.read_text(encoding="utf-8"), encoding="utf-8")
    return target

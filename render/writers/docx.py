"""DOCX writer: pandoc's Word writer, with the ``reference-doc`` Quarto passes on."""

from __future__ import annotations

from pathlib import Path

from render.writers import pandoc


def write_docx(source: Path, target: Path, options: dict, *, build: Path, project_dir: Path, env: dict) -> Path:
    extra = ["--number-sections"] if options.get("number-sections") else []
    if options.get("reference-doc"):
        extra.append(f"--reference-doc={project_dir / options['reference-doc']}")
    pandoc.run(source, target, "docx", options, project_dir, cwd=build, env=env,
               citeproc=pandoc.has_references(options), extra=extra)
    return target

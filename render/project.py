"""The options in force for a render: ``_quarto.yml`` merged with the document's front matter.

Read layer. As in Quarto, the front matter overrides the project file key by
key (mappings merged deeply), and each output format sees the document options
overridden by its own ``format: <name>:`` options. Every key is checked against
:mod:`render.features` with the file and line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from render.authors import normalise as normalise_authors
from render.dates import resolve_date
from render.features import (
    DOCUMENT_OPTIONS,
    EXECUTE_OPTIONS,
    FORMAT_OPTIONS,
    MANUSCRIPT_OPTIONS,
    PROJECT_OPTIONS,
    PROJECT_TYPES,
    RESTRICTED_VALUES,
    RenderError,
    refuse,
)
from render.qmd import YAML_LOADER, Document, key_lines

#: Output file suffix of each format.
SUFFIXES = {"html": ".html", "docx": ".docx", "typst": ".pdf", "jats": ".xml"}


@dataclass
class Options:
    """Merged options with the (file, line) each key path was set on."""

    values: dict
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.values.get(key, default)


@dataclass
class Project:
    """What to render and how: the document, its project, and the options per format."""

    directory: Path
    type: str
    output_dir: Path
    document: dict
    formats: dict[str, dict]
    notebooks: list[dict]

    @property
    def is_manuscript(self) -> bool:
        return self.type == "manuscript"

    @property
    def default_output_dir(self) -> Path:
        """The project's output-dir; a document without one renders into _output/ beside it."""
        return self.output_dir if self.output_dir != self.directory else self.directory / "_output"

    def output_name(self, fmt: str, stem: str) -> str:
        if fmt == "html" and (self.is_manuscript or stem == "index"):
            return "index.html"
        return stem + SUFFIXES[fmt]


def _read_yaml(path: Path) -> Options:
    text = path.read_text(encoding="utf-8")
    try:
        return Options(yaml.load(text, Loader=YAML_LOADER) or {},
                       {key: (path, line) for key, line in key_lines(yaml.compose(text, Loader=YAML_LOADER)).items()})
    except yaml.YAMLError as error:
        raise RenderError(f"{path}: not valid YAML ({error.problem})") from None


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        both_mappings = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merge(merged[key], value) if both_mappings else value
    return merged


def _check(values: dict, allowed: set[str], lines: dict, prefix: str, what: str) -> None:
    for key, value in values.items():
        where = lines.get(prefix + key, (Path("?"), None))
        if key not in allowed:
            raise refuse(f"{what} '{prefix}{key}'", *where)
        if key in RESTRICTED_VALUES and value not in RESTRICTED_VALUES[key]:
            raise refuse(f"{what} '{prefix}{key}: {value}'", *where)


def load_project(document: Document) -> Project:
    """The project around ``document`` and the merged, checked options of each format."""
    directory = document.path.parent
    config_file = directory / "_quarto.yml"
    project_options = _read_yaml(config_file) if config_file.exists() else Options({})
    lines = {**project_options.lines,
             **{key: (document.path, line) for key, line in document.front_matter_lines.items()}}

    project = project_options.values.get("project", {}) or {}
    _check(project, PROJECT_OPTIONS, lines, "project.", "project option")
    project_type = project.get("type", "default")
    if project_type not in PROJECT_TYPES:
        raise refuse(f"project type '{project_type}'", *lines.get("project.type", (config_file, None)))
    manuscript = project_options.values.get("manuscript", {}) or {}
    _check(manuscript, MANUSCRIPT_OPTIONS, lines, "manuscript.", "manuscript option")
    if manuscript.get("article") and (directory / manuscript["article"]).resolve() != document.path:
        raise RenderError(f"{config_file}: manuscript.article is {manuscript['article']}, not {document.path.name}")

    shared = {k: v for k, v in project_options.values.items() if k not in ("project", "manuscript")}
    merged = _merge(shared, document.front_matter)
    _check(merged, DOCUMENT_OPTIONS, lines, "", "option")
    merged = normalise_authors(merged, lines, document.path)
    _check(merged.get("execute", {}) or {}, EXECUTE_OPTIONS, lines, "execute.", "execute option")

    declared = merged.pop("format", None) or {"html": {}}
    if isinstance(declared, str):
        declared = {declared: {}}
    formats = {}
    for name, options in declared.items():
        if name not in FORMAT_OPTIONS:
            where = lines.get(f"format.{name}", lines.get("format", (config_file, None)))
            raise refuse(f"output format '{name}'", *where)
        options = {} if options in (None, "default") else options
        _check(options, FORMAT_OPTIONS[name], lines, f"format.{name}.", "format option")
        where = lines.get(f"format.{name}.date-format",
                          lines.get("date-format", lines.get("date", (document.path, None))))
        formats[name] = resolve_date({**merged, **options}, name, where)
        if name == "typst" and formats[name].get("references") and formats[name].get("citeproc") is not True:
            # Typst's own bibliography reads a file; which one Quarto writes for inline references is not known here
            raise refuse("references: in the metadata with Typst's own bibliography (set citeproc: true)",
                         *lines.get("references", (document.path, None)))
    return Project(directory, project_type, directory / project.get("output-dir", "."), merged, formats,
                   manuscript.get("notebooks", []) or [])

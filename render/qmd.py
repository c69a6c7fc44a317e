"""Read a Quarto document into front matter, code chunks and prose, each with its source line.

Read layer. Quarto's include shortcode is expanded first, as Quarto does (its
content counts as if typed in place: relative paths are the main file's, a
leading ``/`` is the project root), and every line keeps its origin so that
messages name the file and line the author wrote. Cells are then split by
Quarto's own rules (jupytext's R Markdown reader would take any ```{...}
block, ```{#lst-x .sql} included, for a code chunk); chunk options are the
``#|`` lines, parsed as YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from render.features import CHUNK_LANGUAGES, CHUNK_OPTIONS, SHORTCODES, RenderError, Where, refuse

#: An inline expression, as Quarto's Jupyter engine finds it: one line, a backtick
#: not preceded by another, ``{python}``, one space or tab, code without backticks.
INLINE = re.compile(r"(^|[^`])`\{python\}[ \t]([^`\n]+)`")
OTHER_INLINE = re.compile(r"(^|[^`])`\{([A-Za-z][\w-]*)\}[ \t][^`\n]+`")
SHORTCODE = re.compile(r"(?<!\{)\{\{<\s*([\w-]+)\s*(.*?)\s*>\}\}(?!\})")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{?)\s*([^\s}]*)(.*?)\s*$")
#: Quarto's cell boundaries (break-quarto-md.ts).
_START_CELL = re.compile(r"^\s*```+\s*\{([=A-Za-z]+)( *[ ,].*)?\}\s*$")
_END_CODE = re.compile(r"^\s*```+\s*$")
_YAML = re.compile(r"^---\s*$")

#: libyaml's safe loader where PyYAML has it: the same documents, read in a fraction of the time.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Line:
    text: str
    where: Where


@dataclass
class Chunk:
    """A code chunk: its code (options stripped), its options, and where its fence is."""

    code: str
    options: dict
    where: Where
    options_lines: int = 0  # how many #| lines stand between the fence and the code

    @property
    def line(self) -> int:
        return self.where.line

    def code_where(self, line: int) -> Where:
        """Where line ``line`` (from 1) of the code as it runs is written."""
        return Where(self.where.path, self.where.line + self.options_lines + line)

    @property
    def label(self) -> str:
        return str(self.options.get("label", f"unlabelled chunk at line {self.line}"))


@dataclass
class Inline:
    """An inline ``{python}`` expression and where it is."""

    expression: str
    where: Where

    @property
    def line(self) -> int:
        return self.where.line


@dataclass
class Prose:
    """A stretch of markdown between chunks (a markdown cell, as Quarto calls it)."""

    text: str
    where: Where
    inlines: list[Inline] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    """A parsed ``.qmd``: front matter, the cells in order, and every expanded line."""

    path: Path
    front_matter: dict
    cells: list[Chunk | Prose]
    lines: list[Line]
    front_matter_lines: dict[str, int] = field(default_factory=dict)

    def find(self, needle: str) -> Where:
        """Where ``needle`` first occurs in the document (its main file if nowhere else)."""
        for line in self.lines:
            if needle in line.text:
                return line.where
        return Where(self.path, 1)


def _expand(path: Path, project_dir: Path, stack: tuple[Path, ...] = ()) -> list[Line]:
    """The lines of ``path`` with every include shortcode replaced by its file's lines."""
    main_dir = (stack[0] if stack else path).parent
    lines: list[Line] = []
    fence = None
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = Where(path, number)
        opened = _FENCE.match(text)
        if opened and (fence is None or (opened.group(1).startswith(fence) and not opened.group(3))):
            fence = None if fence else opened.group(1)
        match = SHORTCODE.fullmatch(text.strip()) if fence is None else None
        if match and match.group(1) == "include":
            target = match.group(2).strip().strip("\"'")
            resolved = (project_dir / target.lstrip("/")) if target.startswith("/") else main_dir / target
            if not resolved.is_file():
                raise RenderError(f"{where}: included file {target} not found (looked for {resolved})")
            if resolved.resolve() in {p.resolve() for p in (*stack, path)}:
                raise RenderError(f"{where}: {target} includes itself")
            lines.extend(_expand(resolved, project_dir, (*stack, path) if stack else (path,)))
        else:
            lines.append(Line(text, where))
    return lines


def split_options(source: str, where: Where, strict: bool = True) -> tuple[dict, str]:
    """``#| key: value`` lines at the top of a chunk, as a dict (``strict``: known keys only), and the code."""
    lines = source.splitlines()
    option_lines = []
    while lines and lines[0].startswith("#|"):
        option_lines.append(re.sub(r"^#\|\s?", "", lines.pop(0)))
    try:
        options = yaml.load("\n".join(option_lines), Loader=YAML_LOADER) or {}
    except yaml.YAMLError as error:
        raise RenderError(f"{where}: chunk options are not valid YAML ({error.problem})") from None
    if not isinstance(options, dict):
        raise RenderError(f"{where}: chunk options are not a YAML mapping")
    for offset, key in enumerate(options):
        if strict and key not in CHUNK_OPTIONS:
            raise refuse(f"chunk option '{key}'", where.path, where.line + 1 + offset)
    return options, "\n".join(lines)


def _check_prose(lines: list[Line]) -> None:
    """Refuse shortcodes and inline code of other engines that the path does not implement."""
    fence = None
    for line in lines:
        opened = _FENCE.match(line.text)
        if opened:
            fence = None if fence else opened.group(1)
            continue
        if fence:
            continue
        for match in SHORTCODE.finditer(line.text):
            if match.group(1) not in SHORTCODES:
                raise refuse(f"shortcode '{{{{< {match.group(1)} >}}}}'", line.where.path, line.where.line)
            key = match.group(2).strip()
            if match.group(1) == "pagebreak" and line.text.strip() != match.group(0):
                raise refuse("the pagebreak shortcode within a line of text (give it a line of its own)",
                             line.where.path, line.where.line)
            if match.group(1) == "meta" and "." in key:  # Quarto walks nested metadata; the options here are flat
                raise refuse(f"the meta shortcode with a dotted key ('{key}')", line.where.path, line.where.line)
        other = OTHER_INLINE.search(line.text)
        if other and other.group(2) != "python":
            raise refuse(f"inline code of engine '{other.group(2)}'", line.where.path, line.where.line)


def read_qmd(path: Path, project_dir: Path | None = None, *, strict: bool = True) -> Document:
    """Parse ``path`` into front matter, chunks and prose, each with where it comes from.

    Cells are split as Quarto splits them (quarto-cli ``src/core/lib/break-quarto-md.ts``):
    a chunk opens with ```` ```{lang} ```` (letters; ``{=format}`` is a raw block, left to
    pandoc) and closes with a line of backticks; any other fenced block is markdown and
    nothing inside it opens a chunk. ``strict=False`` reads a document that uses features this path
    refuses (for :mod:`render.places`, which also runs under Quarto).
    """
    path = path.resolve()
    lines = _expand(path, (project_dir or path.parent).resolve())
    front_matter, front_matter_lines, body = {}, {}, 0
    if lines and _YAML.match(lines[0].text):
        end = next((i for i in range(1, len(lines)) if _YAML.match(lines[i].text)), None)
        if end is None:
            raise RenderError(f"{lines[0].where}: the front matter has no closing ---")
        front_matter, front_matter_lines = _front_matter("\n".join(line.text for line in lines[:end + 1]), path)
        body = end + 1
    cells: list[Chunk | Prose] = []
    prose: list[Line] = []
    index = body
    fence = 0  # backticks of an open markdown code block
    while index < len(lines):
        line = lines[index]
        opened = _START_CELL.match(line.text)
        if opened and not fence and not opened.group(1).startswith("="):
            _flush(prose, cells, strict)
            close = next((i for i in range(index + 1, len(lines)) if _END_CODE.match(lines[i].text)), None)
            if close is None:
                raise RenderError(f"{line.where}: code chunk is not closed")
            if strict:
                _check_chunk(opened, line)
            body = "\n".join(line.text for line in lines[index + 1:close])
            options, code = split_options(body, line.where, strict)
            cells.append(Chunk(code, options, line.where, len(body.splitlines()) - len(code.splitlines())))
            index = close + 1
            continue
        ticks = len(line.text) - len(line.text.lstrip("`"))
        if fence and _END_CODE.match(line.text) and ticks == fence:
            fence = 0
        elif not fence and line.text.startswith("```"):
            fence = ticks
        prose.append(line)
        index += 1
    _flush(prose, cells, strict)
    if strict:
        _check_labels(cells)
    return Document(path, front_matter, cells, lines, front_matter_lines)


#: An identifier given in markdown: a header, div, span, image, table caption or equation ``{#name ...}``.
_MARKDOWN_ID = re.compile(r"\{#([A-Za-z][\w:.-]*)")


def _check_labels(cells: list) -> None:
    """Refuse a label given twice (two chunks, or a chunk and an image), naming both places in the source.

    Quarto names the duplicate in the source too; left to the writers, it would surface as Typst's
    error about an intermediate file the author never sees.
    """
    seen: dict[str, Where] = {}

    def claim(label: str, where: Where) -> None:
        if label in seen:
            raise RenderError(f"{where}: the label '{label}' is already given at {seen[label]}: "
                              f"a label names one figure, table, equation or section")
        seen[label] = where

    for cell in cells:
        if isinstance(cell, Chunk):
            if "label" in cell.options:
                claim(str(cell.options["label"]), cell.where)
            continue
        fence = None
        for line in cell.lines:
            opened = _FENCE.match(line.text)
            if opened:
                fence = None if fence else opened.group(1)
                continue
            if not fence:
                for match in _MARKDOWN_ID.finditer(line.text):
                    claim(match.group(1), line.where)


def _flush(prose: list[Line], cells: list, strict: bool) -> None:
    """Close a markdown cell: drop empty edge lines; check it (``strict``); keep it if anything is left."""
    while prose and not prose[0].text.strip():
        prose.pop(0)
    while prose and not prose[-1].text.strip():
        prose.pop()
    if prose:
        if strict:
            _check_prose(prose)
        inlines = [Inline(match.group(2).strip(), line.where) for line in prose for match in INLINE.finditer(line.text)]
        cells.append(Prose("\n".join(line.text for line in prose), prose[0].where, inlines, list(prose)))
    prose.clear()


def _check_chunk(opened: re.Match, line: Line) -> None:
    language, rest = opened.group(1), (opened.group(2) or "").strip(" ,")
    if language not in CHUNK_LANGUAGES:
        raise refuse(f"code chunks of engine '{language}'", line.where.path, line.where.line)
    if rest:
        raise refuse("chunk options in the chunk header (use #| lines)", line.where.path, line.where.line)


def key_lines(node, offset: int = 1, prefix: str = "") -> dict[str, int]:
    """The line of every key and list item of a YAML mapping, by dotted path (``format.html.toc``, ``author.0``)."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[prefix + key.value] = key.start_mark.line + offset
            lines.update(key_lines(value, offset, prefix + key.value + "."))
    elif isinstance(node, yaml.SequenceNode):  # items by index: author.0.affiliations
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + offset
            lines.update(key_lines(item, offset, f"{prefix}{index}."))
    return lines


def _front_matter(source: str, path: Path) -> tuple[dict, dict[str, int]]:
    """The YAML front matter and the line of each key (the front matter starts after line 1's ---)."""
    body = source.strip().strip("-").strip("\n")
    try:
        return yaml.load(body, Loader=YAML_LOADER) or {}, key_lines(yaml.compose(body, Loader=YAML_LOADER), offset=2)
    except yaml.YAMLError as error:
        raise RenderError(f"{path}: front matter is not valid YAML ({error.problem})") from None

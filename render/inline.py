"""Inline values as Quarto's Jupyter engine writes them into the markdown.

Quarto evaluates each ``{python}`` expression of a markdown cell through the
kernel's ``user_expressions`` (IPython formats the value with its display
formatter, exactly as for ``display()``), then picks one MIME type and writes
it in place (quarto-cli ``src/core/jupyter/jupyter-inline.ts`` and
``display-data.ts``):

* ``text/markdown`` (an ``IPython.display.Markdown``) is inserted as markdown;
* ``text/plain`` is the value's ``repr``: quotes around a ``str`` are dropped
  and markdown punctuation is backslash-escaped, so a ``str`` prints literally,
  never as markup (backslashes are escaped twice over, quarto-cli #11291);
* ``text/html``, ``text/latex`` and images differ by output format (raw HTML
  in HTML only); this path writes one markdown for every format, so it refuses
  them rather than guess;
* an empty value leaves the inline code in the text: refused here.

Within one markdown cell the results are looked up by expression text, so a
repeated expression shows the value of its last evaluation everywhere in that
cell, as in Quarto.
"""

from __future__ import annotations

import re

from render.features import RenderError, Where

#: Quarto's MIME preferences (display-data.ts): HTML output, and DOCX/Typst output.
HTML_PRIORITY = ("application/vnd.jupyter.widget-state+json", "application/vnd.jupyter.widget-view+json",
                 "application/javascript", "text/html", "text/markdown", "image/svg+xml", "image/png",
                 "image/jpeg", "text/plain")
OTHER_PRIORITY = ("text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain")
_ESCAPED = re.compile(r"([\\`*_{}\[\]()>#+,\-.!])")


def escape_markdown(text: str) -> str:
    """Quarto's ``asEscapedMarkdown``: unquote a repr'd string and escape its markdown."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return _ESCAPED.sub(r"\\\1", text[1:-1].replace("\\", "\\\\"))
    return text


def _chosen(data: dict, priority: tuple[str, ...]) -> str | None:
    return next((mime for mime in priority if mime in data), None)


def format_value(bundle: dict, expression: str, where: Where) -> str:
    """The markdown Quarto writes for one ``user_expressions`` result, the same in every format."""
    data = bundle.get("data", {})
    html, other = _chosen(data, HTML_PRIORITY), _chosen(data, OTHER_PRIORITY)
    if html != other or other not in ("text/markdown", "text/plain"):
        raise RenderError(f"{where}: inline expression `{expression}` returns {html or other}, which Quarto "
                          f"writes differently in each format; return a str or IPython.display.Markdown")
    value = data[other]
    if isinstance(value, list):
        value = "".join(value)
    if other == "text/plain":
        value = escape_markdown(value)
    if not value:
        raise RenderError(f"{where}: inline expression `{expression}` returned an empty value "
                          f"(Quarto would print its code instead)")
    return value

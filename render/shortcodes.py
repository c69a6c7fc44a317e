"""The ``meta`` and ``pagebreak`` shortcodes.

``{{< meta key >}}`` is the document's metadata value for ``key``.

As Quarto documents it (quarto.org/docs/authoring/variables.html, "meta"): the key
is looked up in the document's metadata, which includes what ``-M`` passes on the
command line (here the render's provenance, ``render-commit`` and
``render-engine``); a key that is not found prints ``?meta:key``.
``{{{< meta key >}}}`` is an escaped shortcode and stays literal. A dotted key,
which Quarto walks into nested metadata, is refused by the read layer
(``render.qmd``) with the other shortcodes this path lacks: the options it accepts
are flat. (``include`` is expanded by the read layer, ``embed`` by ``cells``.)

``{{< pagebreak >}}``, alone on its line, is a page break in each format as Quarto's
handler writes it (quarto-cli ``src/resources/filters/quarto-pre/shortcodes-handlers.lua``,
``handlePagebreak``; quarto.org/docs/authoring/markdown-basics.html#page-breaks): one raw
block per format, which pandoc keeps only in its own format.
"""

from __future__ import annotations

import re
import sys

from render.features import Where
from render.qmd import SHORTCODE


def resolve_meta(text: str, metadata: dict, where: Where | None = None) -> str:
    """``text`` with each ``{{< meta key >}}`` replaced by its value (a list: its items, comma-separated)."""

    def value(match: re.Match) -> str:
        if match.group(1) != "meta":
            return match.group(0)
        key = match.group(2).strip()
        if key not in metadata:
            print(f"warning: {where}: no metadata '{key}' for {{{{< meta {key} >}}}}", file=sys.stderr)
            return f"?meta:{key}"
        found = metadata[key]
        return ", ".join(map(str, found)) if isinstance(found, list) else str(found)

    return SHORTCODE.sub(value, text)


#: Quarto's page break for each output format of this path (raw format: markup).
PAGEBREAK = {"html": '<div style="page-break-after: always;"></div>',
             "openxml": '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
             "typst": "#pagebreak()"}


def pagebreak_markdown() -> str:
    """The page break as raw blocks, one per format."""
    return "\n\n".join(f"```{{={fmt}}}\n{markup}\n```" for fmt, markup in PAGEBREAK.items())

"""The ``meta`` shortcode: ``{{< meta key >}}`` is the document's metadata value for ``key``.

As Quarto documents it (quarto.org/docs/authoring/variables.html, "meta"): the key
is looked up in the document's metadata, which includes what ``-M`` passes on the
command line (here the render's provenance, ``render-commit`` and
``render-engine``); a key that is not found prints ``?meta:key``.
``{{{< meta key >}}}`` is an escaped shortcode and stays literal. A dotted key,
which Quarto walks into nested metadata, is refused by the read layer
(``render.qmd``) with the other shortcodes this path lacks: the options it accepts
are flat. (``include`` is expanded by the read layer, ``embed`` by ``cells``.)
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

"""The one registry of the Quarto features the no-Quarto path implements.

Everything here follows Quarto's documented behaviour (the sources are in
README.md, "The two engines"). Anything Quarto has that is not listed is
refused by :func:`refuse`, with one line naming the feature, the file and the
line, so that a document never renders differently from ``quarto render``
without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class RenderError(RuntimeError):
    """A render failed; the message is one line naming what, where, and why."""


class Unsupported(RenderError):
    """A Quarto feature the no-Quarto path does not implement."""


def refuse(feature: str, path: Path | str, line: int | None) -> Unsupported:
    where = f"{path}:{line}" if line else str(path)
    return Unsupported(f"{where}: {feature} is not supported by the no-Quarto render path; "
                       f"render with Quarto >= 1.4 (`quarto render`) to use it")


#: Chunk options (``#| key: value``) and what they do, as in Quarto's Jupyter engine.
CHUNK_OPTIONS = {
    "label": "names the chunk; fig-/tbl- labels make it a cross-referenceable float",
    "echo": "show the code",
    "eval": "run the code",
    "include": "show anything at all",
    "output": "show the output",
    "warning": "show warnings (stderr)",
    "fig-cap": "figure caption",
    "fig-subcap": "sub-figure captions, one per image (or true for (a), (b) only)",
    "fig-alt": "alternative text of the figure image",
    "tbl-cap": "table caption",
    "layout-ncol": "number of columns for sub-figures",
    "code-fold": "fold echoed code into a disclosure in HTML (true, or show: open); other formats show it",
    "code-summary": "the disclosure's label (default Code)",
    "fig-width": "accepted and ignored: with the Jupyter engine it has no effect at the cell level (Quarto's schema)",
    "fig-height": "accepted and ignored: with the Jupyter engine it has no effect at the cell level (Quarto's schema)",
}

#: Quarto's author and affiliation schema, the fields implemented (render/authors.py); roles,
#: notes, attributes and the rest of the schema are refused.
AUTHOR_FIELDS = {"name", "given", "family", "id", "email", "orcid", "url", "degrees", "corresponding",
                 "equal-contributor", "affiliations", "affiliation"}
NAME_FIELDS = {"given", "family", "literal"}
AFFILIATION_FIELDS = {"id", "name", "department", "address", "city", "region", "state", "country",
                      "postal-code", "url"}
#: ``funding:`` (quarto-cli's document-funding schema): a statement, or awards.
FUNDING_FIELDS = {"statement", "open-access", "awards"}
AWARD_FIELDS = {"id", "name", "description", "source", "recipient", "investigator"}

#: The dayjs tokens of a custom ``date-format`` (render/dates.py; the styles full, long, medium,
#: short and iso are implemented too).
DATE_TOKENS = {"YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "D", "dddd", "ddd", "Do"}

#: Keys of ``execute:`` (project or document).
EXECUTE_OPTIONS = {"echo", "eval", "include", "output", "warning", "freeze"}

#: Document keys (front matter, or the top level of _quarto.yml).
DOCUMENT_OPTIONS = {
    "title", "subtitle", "author", "date", "abstract", "lang", "jupyter", "engine", "execute",
    "bibliography", "csl", "fig-dpi", "fig-format", "number-sections", "filters", "format",
    "google-scholar", "keywords", "fig-width", "fig-height", "references", "code-fold", "code-summary",
    "license", "related-article", "authors", "affiliations", "funding", "date-format", "author-title",
    "affiliation-title", "published-title",
}

#: Keys of each output format under ``format:``.
FORMAT_OPTIONS = {
    "html": {"toc", "embed-resources", "include-in-header", "include-after-body", "number-sections", "footnotes-hover"},
    "docx": {"reference-doc", "number-sections"},
    "jats": set(),
    "typst": {"papersize", "margin", "fontsize", "citeproc", "include-in-header", "keep-typ", "number-sections",
              "section-numbering"},
}

PROJECT_OPTIONS = {"type", "output-dir"}
PROJECT_TYPES = {"default", "manuscript"}
MANUSCRIPT_OPTIONS = {"article", "notebooks"}

#: Values an option can take here, where not every Quarto value is implemented.
RESTRICTED_VALUES = {
    "engine": {"jupyter"},
    "jupyter": {"python3"},
    "fig-format": {"png"},
    "freeze": {False},
}

#: Shortcodes: {{< include file >}} (before execution), {{< embed notebook.ipynb#label >}},
#: {{< meta key >}} and {{< pagebreak >}} alone on its line (render/shortcodes.py).
SHORTCODES = {"include", "embed", "meta", "pagebreak"}

#: Cross-reference prefixes implemented, with the words Quarto prints for them.
CROSSREF_TYPES = {"fig": "Figure", "tbl": "Table", "eq": "Equation", "sec": "Section"}

#: Cross-reference prefixes Quarto knows and this path does not implement.
QUARTO_ONLY_CROSSREF_TYPES = {
    "lst", "thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr", "sol", "rem", "alg",
    "nte", "tip", "wrn", "imp", "cau", "apx",
}

#: Callout kinds and their default titles (Quarto's English defaults).
CALLOUTS = {"note": "Note", "tip": "Tip", "important": "Important", "caution": "Caution", "warning": "Warning"}
CALLOUT_ATTRIBUTES = {"title"}

#: Classes and attributes with a special meaning in Quarto that this path does not implement.
QUARTO_ONLY_CLASSES = {
    "panel-tabset", "panel-sidebar", "panel-fill", "panel-center", "panel-input", "content-visible",
    "content-hidden", "aside", "margin", "column-margin", "column-body", "column-body-outset",
    "column-page", "column-page-inset", "column-screen", "column-screen-inset", "column-screen-inset-shaded",
    "lightbox", "proof", "remark", "solution", "hidden", "unlisted", "landscape", "fragment", "incremental",
}
QUARTO_ONLY_ATTRIBUTES = {
    "layout", "layout-nrow", "layout-align", "layout-valign", "fig-align", "fig-pos", "fig-env", "tbl-colwidths",
    "code-fold", "code-summary", "lst-cap", "lst-label", "when-format", "unless-format", "when-profile",
    "unless-profile", "when-meta", "unless-meta", "collapse", "appearance", "icon",
}
#: Attributes that are implemented, and where.
SUBFIGURE_ATTRIBUTES = {"layout-ncol"}

#: The code chunk languages executed (the Jupyter kernel's).
CHUNK_LANGUAGES = {"python"}


@dataclass(frozen=True)
class Where:
    """A place in a source file, for messages."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

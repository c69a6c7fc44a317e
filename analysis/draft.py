"""A draft claims ledger from any abstract's text, for a reviewer to confirm.

Every numeral, percentage and number word of the abstract (as
:func:`analysis.ledger.find_numbers` finds them, up to the ``doi:`` line) and the
year, volume and pages of its citation line become rows with the columns of
``data/published/claims.csv``. Each row gets:

- a quote: the clause around the number (cut at sentence and clause
  punctuation), started late enough that the printed value's first occurrence
  in the quote is the number itself, so the quote locates it;
- a guessed kind, with the finer guess (year, duration, frequency, ordinal,
  total, denominator) in the note;
- for a percentage printed right after a count, as in ``141(40%)`` or
  ``327/362 (90.3%)``, the id of that count;
- a guessed denominator (a printed ``k/N``, else the number after "total of")
  and a guessed basis, both marked in the note for the reviewer to confirm;
- for the items of a list announced with a number ("five key strengths ...
  including A 141(40%), B 131(35%)"), measures ``strengths=a``, ``strengths=b``
  so that the audit can compare the announced length with the items named.

The draft is a starting point: quotes may be trimmed, ids renamed and measures
set to the respondent data's ``column=value`` before ``audit --ledger``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.ledger import (
    CARDINAL_WORDS,
    FRACTION_WORDS,
    FREQUENCY_WORDS,
    LEDGER_PATH,
    ORDINAL_WORDS,
    NumberMention,
    find_numbers,
    scanned_text,
)

COLUMNS = list(pd.read_csv(LEDGER_PATH, nrows=0).columns)

TIME_UNITS = re.compile(r"(?:second|minute|hour|day|week|month|year|semester|term)s?\b", re.IGNORECASE)
HEDGES = ("around", "about", "approximately", "nearly", "almost", "over", "more than", "less than", "roughly")
LIST_OPENERS = re.compile(r"\b(?:including|such as|namely)\b|:", re.IGNORECASE)

#: Clause boundaries: sentence and clause punctuation followed by a space, or a line break.
_BOUNDARY = re.compile(r"[.;:!?,](?=\s)|\n")
#: A citation line's "Journal Abbrev. YEAR;VOLUME(ISSUE):PAGES".
_CITATION = re.compile(
    r"(?:[A-Z][A-Za-z]{0,6}\.? )+(?P<year>\d{4});(?P<volume>\d+(?:\(\d+\))?):(?P<pages>\d+(?:-\d+)?)"
)
_TOTAL = re.compile(r"\btotal of\s+$", re.IGNORECASE)
#: "327/362" (the count, then its denominator), ending at the denominator.
_FRACTION = re.compile(r"(\d+)/(\d+)$")
#: What a percentage paired with a count follows: "141(" or "327/362 (".
_AFTER_COUNT = re.compile(r"\s*(?:\([^)]*\))?")
_BEFORE_PERCENT = re.compile(r"(\d+)(?:/(\d+))?\s*\(\s*$")


@dataclass
class _Row:
    """One number of the abstract while the draft is being worked out."""

    mention: NumberMention
    kind: str
    basis: str
    guess: str  # the finer kind, for the note: "year", "total", "denominator", ...
    id: str = ""
    quote: str = ""
    measure: str = ""
    count_id: str = ""
    denominator: str = ""
    denominator_source: str = ""
    hedge: str = ""

    @property
    def end(self) -> int:
        return self.mention.start + len(self.mention.text)


def _clause(text: str, row: _Row) -> str:
    """The clause around ``row``'s number, started after any earlier occurrence of its printed value."""
    before = [match.end() for match in _BOUNDARY.finditer(text, 0, row.mention.start)]
    start = before[-1] if before else 0
    after = _BOUNDARY.search(text, row.end)
    earlier = text.rfind(row.mention.text, start, row.mention.start)
    if earlier >= 0:
        start = earlier + len(row.mention.text)
    return text[start:after.start() if after else len(text)].strip()


def _next_words(text: str, end: int, count: int) -> list[str]:
    return re.findall(r"[A-Za-z’']+", text[end:end + 60])[:count]


def _sentence_end(text: str, position: int) -> int:
    end = text.find(". ", position)
    return end if end >= 0 else len(text)


def _classify(text: str, mention: NumberMention) -> _Row:
    """A number's guessed kind and basis, from its form and the words around it."""
    word = mention.text.lower()
    following = _next_words(text, mention.start + len(mention.text), 2)
    rest = text[mention.start:_sentence_end(text, mention.start)]
    if mention.text.endswith("%"):
        return _Row(mention, "percentage", "recomputable", "percentage")
    if word in FRACTION_WORDS:
        return _Row(mention, "verbal", "recomputable", "verbal quantity")
    if word in ORDINAL_WORDS:
        return _Row(mention, "design", "design", "ordinal")
    if word in FREQUENCY_WORDS:
        return _Row(mention, "design", "design", "frequency")
    if following and TIME_UNITS.fullmatch(following[0]):
        return _Row(mention, "design", "design", "duration")
    if re.fullmatch(r"(?:19|20)\d\d", mention.text):
        return _Row(mention, "design", "design", "year")
    if word in CARDINAL_WORDS and any(w.endswith("s") for w in following) and LIST_OPENERS.search(rest):
        return _Row(mention, "list_length", "recomputable", "list length")
    return _Row(mention, "count", "recomputable", "count")


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def _pair(text: str, rows: list[_Row]) -> str:
    """Mark totals and printed denominators, pair each percentage with the count before it; return N's source."""
    at = {row.mention.start: row for row in rows}
    source = ""
    for row in rows:
        start = row.mention.start
        fraction = _FRACTION.search(text, 0, row.end)
        pair = _BEFORE_PERCENT.search(text, 0, start)
        if row.kind == "count" and _TOTAL.search(text, max(0, start - 20), start):
            row.measure, row.guess = "*", "total"
            source = source or f"“total of {row.mention.text}”"
        elif row.kind == "count" and fraction and fraction.start(2) == start and fraction.start(1) in at:
            row.measure, row.guess = "*", "denominator"
            count = at[fraction.start(1)]
            count.denominator, count.denominator_source = row.mention.text, f"printed “{fraction.group(0)}”"
            source = source or f"“{fraction.group(0)}”"
        elif row.kind == "percentage" and pair and pair.start(1) in at:
            row.count_id = at[pair.start(1)].id
            if pair.group(2):
                row.denominator, row.denominator_source = pair.group(2), f"printed “{pair.group(1)}/{pair.group(2)}”"
    return source


def _link_lists(text: str, rows: list[_Row]) -> None:
    """Give an announced list the measure ``noun`` and each count it names ``noun=item``."""
    for announced in (row for row in rows if row.kind == "list_length"):
        noun = next(w for w in _next_words(text, announced.end, 2) if w.endswith("s")).lower()
        announced.measure = noun
        sentence_end = _sentence_end(text, announced.end)
        item_start = LIST_OPENERS.search(text, announced.end, sentence_end).end()
        for row in rows:
            if row.kind == "count" and item_start <= row.mention.start < sentence_end:
                item = re.sub(r"^[\s,;]*(?:and|or)?\s+", "", text[item_start:row.mention.start]).strip(" ,;")
                row.measure = f"{noun}={_slug(item)}"
                # The next item starts after this count and the percentage printed with it.
                item_start = _AFTER_COUNT.match(text, row.end).end()


def _note(row: _Row) -> str:
    confirm = ["basis"] + ["denominator"] * bool(row.denominator) + ["measure"] * bool(row.measure)
    note = f"Draft: {row.guess}; confirm {', '.join(confirm)}."
    if row.denominator:
        note += f" Denominator {row.denominator_source}."
    if row.hedge:
        note += f" Qualified by “{row.hedge.capitalize()}”."
    return note


def draft_ledger(abstract: str) -> pd.DataFrame:
    """A draft claims ledger for ``abstract`` (its full text, citation line included)."""
    body = scanned_text(abstract)
    rows = [_classify(body, mention) for mention in find_numbers(body)]
    for number, row in enumerate(rows, start=1):
        row.id, row.quote = f"{row.kind}_{number:02d}", _clause(body, row)
        preceding = body[:row.mention.start].lower().rstrip(" (")
        row.hedge = next((hedge for hedge in HEDGES if preceding.endswith(hedge)), "")
    n_source = _pair(body, rows)
    _link_lists(body, rows)
    n_guess = re.search(r"\d+", n_source).group(0) if n_source else ""
    for row in rows:
        if row.basis == "recomputable" and row.measure != "*" and row.kind != "list_length" and not row.denominator:
            row.denominator, row.denominator_source = n_guess, f"guessed from {n_source}"
    records = [{"id": row.id, "quote": row.quote, "printed": row.mention.text, "kind": row.kind,
                "basis": row.basis, "measure": row.measure, "count_id": row.count_id,
                "denominator": row.denominator, "reconstruction_count": "", "note": _note(row)} for row in rows]
    citation = _CITATION.search(abstract, len(body))
    for part in ("year", "volume", "pages") if citation else ():
        records.append({"id": f"citation_{part}", "quote": citation.group(0), "printed": citation.group(part),
                        "kind": "bibliographic", "basis": "bibliographic", "measure": "", "count_id": "",
                        "denominator": "", "reconstruction_count": "",
                        "note": f"Draft: citation {part}; confirm basis."})
    return pd.DataFrame(records, columns=COLUMNS)

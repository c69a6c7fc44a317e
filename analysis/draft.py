"""A draft claims ledger from any abstract's text, for a reviewer to confirm.

Every numeral, percentage and number word of the abstract (as
:func:`analysis.numbers.find_numbers` finds them, up to the ``doi:`` line) and the
year, volume and pages of its citation line become rows with the columns of
``data/published/claims.csv``. Each row gets:

- a quote: the clause around the number (cut at sentence and clause
  punctuation), started late enough that the printed value's first occurrence
  in the quote is the number itself, so the quote locates it;
- a guessed kind, with the finer guess (year, duration, frequency, ordinal,
  total, denominator, bound) in the note; numbers printed for context (confidence
  levels and interval bounds, p-values, statistics and ratios, names such as
  COVID-19, versions, dates, pooled estimates) are kind ``context``, not audited,
  with the reason;
- for a percentage printed with its count, in any order (``141(40%)``,
  ``327/362 (90.3%)``, ``12 of 50 (24%)``, ``30% (n = 12)``), the id of that count;
- a guessed denominator (a printed ``k/N``; else the sample the text states:
  "total of N", "N =", "Among N", "Of the N", "N ... responded"; for a share of a
  group, the group's size where the text gives it, flagged as a subgroup) and a
  guessed basis, both marked in the note for the reviewer to confirm;
- for the items of a list announced with a number ("five key strengths ...
  including A 141(40%), B 131(35%)"), measures ``strengths=a``, ``strengths=b``
  so that the audit can compare the announced length with the items named (for
  a list of names without counts, their number in the denominator column).

The draft is a starting point: quotes may be trimmed, ids renamed and measures
set to the respondent data's ``column=value`` before ``audit --ledger``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.consistency import BOUND_WORDS
from analysis.ledger import LEDGER_PATH, scanned_text
from analysis.numbers import (
    CARDINAL_WORDS,
    FRACTION_WORDS,
    FREQUENCY_WORDS,
    ORDINAL_WORDS,
    NumberMention,
    find_numbers,
    number_value,
)

COLUMNS = list(pd.read_csv(LEDGER_PATH, nrows=0).columns)

TIME_UNITS = re.compile(r"(?:second|minute|hour|day|week|month|year|semester|term)s?\b", re.IGNORECASE)
#: A bound word or sign right before a share ("Over 85.0%", "more than half", "< 5%"), as the audit reads them.
_BOUND_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(" + "|".join(sorted(map(re.escape, BOUND_WORDS), key=len, reverse=True))
                           + r")\s*$", re.IGNORECASE)
HEDGES = ("around", "about", "approximately", "nearly", "almost", "over", "more than", "less than", "roughly")
LIST_OPENERS = re.compile(r"\b(?:including|such as|namely)\b|:", re.IGNORECASE)

#: Clause boundaries: sentence and clause punctuation followed by a space, or a line break.
_BOUNDARY = re.compile(r"[.;:!?,](?=\s)|\n")
#: A citation line's "Journal Abbrev. YEAR;VOLUME(ISSUE):PAGES".
_CITATION = re.compile(
    r"(?:[A-Z][A-Za-z]{0,6}\.? )+(?P<year>\d{4});(?P<volume>\d+(?:\(\d+\))?):(?P<pages>\d+(?:-\d+)?)"
)
_NUM = r"\d{1,3}(?:[,\u0020\u2009\u202f\u00a0]\d{3})+|\d+"
#: Where an abstract states its whole sample, most explicit first; the group is the number.
_TOTALS = (
    re.compile(r"\btotal of\s+(" + _NUM + r")", re.IGNORECASE),
    re.compile(r"\bN\s*=\s*(" + _NUM + r")"),
    re.compile(r"\bn\s*=\s*(" + _NUM + r")"),
    re.compile(r"\b(?:Among|Of|Out of)\s+(?:the\s+|all\s+|these\s+|a total of\s+)?(" + _NUM + r")\s+[a-z]",
               re.IGNORECASE),
    re.compile(r"\b(" + _NUM + r")\s+(?:[\w-]+\s+){0,6}(?:responded|participated|were included|were enrolled|"
               r"completed|took part|were surveyed|were recruited|were studied|were analy[sz]ed)\b", re.IGNORECASE),
)
#: A sample given as two parts: "We included 30 cross-sectional and 7 case-control studies".
_INCLUDED_PARTS = re.compile(r"\bincluded\s+(" + _NUM + r")\s+[\w-]+\s+and\s+(" + _NUM + r")\s+[\w-]+\s+"
                             r"(?:studies|trials|patients|participants|subjects|cases)\b", re.IGNORECASE)
#: "327/362" or "12 of 50" (a count, then its denominator), ending at the denominator.
_FRACTION = re.compile(r"(" + _NUM + r")\s*(?:/|\bof\b)\s*(" + _NUM + r")$")
#: What a percentage paired with a count follows: "141(", "327/362 (" or "12 of 50 (".
_AFTER_COUNT = re.compile(r"\s*(?:\([^)]*\))?")
_BEFORE_PERCENT = re.compile(r"(" + _NUM + r")(?:\s*(?:/|\bof\b)\s*(" + _NUM + r"))?(?:\s+[a-z]+){0,3}\s*\(\s*$"
                             r"|\bn\s*=\s*(" + _NUM + r")\s*,\s*$")
#: A percentage printed right after a count in the same brackets: ", 59.7 %)".
_SHARE_AFTER = re.compile(r"\s*,\s*[\d.]+\s*%")
#: A share of a group whose size follows: "91.6% of the total number of events (n=1584)".
_OF_GROUP = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,6}\(\s*n\s*=\s*(" + _NUM + r")\s*\)")
#: What follows a percentage that prints its count after it: "30% (n = 12)" or "24% (12/50)".
_COUNT_AFTER = re.compile(r"\s*\(\s*(?:[nN]\s*=\s*(" + _NUM + r")|(" + _NUM + r")\s*/\s*(" + _NUM + r"))\s*[),;]")
#: A share of a subgroup: "of whom", "out of which", "of the 124 who completed", "among those who".
#: A sentence about a group named at its start: "Out of the 598 hypertensive patients 241 (40.3%) ...".
_GROUP_SENTENCE = re.compile(r"(?:^|[.;]\s+)(?:Out of|Of|Among)\s+(?:the\s+)?(" + _NUM + r")\s+[a-z]", re.IGNORECASE)
_SUBGROUP = re.compile(r"\b(?:of whom|out of (?:which|whom|these|those)|of these|among (?:those|these)|"
                       r"of (?:the|those)\s+(?:(" + _NUM + r")\s+)?(?:who|that|with)\b|among the\s+(" + _NUM + r"))",
                       re.IGNORECASE)


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
    subgroup: bool = False
    bound: str = ""  # "Over 85.0%": the bound as printed, when a bound word or sign comes right before

    @property
    def printed(self) -> str:
        return self.bound or self.mention.text

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


#: Numbers printed for context, never audited, with the reason the note gives: what comes right before
#: the number, what comes right after it.
_CONTEXT_BEFORE = (
    (re.compile(r"\b[pP]\s*[=<>≤≥]?\s*$"), "a p-value"),
    (re.compile(r"(?:\b(?:a?OR|HR|RR|IRR|PR|β|r|R2|R²|t|z|F|χ2|χ²|chi2|U|H|df|SD|SE|SEM|IQR|mean|median|range)"
                r"\)?\s*(?:\(\s*[\d.,\s]+\))?\s*[=:,]?\s*[−-]?\s*|±\s*"
                r"|\b(?:odds|hazard|risk|rate) ratios?\s+(?:of\s+)?)$",
                re.IGNORECASE), "a test statistic, ratio or summary statistic"),
    (re.compile(r"[A-Za-z]-$"), "part of a name (a scale, a disease, an instrument)"),
    (re.compile(r"[\d.%]\s*\(\s*[\d.]+%?\s*[–—-]\s*$"), "a bound of a range"),  # median (range): "81 (52–94)"
    (re.compile(r"[\d.]+\s*%\s*[–—-]\s*$"), "a bound of a range"),  # "0.3%-20.8%"
    (re.compile(r"\b(?:pooled|weighted|average)\b[^.;]{0,40}$", re.IGNORECASE), "a pooled or averaged estimate"),
    (re.compile(r"(?:^|[:;.]\s*|\s)\(\s*$"), "an enumeration label, if a word follows its bracket"),
    (re.compile(r"\bversion\s+$|\bv$", re.IGNORECASE), "a software version"),
    (re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+$"),
     "part of a date"),
)
_CONTEXT_AFTER = (
    (re.compile(r"^\s*(?:CI\b|confidence|credible)", re.IGNORECASE), "a confidence level"),
    (re.compile(r"^\s*(?:times\b|-?fold\b)", re.IGNORECASE), "a ratio"),
    (re.compile(r"^\s*±"), "a mean or other summary statistic"),
    (re.compile(r"^\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"),
     "part of a date"),
    (re.compile(r"^\s*(?:to|-|–|—)\s*[\d.]+\s*%?\s*\)"), "a bound of an interval"),
    (re.compile(r"^\s*[–—-]\s*[\d.]+\s*%"), "a bound of a range"),
)
#: A number inside an interval's brackets after a CI: "(95% CI 12-36)".
_IN_INTERVAL = re.compile(r"\b(?:CI|confidence interval|IQR|range)\b[^()\[\]]*$", re.IGNORECASE)
#: An abstract of a meta-analysis: its shares with intervals are pooled estimates.
_META = re.compile(r"meta-analy|\bpooled\b", re.IGNORECASE)
#: A number just after a CI, wherever the brackets fall: "95% confidence interval (CI), 1.979–19.51".
_AFTER_CI = re.compile(r"\b(?:CI|confidence interval)\b\)?[^;)\]]{0,20}$")


def _context_reason(text: str, mention: NumberMention) -> str | None:
    """Why a number is printed for context and not audited, or None."""
    before, after = text[max(0, mention.start - 40):mention.start], text[mention.start + len(mention.text):][:40]
    for pattern, reason in _CONTEXT_BEFORE:
        enumeration = reason.startswith("an enumeration")  # "(1) Identifying ...": a label, one or two digits
        if pattern.search(before) and (not enumeration or (re.fullmatch(r"\d{1,2}", mention.text)
                                                          and re.match(r"\)\s+[A-Za-z]", after))):
            return reason.split(",")[0]
    for pattern, reason in _CONTEXT_AFTER:
        if pattern.search(after):
            return reason
    if _AFTER_CI.search(before):
        return "a bound of an interval"
    for left, right in ("()", "[]"):
        opened = text.rfind(left, 0, mention.start)
        if opened > text.rfind(right, 0, mention.start) and _IN_INTERVAL.search(text, opened, mention.start):
            return "a bound of an interval"
    if (mention.text.endswith("%") and _META.search(text)
            and re.match(r"\s*\((?:95\s*%\s*CI[:,]?\s*)?[\d.]+\s*%?\s*[–—-]", after)):
        return "a pooled estimate with its interval (a meta-analysis), not a count out of N"
    if mention.text.startswith(("−", "-")) or mention.text.startswith("."):
        return "a signed or leading-point value (a statistic, not a count or share)"
    return None


def _classify(text: str, mention: NumberMention) -> _Row:
    """A number's guessed kind and basis, from its form and the words around it."""
    word = mention.text.lower()
    following = _next_words(text, mention.start + len(mention.text), 2)
    rest = text[mention.start:_sentence_end(text, mention.start)]
    if re.fullmatch(r"(?:19|20)\d\d", mention.text):
        return _Row(mention, "design", "design", "year")
    reason = _context_reason(text, mention)
    if reason:
        return _Row(mention, "context", "context", f"not audited: {reason}")
    shares_sign = re.match(r"\s*(?:and|or|to|vs\.?|versus)\s+[\d.]+\s*%", text[mention.start + len(mention.text):])
    if mention.text.endswith("%") or word.endswith(" percent") or shares_sign:  # "22 and 0%": both are shares
        return _Row(mention, "percentage", "recomputable", "percentage")
    if word in FRACTION_WORDS:
        return _Row(mention, "verbal", "recomputable", "verbal quantity")
    if word in ORDINAL_WORDS or re.fullmatch(r"\d+(?:st|nd|rd|th)", word):
        return _Row(mention, "design", "design", "ordinal")
    if word in FREQUENCY_WORDS:
        return _Row(mention, "design", "design", "frequency")
    if following and TIME_UNITS.fullmatch(following[0]):
        return _Row(mention, "design", "design", "duration")
    if word in CARDINAL_WORDS and any(w.endswith("s") for w in following) and LIST_OPENERS.search(rest):
        return _Row(mention, "list_length", "recomputable", "list length")
    return _Row(mention, "count", "recomputable", "count")


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def _total(text: str, rows: list[_Row]) -> tuple[str, str]:
    """The sample size the abstract states, and where: marks its row as the total (``*``)."""
    at = {row.mention.start: row for row in rows}
    for pattern in _TOTALS:
        for found in pattern.finditer(text):
            row = at.get(found.start(1))
            # "30% (n = 12)" and "(n = 704, 59.7 %)": a count printed with a percentage, not the sample
            with_share = re.search(r"%\s*\(\s*$", text[:found.start()]) or _SHARE_AFTER.match(text, found.end())
            if row is not None and row.kind == "count" and not with_share:
                row.measure, row.guess = "*", "total"
                return row.mention.text, f"“{found.group(0).strip()}”"
    parts = _INCLUDED_PARTS.search(text)  # "We included 30 cross-sectional and 7 case-control studies": 37
    if parts:
        total = sum(number_value(part) or 0 for part in parts.group(1, 2))
        return str(total), f"the sum of “{parts.group(0).strip()}”"
    return "", ""


def _pair(text: str, rows: list[_Row]) -> tuple[str, str]:
    """Mark printed denominators, pair each percentage with its count; return the first ``k/N``'s N and source."""
    at = {row.mention.start: row for row in rows}
    first_fraction = ("", "")
    for row in rows:
        start = row.mention.start
        fraction = _FRACTION.search(text, 0, row.end)
        pair = _BEFORE_PERCENT.search(text, 0, start)
        after = _COUNT_AFTER.match(text, row.end)
        if row.kind == "count" and fraction and fraction.start(2) == start and fraction.start(1) in at:
            row.measure, row.guess = "*", "denominator"
            count = at[fraction.start(1)]
            count.denominator, count.denominator_source = row.mention.text, f"printed “{fraction.group(0)}”"
            first_fraction = (first_fraction[0] and first_fraction) or (row.mention.text, f"“{fraction.group(0)}”")
        elif row.kind == "percentage" and pair and (pair.start(1) if pair.group(1) else pair.start(3)) in at:
            row.count_id = at[pair.start(1) if pair.group(1) else pair.start(3)].id
            if pair.group(2):
                row.denominator, row.denominator_source = pair.group(2), f"printed “{pair.group(0).rstrip(' (')}”"
        elif row.kind == "percentage" and after and (after.start(1) if after.group(1) else after.start(2)) in at:
            count = at[after.start(1) if after.group(1) else after.start(2)]
            row.count_id = count.id
            if after.group(3):
                row.denominator, row.denominator_source = after.group(3), f"printed “{after.group(0).strip(' (),;')}”"
                denominator = at.get(after.start(3))
                if denominator is not None:
                    denominator.measure, denominator.guess = "*", "denominator"
    return first_fraction


def _subgroups(text: str, rows: list[_Row], total: str) -> None:
    """Flag a share of a subgroup, and take the subgroup's size as its denominator when the text gives it."""
    for row in rows:
        if row.kind != "percentage" or row.denominator:
            continue
        sentence_start = max(text.rfind(". ", 0, row.mention.start) + 2, 0)
        group = _GROUP_SENTENCE.match(text, sentence_start - 2 if sentence_start > 1 else 0)
        if group and number_value(group.group(1)) != number_value(total or "x"):
            row.subgroup = True
            row.denominator, row.denominator_source = group.group(1), f"the group “{group.group(0).strip(' .;')}”"
            continue
        group = _OF_GROUP.match(text, row.end)
        if group:
            row.subgroup = True
            row.denominator, row.denominator_source = group.group(1), f"the group “{group.group(0).strip()}”"
            continue
        sentence = text[max(text.rfind(". ", 0, row.mention.start), 0):row.mention.start + 40]
        found = _SUBGROUP.search(sentence)
        if found:
            row.subgroup = True
            size = found.group(1) or found.group(2)
            if size:
                row.denominator, row.denominator_source = size, f"the subgroup “{found.group(0)}”"


#: "... rates were 22 and 0% ... in the laparotomy and laparoscopy groups, respectively".
_RESPECTIVELY = re.compile(r"\bin (?:the )?([\w-]+) and (?:the )?([\w-]+)(?: groups?| arms?)?,? respectively",
                           re.IGNORECASE)


def _group_size(text: str, end: int, group: str) -> str:
    """The size of ``group`` as the text before ``end`` states it: the first number of the clause that names it
    ("Nine patients (three ..., six ...) underwent laparotomy"), brackets left aside."""
    named = [m.start() for m in re.finditer(rf"\b{re.escape(group)}\b", text[:end], re.IGNORECASE)]
    if not named:
        return ""
    clause_start = max(text.rfind(". ", 0, named[0]) + 2, text.rfind(", and ", 0, named[0]) + 6,
                       text.rfind("; ", 0, named[0]) + 2, 0)
    clause = re.sub(r"\([^()]*\)", " ", text[clause_start:named[0]])
    first = next(iter(find_numbers(clause)), None)
    return str(number_value(first.text)) if first and number_value(first.text) is not None else ""


#: Group sizes listed for named groups: "with 19, 35, and 35 children in the LRB, HRB, and HRI group, respectively".
_LISTED_GROUPS = re.compile(r"((?:" + _NUM + r")(?:,\s*(?:and\s+)?(?:" + _NUM + r"))+)\s+[a-z]+\s+in\s+(?:the\s+)?"
                            r"([\w-]+(?:,\s*(?:and\s+)?[\w-]+)+)\s+groups?,?\s+respectively", re.IGNORECASE)


def _named_group_shares(text: str, rows: list[_Row]) -> None:
    """A share printed after a group the text sized in a list: "of the HRB group (75%)" takes HRB's size."""
    sizes = {}
    for found in _LISTED_GROUPS.finditer(text):
        numbers = re.findall(_NUM, found.group(1))
        names = [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", found.group(2)) if n]
        if len(numbers) == len(names):
            sizes.update({name.lower(): number for name, number in zip(names, numbers, strict=True)})
    for row in rows:
        named = re.search(r"\b([\w-]+) group\s*\(\s*$", text[:row.mention.start])
        if row.kind == "percentage" and not row.denominator and named and named.group(1).lower() in sizes:
            row.subgroup = True
            row.denominator = sizes[named.group(1).lower()]
            row.denominator_source = f"the {named.group(1)} group's size, as the text lists it"


def _respectively(text: str, rows: list[_Row]) -> None:
    """Shares printed in pairs for two groups named in order ("22 and 0% ... in A and B, respectively"):
    each gets its group's size as denominator, flagged as a subgroup to confirm."""
    for row in rows:
        if row.kind != "percentage" or row.denominator:
            continue
        sentence_end = _sentence_end(text, row.mention.start)
        sentence_start = max(text.rfind(". ", 0, row.mention.start) + 2, 0)
        named = _RESPECTIVELY.search(text, row.end, sentence_end)
        if not named:
            continue
        first = re.match(r"\s*and\s", text[row.end:])
        second = re.search(r"\sand\s*$", text[sentence_start:row.mention.start])
        if not (first or second):
            continue
        group = named.group(1) if first else named.group(2)
        size = _group_size(text, sentence_start, group)
        if size:
            row.subgroup = True
            row.denominator, row.denominator_source = size, f"the {group} group, “{named.group(0)}”"


def _link_lists(text: str, rows: list[_Row]) -> None:
    """Give an announced list the measure ``noun`` and each count it names ``noun=item``."""
    for announced in (row for row in rows if row.kind == "list_length"):
        noun = next(w for w in _next_words(text, announced.end, 2) if w.endswith("s")).lower()
        announced.measure = noun
        sentence_end = _sentence_end(text, announced.end)
        item_start = LIST_OPENERS.search(text, announced.end, sentence_end).end()
        opened = item_start
        counted = [row for row in rows if row.kind == "count" and item_start <= row.mention.start < sentence_end]
        for row in counted:
            item = re.sub(r"^[\s,;]*(?:and|or)?\s+", "", text[item_start:row.mention.start]).strip(" ,;")
            row.measure = f"{noun}={_slug(item)}"
            # The next item starts after this count and the percentage printed with it.
            item_start = _AFTER_COUNT.match(text, row.end).end()
        if not counted:  # a list of names without counts: "four barriers: cost, time, distance and stigma"
            items = [item for item in re.split(r",\s*|\s+(?:and|or)\s+", text[opened:sentence_end].strip(" .;"))
                     if item.strip()]
            announced.denominator = str(len(items))
            announced.denominator_source = f"names counted in the list ({'; '.join(items)})"


def _note(row: _Row) -> str:
    if row.kind == "context":
        return f"Draft: {row.guess}; confirm."
    if row.kind == "list_length" and row.denominator:
        return (f"Draft: {row.guess}; confirm basis, measure, denominator: the {row.denominator} items named, "
                f"read from the {row.denominator_source}.")
    confirm = ["basis"] + ["denominator"] * bool(row.denominator) + ["measure"] * bool(row.measure)
    note = f"Draft: {row.guess}; confirm {', '.join(confirm)}."
    if row.subgroup:
        note += " The denominator is a subgroup: confirm it."
    if row.denominator:
        note += f" Denominator {row.denominator_source}."
    elif row.basis == "recomputable" and row.measure != "*" and row.kind != "list_length":
        note += " No denominator found in the text: give it."
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
        bound = _BOUND_BEFORE.search(body, 0, row.mention.start)
        if row.kind in ("percentage", "verbal") and bound:
            row.bound = body[bound.start(1):row.end]
            row.guess += " printed as a bound"
    n_guess, n_source = _total(body, rows)
    fraction_n, fraction_source = _pair(body, rows)
    if not n_guess:
        n_guess, n_source = fraction_n, fraction_source
    _subgroups(body, rows, n_guess)
    _respectively(body, rows)
    _named_group_shares(body, rows)
    _link_lists(body, rows)
    for row in rows:
        if row.basis == "recomputable" and row.measure != "*" and row.kind != "list_length" and not row.denominator:
            row.denominator, row.denominator_source = n_guess, f"guessed from {n_source}" if n_guess else ""
    records = [{"id": row.id, "quote": row.quote, "printed": row.printed, "kind": row.kind,
                "basis": row.basis, "measure": row.measure, "count_id": row.count_id,
                "denominator": str(number_value(row.denominator)) if row.denominator else "",
                "reconstruction_count": "", "note": _note(row)} for row in rows]
    citation = _CITATION.search(abstract, len(body))
    for part in ("year", "volume", "pages") if citation else ():
        records.append({"id": f"citation_{part}", "quote": citation.group(0), "printed": citation.group(part),
                        "kind": "bibliographic", "basis": "bibliographic", "measure": "", "count_id": "",
                        "denominator": "", "reconstruction_count": "",
                        "note": f"Draft: citation {part}; confirm basis."})
    return pd.DataFrame(records, columns=COLUMNS)

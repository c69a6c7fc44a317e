"""Quarto's author and affiliation schema, and ``funding``, normalised as Quarto does.

As documented at quarto.org/docs/journals/authors.html (the normalised schema and
the ``by-author`` view) and docs/authoring/front-matter.html#funding, and as
quarto-cli's ``filters/modules/authors.lua`` does it: an author is a name (a string,
or ``given``/``family``/``literal``) with optional ``email``, ``orcid``, ``url``,
``degrees``, ``corresponding`` and ``equal-contributor``; ``affiliations`` are
strings, inline objects or ``ref:`` to the document's ``affiliations:`` list, each
given an id (``aff-1``...) and kept once. Funding is a statement or a list of
awards. What the writers get:

* ``author``: the names, for writers that print names only (DOCX, the Scholar tags);
* ``by-author``: each author with their affiliations resolved (HTML, Typst, JATS);
* ``affiliations``: the normalised affiliations, numbered;
* ``funding``: the normalised funding (JATS only, as in Quarto);
* ``labels``: the title block's headings in English (Quarto's ``_language.yml``).

A field outside that set is refused with its line, here, once, for every writer.
"""

from __future__ import annotations

from pathlib import Path

from render.features import (
    AFFILIATION_FIELDS,
    AUTHOR_FIELDS,
    AWARD_FIELDS,
    FUNDING_FIELDS,
    NAME_FIELDS,
    RenderError,
    refuse,
)

Lines = dict[str, tuple[Path, int | None]]


def _list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _name_parts(value: dict, literal: str) -> dict:
    """Given and family names: as written, else from the literal name ("Family, Given" or "Given Family")."""
    name = value.get("name") if isinstance(value.get("name"), dict) else value
    if name.get("family"):
        return {"family": str(name["family"]), **({"given": str(name["given"])} if name.get("given") else {})}
    if ", " in literal:
        family, given = literal.split(", ", 1)
    else:
        given, _, family = literal.rpartition(" ")
    return {"family": family, **({"given": given} if given else {})}


def _without_id(affiliation: dict) -> dict:
    return {k: v for k, v in affiliation.items() if k not in ("id", "number")}


class _Normaliser:
    def __init__(self, lines: Lines, document: Path):
        self.lines, self.document = lines, document
        self.affiliations: list[dict] = []
        self.ids: dict[str, dict] = {}

    def where(self, key: str) -> tuple[Path, int | None]:
        while key not in self.lines and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.lines.get(key, (self.document, None))

    def check(self, value: dict, allowed: set[str], key: str, what: str) -> None:
        for field in value:
            if field not in allowed:
                raise refuse(f"the {what} field '{field}' (Quarto's author and affiliation schema)",
                             *self.where(f"{key}.{field}"))

    def fail(self, message: str, key: str) -> RenderError:
        path, line = self.where(key)
        return RenderError(f"{path}:{line}: {message}" if line else f"{path}: {message}")

    def name(self, value, key: str) -> str:
        if isinstance(value, dict):
            self.check(value, NAME_FIELDS, key, "name")
            return str(value.get("literal") or " ".join(str(value[k]) for k in ("given", "family") if value.get(k)))
        return str(value)

    def affiliation(self, value, key: str) -> dict:
        """The affiliation's entry in the document's list (added if new), as Quarto's maybeAddAffiliation."""
        if not isinstance(value, dict):
            value = {"name": str(value)}
        self.check(value, AFFILIATION_FIELDS, key, "affiliation")
        fields = {("region" if k == "state" else k): str(v) for k, v in value.items()}
        entry = next((known for known in self.affiliations if _without_id(known) == _without_id(fields)), None)
        if entry is None:
            entry = {"id": f"aff-{len(self.affiliations) + 1}", **fields}
            self.affiliations.append(entry)
        self.ids[fields.get("id", entry["id"])] = entry  # a ref to a merged duplicate's id finds the kept one
        return entry

    def reference(self, ref, key: str, owner: str) -> dict:
        if str(ref) not in self.ids:  # Quarto stops on this too (authors.lua validateRefs)
            raise self.fail(f"undefined affiliation '{ref}' for author '{owner}'", key)
        return self.ids[str(ref)]

    def author(self, value, key: str, number: int) -> dict:
        if not isinstance(value, dict):
            value = {"name": value}
        self.check(value, AUTHOR_FIELDS, key, "author")
        name = self.name(value.get("name") or {k: value[k] for k in ("given", "family") if k in value}, f"{key}.name")
        author = {"name": name, "id": str(value.get("id", number)), **_name_parts(value, name)}
        for field in ("email", "orcid", "url"):
            if value.get(field):
                author[field] = str(value[field])
        if value.get("degrees"):
            author["degrees"] = [str(d) for d in _list(value["degrees"])]
        for flag in ("corresponding", "equal-contributor"):
            if value.get(flag) is True:
                author[flag] = True
            elif value.get(flag) not in (None, False):
                raise self.fail(f"author field '{flag}' must be true or false, not {value[flag]!r}", f"{key}.{flag}")
        field = "affiliations" if "affiliations" in value else "affiliation"
        author["pending"] = [(item, f"{key}.{field}.{i}") for i, item in enumerate(_list(value.get(field)))]
        return author

    def party(self, value, key: str, authors: list[dict]) -> str:
        """A funding source, recipient or investigator: text, a name, or a ref to an author or affiliation."""
        if not isinstance(value, dict):
            return str(value)
        if _is_ref(value):
            ref = str(value["ref"])
            match = next((a["name"] for a in authors if a["id"] == ref), None) or (
                self.ids[ref].get("name", "") if ref in self.ids else None)
            if match is None:
                raise self.fail(f"invalid funding ref '{ref}' (no author or affiliation has that id)", key)
            return match
        if set(value) <= {"text", "country"} and "text" in value:
            return str(value["text"])
        if set(value) == {"name"}:
            return self.name(value["name"], f"{key}.name")
        raise refuse("a funding source, recipient or investigator other than text, a name or a ref", *self.where(key))

    def funding(self, value, key: str, authors: list[dict]) -> dict:
        if not isinstance(value, dict):
            return {"statement": str(value)}
        self.check(value, FUNDING_FIELDS, key, "funding")
        group = {k: str(value[k]) for k in ("statement", "open-access") if value.get(k)}
        awards = []
        for i, award in enumerate(_list(value.get("awards"))):
            award_key = f"{key}.awards.{i}"
            if not isinstance(award, dict):
                raise self.fail("each funding award is a mapping (id, name, source, recipient, investigator)",
                                award_key)
            self.check(award, AWARD_FIELDS, award_key, "funding award")
            entry = {k: str(award[k]) for k in ("id", "name", "description") if award.get(k)}
            for role in ("source", "recipient", "investigator"):
                parties = [self.party(party, f"{award_key}.{role}.{j}", authors)
                           for j, party in enumerate(_list(award.get(role)))]
                if parties:
                    entry[role] = parties
            awards.append(entry)
        if awards:
            group["awards"] = awards
        return group


def _is_ref(item) -> bool:
    return isinstance(item, dict) and set(item) == {"ref"}


def normalise(options: dict, lines: Lines, document: Path) -> dict:
    """``options`` with the authors, affiliations and funding normalised (see the module's docstring)."""
    key = "authors" if "authors" in options else "author"
    raw_authors = _list(options.get(key))
    normaliser = _Normaliser(lines, document)
    # In Quarto's order: the authors' own affiliations as they come, then the document's list, then the refs.
    authors = [normaliser.author(value, f"{key}.{i}", i + 1) for i, value in enumerate(raw_authors)]
    for author in authors:
        author["affiliations"] = [item if _is_ref(item) else normaliser.affiliation(item, item_key)
                                  for item, item_key in author["pending"]]
    for i, value in enumerate(_list(options.get("affiliations"))):
        normaliser.affiliation(value, f"affiliations.{i}")
    for author in authors:
        resolved = []
        for item, (_, item_key) in zip(author["affiliations"], author.pop("pending"), strict=True):
            entry = normaliser.reference(item["ref"], item_key, author["name"]) if _is_ref(item) else item
            if entry not in resolved:
                resolved.append(entry)
        author["affiliations"] = resolved
    affiliations = normaliser.affiliations
    for number, affiliation in enumerate(affiliations, start=1):
        affiliation["number"] = number
    for author in authors:  # copies: the metadata pandoc reads is written as YAML without aliases
        author["affiliations"] = [dict(a) for a in author["affiliations"]]
    funding = [normaliser.funding(value, f"funding.{i}" if isinstance(options["funding"], list) else "funding", authors)
               for i, value in enumerate(_list(options.get("funding")))]
    result = {k: v for k, v in options.items() if k not in ("authors", "author", "affiliations", "funding")}
    if authors:
        result["author"] = [a["name"] for a in authors]
        result["by-author"] = authors
    if affiliations:
        result["affiliations"] = affiliations
    if funding:
        result["funding"] = funding
    result["labels"] = {
        "authors": options.get("author-title") or ("Author" if len(authors) == 1 else "Authors"),
        "affiliations": options.get("affiliation-title")
        or ("Affiliation" if len(affiliations) == 1 else "Affiliations"),
        "published": options.get("published-title") or "Published",
    }
    return result

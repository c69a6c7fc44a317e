"""Quarto's author schema, funding and dates, as the read layer normalises them (render/authors.py,
render/dates.py): what every writer then gets, and the one-line errors an author meets."""

import datetime
from pathlib import Path

import pytest

from render.authors import normalise
from render.dates import format_date, parse_date, resolve_date
from render.features import RenderError, Unsupported

DOC = Path("doc.qmd")


def lines(**keys):
    return {key: (DOC, line) for key, line in keys.items()}


def test_affiliations_are_numbered_in_quartos_order_and_kept_once():
    options = normalise({
        "author": [{"name": "Jane Doe", "affiliations": [{"ref": "uni"}]},
                   {"name": "Doe, John", "affiliations": ["Institute", {"ref": "uni"}, "Institute"]}],
        "affiliations": [{"id": "uni", "name": "University", "state": "Punjab"}],
    }, {}, DOC)
    assert options["author"] == ["Jane Doe", "Doe, John"]
    # the authors' own affiliations first (aff-1), then the document's list, as authors.lua does
    assert [(a["id"], a["name"], a["number"]) for a in options["affiliations"]] == [("aff-1", "Institute", 1),
                                                                                   ("uni", "University", 2)]
    assert options["affiliations"][1]["region"] == "Punjab"
    john = options["by-author"][1]
    assert (john["given"], john["family"]) == ("John", "Doe")
    assert [a["name"] for a in john["affiliations"]] == ["Institute", "University"]
    assert options["labels"] == {"authors": "Authors", "affiliations": "Affiliations", "published": "Published"}


def test_an_undefined_affiliation_is_one_line_naming_the_author_and_the_line():
    with pytest.raises(RenderError, match=r"^doc.qmd:6: undefined affiliation 'uni' for author 'Jane Doe'$"):
        normalise({"author": [{"name": "Jane Doe", "affiliations": [{"ref": "uni"}]}]},
                  lines(**{"author": 3, "author.0": 4, "author.0.affiliations.0": 6}), DOC)


def test_schema_fields_not_implemented_are_refused_at_their_line():
    with pytest.raises(Unsupported, match=r"^doc.qmd:5: the author field 'roles'"):
        normalise({"author": [{"name": "Jane Doe", "roles": ["writing"]}]}, lines(**{"author.0.roles": 5}), DOC)
    with pytest.raises(RenderError, match="'corresponding' must be true or false"):
        normalise({"author": [{"name": "Jane Doe", "corresponding": "yes"}]}, {}, DOC)


def test_funding_refs_resolve_to_authors_and_affiliations():
    options = normalise({"author": [{"name": "Jane Doe", "id": "jd", "affiliations": [{"name": "Trust"}]}],
                         "funding": {"statement": "Funded.", "awards": [{"source": [{"ref": "aff-1"}],
                                                                         "investigator": {"ref": "jd"}}]}}, {}, DOC)
    assert options["funding"] == [{"statement": "Funded.",
                                   "awards": [{"source": ["Trust"], "investigator": ["Jane Doe"]}]}]
    with pytest.raises(RenderError, match="invalid funding ref 'nobody'"):
        normalise({"funding": {"awards": [{"recipient": {"ref": "nobody"}}]}}, {}, DOC)
    assert normalise({"funding": "No funding."}, {}, DOC)["funding"] == [{"statement": "No funding."}]


def test_dates_parse_in_quartos_forms_and_format_in_its_styles_and_dayjs_tokens():
    march_7 = datetime.date(2005, 3, 7)
    assert {parse_date(v) for v in ("2005-03-07", "03/07/2005", "03-07-2005", "03/07/05", march_7,
                                    "2005-03-07T10:00:00Z")} == {march_7}
    assert parse_date("spring 2005") is None
    assert [format_date(march_7, style) for style in ("full", "long", "medium", "short", "iso")] == [
        "Monday, March 7, 2005", "March 7, 2005", "Mar 7, 2005", "3/7/05", "2005-03-07"]
    assert format_date(march_7, "D MMM YY [at the] Do, dddd") == "7 Mar 05 at the 7th, Monday"


def test_the_date_is_formatted_per_format_and_its_iso_form_kept():
    where = (DOC, 3)
    assert resolve_date({"date": "2005-03-07"}, "html", where)["date"] == "March 7, 2005"
    assert resolve_date({"date": "2005-03-07"}, "typst", where)["date"] == "2005-03-07"
    resolved = resolve_date({"date": "2005-03-07", "date-format": "medium"}, "docx", where)
    assert (resolved["date"], resolved["date-iso"], "date-format" in resolved) == ("Mar 7, 2005", "2005-03-07", False)
    with pytest.raises(Unsupported, match="date-format 'HH:mm'"):
        resolve_date({"date": "2005-03-07", "date-format": "HH:mm"}, "html", where)
    with pytest.raises(RenderError, match=r"^doc.qmd:3: date 'spring 2005' is not a date Quarto parses"):
        resolve_date({"date": "spring 2005"}, "html", where)
    with pytest.raises(Unsupported, match="date: today"):
        resolve_date({"date": "today"}, "html", where)

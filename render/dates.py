"""``date`` and ``date-format``, as Quarto formats them (quarto.org/docs/reference/dates.html).

Quarto parses the date (ISO ``YYYY-MM-DD``, ``MM/DD/YYYY``, ``MM-DD-YYYY``,
``MM/DD/YY``, ``DD MM YYYY`` or ``MM DD, YYYY``; an ISO date-time keeps its date) and
writes it in the ``date-format``: a style (``full``, ``long``, ``medium``, ``short``:
the en-US forms of ``Intl.DateTimeFormat``; ``iso``) or a dayjs format string. With
no ``date-format`` the HTML title block uses ``long`` (quarto-cli
``documentTitleMetadata``) and every other format ``iso`` (``resolveAndFormatDate``).
The keywords ``today``, ``now`` and ``last-modified`` are refused: they make the
rendered paper depend on the day it is rendered.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from render.features import DATE_TOKENS, RenderError, refuse

_PARSE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m-%d-%y", "%d %m %Y", "%m %d, %Y")
STYLES = ("full", "long", "medium", "short", "iso")
_TOKEN = re.compile(r"\[([^\]]*)\]|" + "|".join(sorted(DATE_TOKENS, key=len, reverse=True)))


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in _PARSE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(date: datetime.date, date_format: str) -> str:
    """``date`` in a Quarto date style or dayjs format string (English names)."""
    month, weekday = date.strftime("%B"), date.strftime("%A")
    styles = {
        "full": f"{weekday}, {month} {date.day}, {date.year}",
        "long": f"{month} {date.day}, {date.year}",
        "medium": f"{month[:3]} {date.day}, {date.year}",
        "short": f"{date.month}/{date.day}/{date.year % 100:02d}",
        "iso": date.isoformat(),
    }
    if date_format in STYLES:
        return styles[date_format]
    tokens = {
        "YYYY": f"{date.year:04d}", "YY": f"{date.year % 100:02d}", "MMMM": month, "MMM": month[:3],
        "MM": f"{date.month:02d}", "M": str(date.month), "DD": f"{date.day:02d}", "D": str(date.day),
        "dddd": weekday, "ddd": weekday[:3], "Do": _ordinal(date.day),
    }
    return _TOKEN.sub(lambda m: m.group(1) if m.group(1) is not None else tokens[m.group(0)], date_format)


def resolve_date(options: dict, output: str, where: tuple[Path, int | None]) -> dict:
    """``options`` as ``output`` gets them: ``date`` formatted (its ISO form kept as ``date-iso``)."""
    date_format = str(options.get("date-format") or ("long" if output == "html" else "iso"))
    options = {k: v for k, v in options.items() if k != "date-format"}
    raw = options.get("date")
    if raw in (None, ""):
        return options
    if str(raw) in ("today", "now", "last-modified"):
        raise refuse(f"date: {raw} (the rendered date would depend on the day of the render)", *where)
    date = parse_date(raw)
    if date is None:
        path, line = where
        raise RenderError(f"{path}:{line}: date '{raw}' is not a date Quarto parses (write it as YYYY-MM-DD)")
    if date_format not in STYLES and re.search("[A-Za-z]", _TOKEN.sub("", date_format)):
        raise refuse(f"date-format '{date_format}' (only the dayjs tokens {', '.join(sorted(DATE_TOKENS))} "
                     "and [escaped text] are implemented)", *where)
    if not str(options.get("lang", "en")).startswith("en") and date_format not in ("iso", "short"):
        raise refuse(f"date-format {date_format} with lang: {options['lang']} (month names in that language)", *where)
    return {**options, "date": format_date(date, date_format), "date-iso": date.isoformat()}

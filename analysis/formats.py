"""How shares and intervals are written, once for the prose, the tables and the figures."""

from __future__ import annotations

import re


def percent(share: float, digits: int = 1, sign: bool = True) -> str:
    """A share (a fraction of 1) in percent, e.g. ``"90.3%"``; without the sign for table cells.

    Parameters
    ----------
    share : float
        The share, between 0 and 1.
    digits : int
        Decimals to print (Python's formatting: half to even on the binary value).
    sign : bool
        Whether to append ``%``.

    Returns
    -------
    str
        The percentage (0-100) as text.
    """
    return f"{100 * share:.{digits}f}" + ("%" if sign else "")


def interval(lower: float, upper: float) -> str:
    """A 95% interval for the prose, e.g. ``"95% CI 86.9–93.0%"``.

    Parameters
    ----------
    lower, upper : float
        The bounds as shares (fractions of 1), as the estimates give them.

    Returns
    -------
    str
        The bounds in percent, one decimal, with an en dash.
    """
    return f"95% CI {percent(lower, sign=False)}–{percent(upper)}"


def share_with_interval(share: float, lower: float, upper: float) -> str:
    """A share and its interval for a table cell, in percent: ``"90.3 (86.9–93.0)"``.

    Parameters
    ----------
    share, lower, upper : float
        The share and its bounds as fractions of 1.

    Returns
    -------
    str
        All three in percent, one decimal, without the sign (the column heading carries it).
    """
    return f"{percent(share, sign=False)} ({percent(lower, sign=False)}–{percent(upper, sign=False)})"


#: ASCII punctuation: pandoc's markdown takes any of them literally after a backslash, in text and in
#: quoted attribute values alike.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(text: object) -> str:
    """Text from data (a ledger quote or note, a label) as markdown that prints it literally.

    Every ASCII punctuation mark is backslash-escaped, so that ``*``, ``|``, ``<``, ``@``, ``$``,
    ``[`` or ``{{<`` never become emphasis, a table cell, HTML, a citation, maths, a link or a
    Quarto shortcode; line breaks become spaces. The same text serves inside a quoted pandoc
    attribute value (``data-x="..."``), where pandoc undoes the same escapes.

    Parameters
    ----------
    text : object
        Anything; it is converted with ``str``.

    Returns
    -------
    str
        Markdown whose rendering is exactly ``text`` (its whitespace folded to single spaces).
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))

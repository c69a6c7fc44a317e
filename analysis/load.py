"""Read the respondent CSV, validate it, and say exactly what is wrong if it is bad.

Read as people export it: UTF-8 with or without a byte-order mark (Excel's "CSV
UTF-8"), LF or CRLF line ends, separated by commas or, with a one-line notice,
by semicolons or tabs (Excel's CSV in many locales); booleans spelled as
Frictionless reads them by default. Everything else is strict: one message that
names the file, the row, the column, the value found and what is allowed.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.codebook import COLUMNS, FIELD_BY_NAME
from analysis.paths import responses_path
from analysis.schema import NO_WEAKNESS_CHECK, RESPONSES_SCHEMA, to_typed


class DataError(ValueError):
    """Bad respondent data. The message names the file, and the row and column where they apply."""


def _where(path: Path, row: int | None = None, column: str | None = None) -> str:
    # Rows are counted as data rows (the header is line 1, row 1 is line 2).
    parts = [str(path)]
    if row is not None:
        parts.append(f"row {row} (line {row + 1})")
    if column is not None:
        parts.append(f"column '{column}'")
    return ", ".join(parts)


SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _notice(message: str) -> None:
    print(f"notice: {message}", file=sys.stderr)


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot read the file ({error.strerror})") from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; expected a header and one row per respondent")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw[:line_start].count(b"\n") + 1
        where = f"{path}, line 1 (the header)"
        if line > 1:  # name the column the bytes are in, as far as the header can be read
            header_line = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
            separator = _header_separator(header_line)
            header = next(csv.reader(io.StringIO(header_line, newline=""), delimiter=separator), [])
            field = raw[line_start : error.start].decode("utf-8", "replace").count(separator)
            where = _where(path, line - 1, header[field] if field < len(header) else None)
        raise DataError(f"{where}: bytes that are not UTF-8 (byte offset {error.start}); "
                        f"save the file as UTF-8") from None


def _header_separator(header: str) -> str:
    """A comma, unless the header has more semicolons or tabs than commas."""
    separator = max(SEPARATORS, key=header.count)
    return separator if header.count(separator) > header.count(",") else ","


def _separator(path: Path, text: str, notice: Callable[[str], None]) -> str:
    """The separator of the header line: a comma, or else a semicolon or a tab (said in a notice)."""
    separator = _header_separator(text.split("\n", 1)[0])
    if separator != ",":
        notice(f"{path}: fields separated by {SEPARATORS[separator]}, not commas; read as such")
    return separator


def _read_rows(path: Path, text: str, notice: Callable[[str], None]) -> pd.DataFrame:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(path, text, notice)))
    except csv.Error as error:
        raise DataError(f"{path}: not a readable CSV file ({error})") from None
    header, body = rows[0], [row for row in rows[1:] if row]
    _check_header(path, header)
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise DataError(f"{_where(path, number)}: {len(row)} fields, but the header has {len(header)}")
    if not body:
        raise DataError(f"{path}: the file has a header but no respondent rows")
    return pd.DataFrame(body, columns=header, dtype=str).replace("", None)


def _check_header(path: Path, header: list[str]) -> None:
    repeated = [name for index, name in enumerate(header) if name in header[:index]]
    if repeated:
        raise DataError(f"{_where(path, column=repeated[0])}: the column appears twice")
    missing = [name for name in COLUMNS if name not in header]
    extra = [name for name in header if name not in COLUMNS]
    if missing:
        raise DataError(f"{_where(path, column=missing[0])}: required column missing (expected {', '.join(COLUMNS)})")
    if extra:
        raise DataError(f"{_where(path, column=extra[0])}: unexpected column (expected {', '.join(COLUMNS)})")
    if header != list(COLUMNS):
        raise DataError(f"{path}: columns are out of order; expected {', '.join(COLUMNS)}")


def _describe_failure(path: Path, failures: pd.DataFrame) -> str:
    """One message for the first problem (by row), and how many more there are."""
    failures = failures.assign(row=pd.to_numeric(failures["index"], errors="coerce") + 1)
    # A row-wise check fails once per column of the row: count it once.
    problems = failures.drop_duplicates(["row", "check"] if failures["row"].notna().all() else None)
    first = problems.sort_values("row", na_position="last", kind="stable").iloc[0]
    row = None if pd.isna(first["row"]) else int(first["row"])
    column = first["column"] if first["column"] in COLUMNS else None
    value = first["failure_case"]
    if first["check"] == NO_WEAKNESS_CHECK:
        column, problem = "weakness_none", "true together with a named weakness; they exclude each other"
    elif first["check"] == "field_uniqueness":
        problem = f"duplicate respondent id {value!r}"
    elif first["check"] == "not_nullable" or pd.isna(value):
        problem = "empty value"
    elif column and FIELD_BY_NAME[column].values:
        problem = f"unknown value {value!r}; allowed: {', '.join(FIELD_BY_NAME[column].values)}"
    else:
        problem = f"{first['check']} failed for {value!r}"
    more = len(problems) - 1
    suffix = f" ({more} more problem{'s' if more != 1 else ''} after this one)" if more else ""
    return f"{_where(path, row, column)}: {problem}{suffix}"


def load_responses(path: Path | str | None = None, notice: Callable[[str], None] = _notice) -> pd.DataFrame:
    """The respondent data, validated and typed.

    Parameters
    ----------
    path
        The respondent CSV; by default ``$PAPER_DATA`` or the shipped reconstruction.
    notice
        Called with a one-line message when the file is read in a way worth saying
        (a semicolon or tab separator). By default, printed to standard error.

    Returns
    -------
    DataFrame
        One row per respondent, columns as in :mod:`analysis.codebook`: categoricals for
        the categories, ``bool`` for the booleans.

    Raises
    ------
    DataError
        For any bad input, with one message naming the file, row, column and value.
    """
    path = Path(path) if path is not None else responses_path()
    frame = _read_rows(path, _decode(path), notice)
    try:
        RESPONSES_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise DataError(_describe_failure(path, errors.failure_cases)) from None
    return to_typed(frame)

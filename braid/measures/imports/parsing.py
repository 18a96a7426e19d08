"""Reading a values file: its rows as lists of text, its decimal mark, COPY text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from braid.lib.numbers import DecimalMark, detect_decimal
from braid.lib.tabular import TabularError, TabularReader


def is_csv(filename: str) -> bool:
    """Whether Braid reads this file as CSV (by its name)."""
    return filename.lower().endswith((".csv", ".txt"))


def open_rows(
    source: IO[bytes], filename: str
) -> tuple[list[str], Iterator[tuple[int, list[str]]], io.TextIOWrapper | None]:
    """The headers, an iterator of (row number, cells) and, for CSV, the text wrapper (to
    detach, so that the source stays open). CSV goes through the csv module with no Python code
    per row (blank rows are skipped by the caller)."""
    if filename.lower().endswith(".xlsx"):
        reader = TabularReader(source, filename=filename)
        headers = reader.headers
        return headers, ((n, [row[h] for h in headers]) for n, row in reader), None
    if not is_csv(filename):
        raise TabularError(
            f"“{filename}” is not a file Braid reads: save it as CSV (UTF-8) or XLSX."
        )
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        raise TabularError(
            "The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8”."
        ) from exc
    delimiter = max((";", "\t", ","), key=first.count)
    headers = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    return headers, enumerate(csv.reader(text, delimiter=delimiter), start=2), text


SAMPLE_BYTES = 256 << 10  # how much of a CSV file is read to find its decimal mark


def detect_file_decimal(source: IO[bytes], filename: str, *, default: DecimalMark) -> DecimalMark:
    """The decimal mark of a CSV file's figures, from its first lines (`default` when they do
    not tell); the source is left where it was. An XLSX file stores numbers as numbers."""
    if not is_csv(filename):
        return "point"
    if not source.seekable():
        return default
    start = source.tell()
    sample = source.read(SAMPLE_BYTES).decode("utf-8-sig", errors="replace")
    source.seek(start)
    lines = sample.splitlines()[:-1] or sample.splitlines()
    if not lines:
        return default
    delimiter = max((";", "\t", ","), key=lines[0].count)
    rows = csv.reader(lines, delimiter=delimiter)
    headers = [h.strip().lower() for h in next(rows, [])]
    wanted = [i for i, h in enumerate(headers) if h in ("value", "numerator", "denominator")]
    cells = (row[i] for row in rows for i in wanted if i < len(row))
    return detect_decimal(cells, default=default)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: Any) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)

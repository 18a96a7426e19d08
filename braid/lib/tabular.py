"""Reading and writing the spreadsheets people bring: CSV (any delimiter, BOM or not) and XLSX.

Streaming throughout: a reader yields one row at a time, never the whole file. Text cells that
start like a formula are neutralised on export so a spreadsheet never executes them.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

SUPPORTED = (".csv", ".txt", ".xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """The file cannot be read at all (format, encoding, size, headers)."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class TabularReader:
    """Iterate `(row_number, {header: text})` over a CSV or XLSX file.

    Row numbers are those a person sees in a spreadsheet: the header is row 1. Headers are
    stripped and lower-cased; fully blank rows are skipped.
    """

    def __init__(
        self, source: str | Path | IO[bytes], *, filename: str, max_bytes: int | None = None
    ) -> None:
        self.filename = filename
        suffix = Path(filename).suffix.lower()
        if suffix not in SUPPORTED:
            raise TabularError(
                f"“{filename}” is not a file Braid reads: save it as CSV (UTF-8) or XLSX."
            )
        self._stream = open(source, "rb") if isinstance(source, (str, Path)) else source  # noqa: SIM115
        if max_bytes is not None:
            self._check_size(max_bytes)
        self._xlsx = suffix == ".xlsx"
        self._rows = self._xlsx_rows() if self._xlsx else self._csv_rows()
        try:
            first = next(self._rows)
        except StopIteration as exc:
            raise TabularError("The file is empty: it needs a header row and data rows.") from exc
        self.headers = [h.strip().lower() for h in first]
        if not any(self.headers):
            raise TabularError("The first row must hold the column names.")

    def _check_size(self, max_bytes: int) -> None:
        stream = self._stream
        if stream.seekable():
            size = stream.seek(0, io.SEEK_END)
            stream.seek(0)
            if size > max_bytes:
                raise TabularError(
                    f"The file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB. "
                    "Split it into smaller files."
                )

    def _csv_rows(self) -> Iterator[list[str]]:
        text = io.TextIOWrapper(self._stream, encoding="utf-8-sig", newline="")
        try:
            sample = text.readline()
        except UnicodeDecodeError as exc:
            raise TabularError(
                "The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8”."
            ) from exc
        delimiter = max((";", "\t", ","), key=sample.count) if sample else ","
        reader = csv.reader(_chain_first(sample, text), delimiter=delimiter)
        try:
            for row in reader:
                yield [cell.strip() for cell in row]
        except UnicodeDecodeError as exc:
            raise TabularError(
                "Part of the file is not UTF-8 text: save it as “CSV UTF-8” and upload it again."
            ) from exc

    def _xlsx_rows(self) -> Iterator[list[str]]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self._stream, read_only=True, data_only=True)
        except Exception as exc:
            raise TabularError(
                "This XLSX file cannot be opened: is it really an Excel file?"
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                yield [_cell_text(v) for v in row]
        finally:
            workbook.close()

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.headers)
        for number, row in enumerate(self._rows, start=2):
            if not any(cell for cell in row):
                continue
            cells = (row + [""] * width)[:width]
            yield number, dict(zip(self.headers, cells, strict=True))


def _chain_first(first: str, rest: Iterable[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[Sequence[Any]], headers: Sequence[str], fileobj: IO[str]) -> None:
    writer = csv.writer(fileobj)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])


def write_xlsx(
    rows: Iterable[Sequence[Any]], headers: Sequence[str], fileobj: IO[bytes], sheet_title: str
) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    workbook.save(fileobj)


def write_table(
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str],
    fileobj: IO[Any],
    *,
    fmt: str,
    sheet_title: str,
) -> None:
    """Write an export as CSV (a text file object) or XLSX (a binary one), formulas
    neutralised; any other format is refused."""
    if fmt == "csv":
        write_csv(rows, headers, fileobj)
    elif fmt == "xlsx":
        write_xlsx(rows, headers, fileobj, sheet_title=sheet_title)
    else:
        raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")


def normalise_name(name: str) -> str:
    """The form of a name that catches duplicates: no case, accents, punctuation, extra spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.85) -> str | None:
    """The existing name `name` most probably duplicates, or None."""
    target = normalise_name(name)
    by_normal: dict[str, str] = {}
    for candidate in candidates:
        by_normal.setdefault(normalise_name(candidate), candidate)
    if target in by_normal:
        return by_normal[target]
    match = difflib.get_close_matches(target, list(by_normal), n=1, cutoff=cutoff)
    return by_normal[match[0]] if match else None

"""Reading and writing the spreadsheets people bring: CSV (any delimiter, BOM or not) and XLSX.

Streaming throughout: a reader yields one row at a time, never the whole file. Text cells that
start like a formula are neutralised on export so a spreadsheet never executes them.

Hostile files are refused before they cost anything (`Limits`): the file's size; for XLSX, a
look at the zip's table of contents (how much it unpacks to, how much more than it weighs, how
many parts) and at each XML part's prolog (no DOCTYPE, so no entity and no billion laughs)
before openpyxl reads a byte of it, whose own parsing goes through defusedxml; while reading,
the number of rows and cells and the time spent. Every refusal is a `TabularError` whose
message says what the limit is and what to do.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

SUPPORTED = (".csv", ".txt", ".xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """The file cannot be read at all (format, encoding, size, headers, a limit)."""


MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What a file may cost to read. `braid.core` sets the installation's from its settings
    (`configure`); a caller may pass its own."""

    max_bytes: int | None = None  # the file as uploaded
    max_unpacked: int = 256 * MB  # an XLSX's parts once decompressed, all together
    max_ratio: int = 100  # unpacked / packed bytes of any part larger than RATIO_FLOOR
    max_parts: int = 2_000  # members of the XLSX zip
    max_rows: int = 1_100_000  # rows read (Excel's sheet holds 1,048,576)
    max_cells: int = 30_000_000  # rows × columns read
    max_seconds: float | None = None  # reading time, checked as rows are read


RATIO_FLOOR = 1 * MB  # small parts compress well and cost nothing: no ratio check under this
PROLOG_BYTES = 64 << 10  # how much of each XML part is searched for a DOCTYPE
_LIMITS = Limits()


def configure(limits: Limits) -> None:
    """Set the limits every reader applies unless given its own."""
    global _LIMITS
    _LIMITS = limits


def limits() -> Limits:
    return _LIMITS


def size_problem(size: int, max_bytes: int) -> str | None:
    """The one message for a file over the size limit (pages, API and CLI), or None."""
    if size <= max_bytes:
        return None
    return (
        f"The file is {size / MB:.1f} MB; the limit is {max_bytes / MB:.0f} MB. "
        "Split it into smaller files."
    )


def check_xlsx(stream: IO[bytes], limits: Limits) -> None:
    """Refuse an XLSX that would cost more than `limits` to read, from its zip directory and
    its XML prologs only (milliseconds, whatever it claims to unpack to). The stream is left at
    its start."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TabularError("This XLSX file cannot be opened: is it really an Excel file?") from exc
    try:
        members = archive.infolist()
        if len(members) > limits.max_parts:
            raise TabularError(
                f"This XLSX file holds {len(members)} parts; a spreadsheet has far fewer (the "
                f"limit is {limits.max_parts}). Save it again from your spreadsheet program."
            )
        unpacked = sum(m.file_size for m in members)
        if unpacked > limits.max_unpacked:
            raise TabularError(
                f"This XLSX file unpacks to {unpacked / MB:,.0f} MB; the limit is "
                f"{limits.max_unpacked / MB:,.0f} MB. Split it into smaller files or save it as CSV."
            )
        for m in members:
            if m.file_size > RATIO_FLOOR and m.file_size > limits.max_ratio * max(
                m.compress_size, 1
            ):
                raise TabularError(
                    f"Part “{m.filename}” of this XLSX file unpacks to "
                    f"{m.file_size / max(m.compress_size, 1):,.0f} times its size (the limit is "
                    f"{limits.max_ratio}): Braid does not read files built like this. Save it "
                    "again from your spreadsheet program, or as CSV."
                )
        for m in members:
            if m.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(m) as part:
                    head = part.read(PROLOG_BYTES)
                if _declares_doctype(head):
                    raise TabularError(
                        f"Part “{m.filename}” of this XLSX file declares a DOCTYPE (entities): "
                        "spreadsheet programs never write one and Braid does not read it. Save "
                        "the file again from your spreadsheet program."
                    )
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        if isinstance(exc, TabularError):
            raise
        raise TabularError("This XLSX file cannot be opened: is it really an Excel file?") from exc
    finally:
        archive.close()
        stream.seek(0)


def _declares_doctype(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        # UTF-16 (with or without its mark): read it as such.
        encoding = (
            "utf-16-be" if head.startswith(b"\xfe\xff") or head[:1] == b"\x00" else "utf-16-le"
        )
        text = head.decode(encoding, errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    return "<!doctype" in text.lower() or "<!entity" in text.lower()


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
        self,
        source: str | Path | IO[bytes],
        *,
        filename: str,
        max_bytes: int | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.filename = filename
        suffix = Path(filename).suffix.lower()
        if suffix not in SUPPORTED:
            raise TabularError(
                f"“{filename}” is not a file Braid reads: save it as CSV (UTF-8) or XLSX."
            )
        self.limits = limits or _LIMITS
        if max_bytes is not None:
            self.limits = replace(self.limits, max_bytes=max_bytes)
        self._stream = open(source, "rb") if isinstance(source, (str, Path)) else source  # noqa: SIM115
        if self.limits.max_bytes is not None:
            self._check_size(self.limits.max_bytes)
        self._xlsx = suffix == ".xlsx"
        if self._xlsx:
            if not self._stream.seekable():
                self._stream = io.BytesIO(self._stream.read())
            check_xlsx(self._stream, self.limits)
        self._rows = self._bounded(self._xlsx_rows() if self._xlsx else self._csv_rows())
        try:
            first = next(self._rows)
        except StopIteration as exc:
            raise TabularError("The file is empty: it needs a header row and data rows.") from exc
        self.headers = [h.strip().lower() for h in first]
        self.raw_headers = [h.strip() for h in first]  # as written, for a mapping step
        if not any(self.headers):
            raise TabularError("The first row must hold the column names.")

    def _check_size(self, max_bytes: int) -> None:
        stream = self._stream
        if stream.seekable():
            start = stream.tell()
            size = stream.seek(0, io.SEEK_END) - start
            stream.seek(start)
            problem = size_problem(size, max_bytes)
            if problem:
                raise TabularError(problem)

    def _bounded(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        """The rows, stopped with a TabularError past the row, cell or time limit."""
        lim = self.limits
        deadline = time.monotonic() + lim.max_seconds if lim.max_seconds else None
        cells = 0
        for count, row in enumerate(rows, start=1):
            cells += len(row)
            if count > lim.max_rows:
                raise TabularError(
                    f"The file has more than {lim.max_rows:,} rows, the limit: split it into "
                    "smaller files."
                )
            if cells > lim.max_cells:
                raise TabularError(
                    f"The file has more than {lim.max_cells:,} cells, the limit: split it into "
                    "smaller files, or remove empty columns."
                )
            if deadline is not None and count % 1000 == 0 and time.monotonic() > deadline:
                raise TabularError(
                    f"Reading the file took longer than {lim.max_seconds:.0f} seconds, the "
                    f"limit (stopped at row {count:,}): split it into smaller files."
                )
            yield row

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
            width_limit = self.limits.max_cells
            for row in sheet.iter_rows(values_only=True):
                if len(row) > width_limit:
                    raise TabularError(
                        f"A row of the file has {len(row):,} columns: split it into smaller files."
                    )
                yield [_cell_text(v) for v in row]
        except TabularError:
            raise
        except Exception as exc:
            # defusedxml's refusals (entities, DTD), broken XML or a part openpyxl cannot read:
            # a person's file problem, never a traceback.
            raise TabularError(
                f"This XLSX file cannot be read ({type(exc).__name__}): save it again from "
                "your spreadsheet program, or as CSV."
            ) from exc
        finally:
            workbook.close()

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.headers)
        for number, row in enumerate(self._rows, start=2):
            if not any(cell for cell in row):
                continue
            cells = (row + [""] * width)[:width]
            yield number, dict(zip(self.headers, cells, strict=True))

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """`(row_number, cells)` by position, as wide as the header row (repeated or blank
        headers keep their own columns); fully blank rows are skipped."""
        width = len(self.headers)
        for number, row in enumerate(self._rows, start=2):
            if any(cell for cell in row):
                yield number, (row + [""] * width)[:width]


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

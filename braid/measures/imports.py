"""Set-based import of values: stream, check, write in few statements.

1. The file is streamed row by row (never loaded whole). A flat loop resolves the common row
   (a count whose codes were seen before) with a few dictionary lookups; any other row goes
   to `rules.ValueRules.check` (the one value rule, shared with the form), which names every
   problem with its row and column: unknown codes, numbers,
   ranges, disaggregations, unassigned partners, periods already submitted.
2. The fast way, for a CSV file of new figures (a first import, a new period): resolved rows go
   straight into the value table as they are read (one COPY on PostgreSQL, batched
   `executemany` on SQLite) inside a savepoint. At the first problem, at a key already in the
   table or repeated in the file, the savepoint is rolled back and the file read again the
   careful way; the first batch is checked against existing reports first, so a file of
   corrections goes the careful way at once.
3. The careful way: resolved rows go to a temporary staging table in batches (COPY text on
   PostgreSQL; `executemany` on SQLite, into a table kept in the value key's order). With any
   problem, duplicates within the file are found with SQL over the stage, nothing is written
   and every problem is returned. Otherwise the duplicate check, the history of changed
   values, then one `INSERT ... SELECT ... ON CONFLICT`.
4. Both ways run under an advisory lock per collaborative on PostgreSQL, and open draft
   submissions for the (organisation, period) pairs written.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
import os
import pickle
import select
import signal
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.core.errors import FieldProblem
from braid.lib.numbers import DecimalMark, detect_decimal
from braid.lib.rba import is_outlier, parts_mismatch
from braid.lib.tabular import TabularError, TabularReader
from braid.measures.models import Submission, SubmissionStatus, Value
from braid.measures.rules import COLUMNS, Lookups, ValueRules, bounds, language_decimal

BATCH = 20_000
MAX_KEPT_PROBLEMS = 5_000
FORK_MIN_BYTES = 4 << 20  # SQLite: files from about 4 MB (130,000 rows) are read by a child
CHILD_SILENCE = 120  # seconds without a word from the reading child before giving it up
WARN_LIMIT = 50_000  # outlier warnings are computed for files up to this many rows
STAGE = "braid_value_stage"
LOCK_NAMESPACE = 0x6272_6D76  # "brmv": the high half of the import's advisory lock key


@dataclass
class ValueImportResult:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[FieldProblem] = field(default_factory=list)
    # Unusual figures are looked for in files of up to WARN_LIMIT rows only.
    warnings_checked: bool = True
    decimal: DecimalMark = "point"  # how the file's numbers were read

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append(FieldProblem(field=column, message=message, row=row, value=value))

    def as_dict(self) -> dict[str, Any]:
        def plain(p: FieldProblem) -> dict[str, Any]:
            return {"row": p.row, "column": p.field, "value": p.value, "message": p.message}

        return {
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "problem_count": self.problem_count,
            "problems": [plain(p) for p in self.problems],
            "warnings": [plain(w) for w in self.warnings],
            "warnings_checked": self.warnings_checked,
            "decimal": self.decimal,
        }


def is_csv(filename: str) -> bool:
    """Whether Braid reads this file as CSV (by its name)."""
    return filename.lower().endswith((".csv", ".txt"))


def _open(
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


def _copy_text(value: Any) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


class _Fallback(Exception):
    """The fast way gives up: a problem, or a key that is already in the table or repeated."""


class _Sink:
    """Where `_read` sends resolved rows, in batches, by the fastest path each database has:
    lines of COPY text on PostgreSQL (formatted by the caller as `lead`, the ids, the key, the
    numbers, `tail`), tuples for `executemany` on SQLite (with the row number first for the
    stage, without it for the value table).

    On PostgreSQL one COPY can stay open for the whole read, when nothing else needs the
    connection meanwhile (no progress callback): the server stores each batch while Python
    reads the next. It is opened at the first batch."""

    postgres: bool
    lead: int | None  # None: each line starts with its row number; else with this number
    tail = "\n"
    copy_sql = ""
    insert_sql = ""
    ratio_sql = ""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.postgres = connection.vendor == "postgresql"
        self.copy: Any = None
        self.keep_open = self.started = False
        self.exits = contextlib.ExitStack()

    @contextlib.contextmanager
    def streaming(self, allowed: bool) -> Iterator[None]:
        self.keep_open = self.postgres and allowed
        with self.exits:
            yield
        self.copy = None

    def first(self, pairs: set[tuple[int, int]]) -> None:
        """Called before the first batch is written."""

    def flush(
        self, batch: list[Any], pairs: set[tuple[int, int]], ratios: list[Any] | None = None
    ) -> None:
        """Write `batch` (and, on SQLite's fast way, `ratios`: the rows with a numerator or a
        denominator, which count rows leave out), then empty them."""
        if not (batch or ratios):
            return
        if not self.started:
            self.started = True
            self.first(pairs)
        if self.postgres:
            if self.keep_open:
                if self.copy is None:
                    self.copy = self.exits.enter_context(self.cursor.cursor.copy(self.copy_sql))
                self.copy.write("".join(batch))
            else:
                with self.cursor.cursor.copy(self.copy_sql) as copy:
                    copy.write("".join(batch))
        else:
            # The raw connection: no placeholder rewriting per batch.
            connection.connection.executemany(self.insert_sql, batch)
            if ratios:
                connection.connection.executemany(self.ratio_sql, ratios)
                ratios.clear()
        batch.clear()


class _Stage(_Sink):
    """The staging table of the careful way."""

    lead = None

    def __init__(self, cursor: Any) -> None:
        super().__init__(cursor)
        temp = "TEMPORARY" if self.postgres else "TEMP"
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # On SQLite the table is kept in the value key's order, so the final insert needs no
        # sort.
        key = (
            ""
            if self.postgres
            else ", PRIMARY KEY (indicator_id, period_id, organisation_id, disaggregation, rownum))"
            " WITHOUT ROWID"
        )
        cursor.execute(
            f"CREATE {temp} TABLE {STAGE} (rownum integer, indicator_id bigint, "
            "organisation_id bigint, period_id bigint, disaggregation varchar(80), "
            "value double precision, numerator double precision, denominator double precision"
            + (key or ")")
        )
        self.copy_sql = (
            f"COPY {STAGE} (rownum, indicator_id, organisation_id, period_id, disaggregation, "
            "value, numerator, denominator) FROM STDIN"
        )
        self.insert_sql = f"INSERT INTO {STAGE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


class _Direct(_Sink):
    """The value table itself, for the fast way. Before the first batch, the (organisation,
    period) pairs read so far are looked up among the reports: a file that revisits reported
    periods goes the careful way at once, instead of finding out at its end."""

    def __init__(self, cursor: Any, collaborative_id: int, user_id: int | None) -> None:
        super().__init__(cursor)
        self.collaborative_id = collaborative_id
        self.lead = collaborative_id
        now = timezone.now()
        user = "\\N" if user_id is None else str(int(user_id))
        self.tail = f"\t{now.isoformat()}\t{user}\n"
        columns = (
            "collaborative_id, indicator_id, organisation_id, period_id, disaggregation, value,"
            " numerator, denominator, updated_at, updated_by_id"
        )
        table = Value._meta.db_table
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        # On SQLite, what every row shares is written into the statement: each bound
        # parameter costs (binding two NULLs took a million-row import about 1 s longer).
        stamp = connection.ops.adapt_datetimefield_value(now)
        shared = f"'{stamp}', {'NULL' if user_id is None else int(user_id)})"
        insert = f"INSERT INTO {table} ({columns}) VALUES ({int(collaborative_id)}, ?, ?, ?, ?, ?"
        self.insert_sql = f"{insert}, NULL, NULL, {shared}"
        self.ratio_sql = f"{insert}, ?, ?, {shared}"

    def first(self, pairs: set[tuple[int, int]]) -> None:
        reported = Submission.objects.filter(
            collaborative_id=self.collaborative_id,
            organisation_id__in={o for o, _p in pairs},
            period_id__in={p for _o, p in pairs},
        ).values_list("organisation_id", "period_id")
        if any(pair in pairs for pair in reported):
            raise _Fallback


def import_values(
    *,
    access: Access,
    source: IO[bytes],
    filename: str,
    decimal: DecimalMark | None = None,
    default_decimal: DecimalMark | None = None,
    organisation_id: int | None = None,
    reason: str = "import",
    progress: Callable[[int], None] | None = None,
) -> ValueImportResult:
    """Import a values file all-or-nothing. Partners import for their own organisation only.
    `decimal`: the file's decimal mark; None to detect it from the file, `default_decimal`
    (or the active language's) deciding when the file does not tell."""
    if not access.is_steward:
        access.require_edit_for(organisation_id)
    look = Lookups.load(access, organisation_id)
    if decimal is None:
        default = default_decimal or language_decimal()
        decimal = detect_file_decimal(source, filename, default=default)
    if progress is not None:
        progress = _forward_only(progress)
    read = functools.partial(
        _read, look=look, organisation_id=organisation_id, decimal=decimal, progress=progress
    )
    with transaction.atomic(), connection.cursor() as cursor:
        c = access.collaborative.pk
        if connection.vendor == "postgresql":
            # Two imports of one collaborative never write at the same time.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [(LOCK_NAMESPACE << 32) + (c & 0xFFFFFFFF)]
            )
        else:
            # A 64 MB page cache (default 2 MB) keeps the pages being filled in memory.
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA temp.cache_size = -65536")
        result = _fast(cursor, access, source, filename, read, progress)
        if result is None:
            result = _careful(cursor, access, reason, source, filename, read)
        result.problems.sort(
            key=lambda p: (p.row or 0, COLUMNS.index(p.field) if p.field in COLUMNS else 99)
        )
        result.decimal = decimal
        if not result.ok:
            transaction.set_rollback(True)
        elif result.rows:
            _audit(access, result, reason)
    if progress:
        progress(result.rows)
    return result


def _audit(access: Access, result: ValueImportResult, reason: str) -> None:
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="values.import",
        summary=f"{access.user.email} imported {result.rows} values ({reason}):"
        f" {result.inserted} new, {result.updated} changed",
        details={
            "rows": result.rows,
            "inserted": result.inserted,
            "updated": result.updated,
            "reason": reason[:200],
        },
    )


def _forward_only(progress: Callable[[int], None]) -> Callable[[int], None]:
    """Progress never goes back when the careful way reads again what the fast way read."""
    furthest = 0

    def report(rows: int) -> None:
        nonlocal furthest
        if rows > furthest:
            furthest = rows
            progress(rows)

    return report


def _fast(
    cursor: Any,
    access: Access,
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
    progress: Callable[[int], None] | None,
) -> ValueImportResult | None:
    """The fast way: a CSV file of new figures goes straight into the value table. None when it
    gives up; nothing it wrote is left, and the source is back where it was."""
    if not (is_csv(filename) and source.seekable()):
        return None
    start = source.tell()
    result = ValueImportResult()
    text = None
    try:
        with transaction.atomic():
            sink = _Direct(cursor, access.collaborative.pk, access.user.pk)
            if _read_elsewhere(sink, source):
                pairs, kept = _read_in_child(sink, source, filename, read, result, progress)
            else:
                headers, numbered, text = _open(source, filename)
                pairs, kept = read(sink, headers, numbered, result=result, give_up=True)
            if not result.ok:
                raise _Fallback
    except (
        _Fallback,
        IntegrityError,
        sqlite3.IntegrityError,
        psycopg.IntegrityError,
        # The careful way reads the file again and says what is wrong with it.
        UnicodeDecodeError,
        csv.Error,
    ):
        gave_up = True
    else:
        gave_up = False
    if text is not None:
        text.detach()  # so that the wrapper, once collected, does not close the source
    if gave_up:
        source.seek(start)
        return None
    result.inserted = result.rows
    _open_drafts(cursor, access.collaborative.pk, pairs)
    _warn(result, kept, access)
    return result


def _read_elsewhere(sink: _Sink, source: IO[bytes]) -> bool:
    """Whether a second process should read this file (SQLite, a large file, and a system that
    can fork)."""
    if sink.postgres or not hasattr(os, "fork"):
        return False  # PostgreSQL's server already writes while Python reads
    here = source.tell()
    size = source.seek(0, io.SEEK_END) - here
    source.seek(here)
    return size >= FORK_MIN_BYTES


def _send(fd: int, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> tuple[Any, ...]:
    (size,) = struct.unpack("!Q", _read_exactly(fd, 8))
    message: tuple[Any, ...] = pickle.loads(_read_exactly(fd, size))  # noqa: S301 (our child)
    return message


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from the child; a child silent for CHILD_SILENCE seconds, or gone, makes
    this process give the fast way up rather than wait for ever."""
    chunks = []
    while size:
        ready, _w, _x = select.select([fd], [], [], CHILD_SILENCE)
        chunk = os.read(fd, min(size, 1 << 20)) if ready else b""
        if not chunk:
            raise _Fallback
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class _PipeSink(_Sink):
    """What the reading process writes to: each batch, pickled, to the writing process."""

    def __init__(self, fd: int) -> None:  # no cursor: this process has no database
        self.fd = fd
        self.postgres = self.started = False
        self.lead = 0  # rows as the fast way writes them on SQLite, without row numbers

    @contextlib.contextmanager
    def streaming(self, allowed: bool) -> Iterator[None]:
        yield

    def flush(
        self, batch: list[Any], pairs: set[tuple[int, int]], ratios: list[Any] | None = None
    ) -> None:
        if not (batch or ratios):
            return
        first = None if self.started else set(pairs)
        self.started = True
        _send(self.fd, ("batch", batch, first, ratios or []))
        batch.clear()
        if ratios:
            ratios.clear()


def _read_in_child(
    sink: _Sink,
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
    result: ValueImportResult,
    progress: Callable[[int], None] | None,
) -> tuple[set[tuple[int, int]], list[Any] | None]:
    """SQLite's fast way for a large file, in two processes: a forked child reads, checks and
    resolves the rows (about 2 s a million, all of it holding Python's lock) and pipes them in
    batches to this process, which writes them (about 3 s a million), each at the same time:
    a million rows took 4.0 s instead of 5.9 s (median of four, interleaved). The child never
    touches the database and ends with `os._exit`; at its first problem it says so, and this
    process gives the fast way up as it would have itself."""
    inlet, outlet = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(inlet)
            pipe = _PipeSink(outlet)
            try:
                headers, numbered, _text = _open(source, filename)
                pairs, kept = read(
                    pipe,
                    headers,
                    numbered,
                    result=result,
                    give_up=True,
                    progress=(lambda rows: _send(outlet, ("progress", rows))) if progress else None,
                )
                message: tuple[Any, ...] = (
                    ("done", result.rows, pairs, kept) if result.ok else ("fallback",)
                )
            except Exception:  # the careful way reads again and says what is wrong
                message = ("fallback",)
            _send(outlet, message)
        except BaseException:
            code = 1
        finally:
            os._exit(code)  # no clean-up: the parent's database connection is not the child's
    os.close(outlet)
    finished = False
    try:
        with _collector_paused():
            while True:
                message = _receive(inlet)
                if message[0] == "batch":
                    sink.flush(message[1], message[2] or set(), message[3])
                elif message[0] == "progress" and progress is not None:
                    progress(message[1])
                elif message[0] == "done":
                    result.rows = message[1]
                    finished = True
                    return message[2], message[3]
                else:
                    raise _Fallback
    finally:
        os.close(inlet)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _careful(
    cursor: Any,
    access: Access,
    reason: str,
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
) -> ValueImportResult:
    """The careful way: stage every row, report every problem, or upsert with history."""
    result = ValueImportResult()
    stage = _Stage(cursor)
    try:
        headers, numbered, _text = _open(source, filename)
        pairs, kept = read(stage, headers, numbered, result=result, give_up=False)
    except UnicodeDecodeError as exc:
        raise TabularError("Part of the file is not UTF-8 text: save it as “CSV UTF-8”.") from exc
    except csv.Error as exc:
        raise TabularError(
            f"The file is not plain CSV ({exc}): open it in your spreadsheet and save it again"
            " as “CSV UTF-8”."
        ) from exc
    if stage.postgres:
        # Temporary tables are never auto-analysed; without statistics the planner guesses
        # a few rows and picks nested loops for the checks and the move. The sorts and
        # hashes over a million staged rows fit in memory with a larger work_mem.
        cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute("SET LOCAL work_mem = '64MB'")
    if not result.ok:
        _duplicates(cursor, result)
    elif result.rows:
        _move(cursor, access, reason, result, pairs)
        if result.ok:
            _warn(result, kept, access)
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return result


def _read(
    sink: _Sink,
    headers: list[str],
    numbered: Iterator[tuple[int, list[str]]],
    *,
    look: Lookups,
    organisation_id: int | None,
    decimal: DecimalMark,
    result: ValueImportResult,
    progress: Callable[[int], None] | None,
    give_up: bool,
) -> tuple[set[tuple[int, int]], list[Any] | None]:
    """Stream the rows into the sink; return the (organisation, period) pairs written and, for
    a file of at most WARN_LIMIT rows, the rows themselves (for the warnings). With `give_up`,
    the first problem raises `_Fallback`.

    The loop is the hot path of a million-row file, so it is written flat: a row of a plain
    count whose codes were seen before, in range, whole (or of an indicator with decimals),
    assigned, and in a period still open to the organisation, is resolved with a few dictionary
    lookups and written; any other row goes to `ValueRules.check`, which names every problem."""
    resolve = ValueRules(headers, look, organisation_id, decimal, result.add, escape=_copy_text)
    missing = [c for c in ("indicator", "period") if c not in headers]
    if organisation_id is None and "organisation" not in headers:
        missing.append("organisation")
    assigned: dict[int, set[int]] = {}
    for reporter_ind, reporter_org in look.reporters:
        assigned.setdefault(reporter_ind, set()).add(reporter_org)
    # code -> (id, lowest, highest, organisations assigned, reader) for the indicators the
    # fast path can take (counts). A count with no decimals is read with `int`, which refuses
    # "12.5"; in a file with decimal commas a point goes the slow way ("1.500" is ambiguous).
    reader: Callable[[str], float] = float if decimal == "point" else _float_without_point
    plain = (
        {
            code: (
                ind.pk,
                *bounds(ind),
                assigned.get(ind.pk, set()),
                reader if ind.decimals else int,
            )
            for code, ind in look.indicators.items()
            if not ind.is_percentage
        }
        # Without a value column every row goes the slow way.
        if "value" in headers
        else {}
    )
    ix = resolve.index
    i_ind, i_per, i_val = ix.get("indicator", -1), ix.get("period", -1), ix.get("value", -1)
    i_org, i_key = ix.get("organisation", -1), ix.get("disaggregation", -1)
    i_num, i_den = ix.get("numerator", -1), ix.get("denominator", -1)
    orgs, keys_ok = resolve.orgs, resolve.keys_ok
    # Closed and submitted periods are left to the slow path, which reports them.
    periods = resolve.fast_periods()
    counts_only = i_num < 0 and i_den < 0
    postgres, lead, tail = sink.postgres, sink.lead, sink.tail
    staging = lead is None
    batch: list[Any] = []
    ratios: list[Any] = []
    pairs: set[tuple[int, int]] = set()
    kept: list[Any] | None = []
    rows = 0
    every = 10_000 if progress else 0
    with sink.streaming(allowed=progress is None), _collector_paused():
        for number, cells in numbered:
            if missing:
                if any(cells):
                    result.add(
                        1,
                        missing[0],
                        "",
                        _("The file needs the columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)},
                    )
                    if give_up:
                        raise _Fallback
                    break
                continue
            try:
                indicator_id, low, high, reporters, read_value = plain[cells[i_ind]]
                org_id = orgs[cells[i_org]] if i_org >= 0 else organisation_id
                period_id = periods[cells[i_per]]
                value = read_value(cells[i_val])
                key = cells[i_key] if i_key >= 0 else ""
                staged_key = keys_ok[(indicator_id, key)] if key else ""
                if (
                    org_id is None
                    or not low <= value <= high  # NaN fails both comparisons
                    or org_id not in reporters
                    # A count row keeps a numerator or denominator written beside its value.
                    or not (counts_only or _no_ratio(cells, i_num, i_den))
                ):
                    raise KeyError
            except (KeyError, IndexError, ValueError):
                if not any(cells):
                    continue
                row = resolve.check(number, cells)
                if give_up and result.problem_count:
                    raise _Fallback from None
                if row is None:
                    rows += 1
                    if every and rows % every == 0:
                        result.rows = rows
                        progress(rows)  # type: ignore[misc]
                    continue
                pairs.add((row[2], row[3]))
                if kept is not None:
                    kept.append(row[:6])
                if postgres:
                    batch.append(
                        "\t".join(map(_copy_text, (number if lead is None else lead, *row[1:])))
                        + tail
                    )
                elif staging:
                    batch.append(row)
                elif row[6] is None and row[7] is None:
                    batch.append(row[1:6])
                else:
                    ratios.append(row[1:])
            else:
                pairs.add((org_id, period_id))
                if kept is not None:
                    kept.append((number, indicator_id, org_id, period_id, key, value))
                if postgres:
                    batch.append(
                        f"{number if lead is None else lead}\t{indicator_id}\t{org_id}"
                        f"\t{period_id}\t{staged_key}\t{value!r}\t\\N\t\\N{tail}"
                    )
                elif staging:
                    batch.append((number, indicator_id, org_id, period_id, key, value, None, None))
                else:
                    batch.append((indicator_id, org_id, period_id, key, value))
            if len(batch) + len(ratios) >= BATCH:
                sink.flush(batch, pairs, ratios)
                if kept is not None and len(kept) > WARN_LIMIT:
                    kept = None
            rows += 1
            if every and rows % every == 0:
                result.rows = rows
                progress(rows)  # type: ignore[misc]
        else:
            result.rows = rows
        sink.flush(batch, pairs, ratios)
    if kept is not None and len(kept) > WARN_LIMIT:
        kept = None
    return pairs, kept


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while rows are read: the loop makes a million tuples and
    no cycles, and each collection would scan the batches being built (about 10 % of a
    million-row import on SQLite)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _float_without_point(text: str) -> float:
    if "." in text:
        raise ValueError(text)
    return float(text)


def _no_ratio(cells: list[str], i_num: int, i_den: int) -> bool:
    return not ((i_num >= 0 and cells[i_num]) or (i_den >= 0 and cells[i_den]))


def _duplicates(cursor: Any, result: ValueImportResult) -> bool:
    """Report the staged rows that repeat the key of an earlier one; True if there were any."""
    cursor.execute(
        f"SELECT s.rownum, f.first FROM {STAGE} s JOIN ("
        f" SELECT indicator_id, organisation_id, period_id, disaggregation, MIN(rownum) AS first"
        f" FROM {STAGE} GROUP BY indicator_id, organisation_id, period_id, disaggregation"
        f" HAVING COUNT(*) > 1) f ON s.indicator_id = f.indicator_id"
        f" AND s.organisation_id = f.organisation_id AND s.period_id = f.period_id"
        f" AND s.disaggregation = f.disaggregation WHERE s.rownum <> f.first ORDER BY s.rownum"
    )
    found = False
    for rownum, first in cursor.fetchall():
        found = True
        result.add(
            rownum,
            "indicator",
            "",
            _("Same indicator, organisation, period and disaggregation as row %(row)s; keep one.")
            % {"row": first},
        )
    return found


def _move(
    cursor: Any,
    access: Access,
    reason: str,
    result: ValueImportResult,
    pairs: set[tuple[int, int]],
) -> None:
    """Write the staged rows, then open draft submissions.

    When no staged key exists yet (a first import, a new period), the rows go in with a plain
    key-ordered `INSERT ... SELECT`, much cheaper than an upsert, and duplicates within the
    file are not searched for beforehand: a repeated key breaks the value table's unique key,
    the savepoint is rolled back and the duplicates reported. When some keys exist, the
    duplicates are searched for first, then the history of changed values is written and the
    rows upserted. On PostgreSQL a transaction-level advisory lock per collaborative keeps two
    imports from writing the same keys between the count and the write."""
    value_table, now, user_id = Value._meta.db_table, timezone.now(), access.user.pk
    c = access.collaborative.pk
    match = (
        f"JOIN {value_table} v ON v.collaborative_id = %s AND v.indicator_id = s.indicator_id"
        " AND v.period_id = s.period_id AND v.organisation_id = s.organisation_id"
        " AND v.disaggregation = s.disaggregation"
    )
    cursor.execute(f"SELECT COUNT(*) FROM {STAGE} s {match}", [c])
    updated = cursor.fetchone()[0]
    insert = (
        f"INSERT INTO {value_table} (collaborative_id, indicator_id, organisation_id, period_id,"
        " disaggregation, value, numerator, denominator, updated_at, updated_by_id)"
        f" SELECT %s, indicator_id, organisation_id, period_id, disaggregation, value, numerator,"
        f" denominator, %s, %s FROM {STAGE} WHERE true"
        # In key order: the unique index then grows at its end instead of splitting pages.
        " ORDER BY indicator_id, period_id, organisation_id, disaggregation"
    )
    if not updated:
        try:
            with transaction.atomic():
                cursor.execute(insert, [c, now, user_id])
        except IntegrityError:
            if not _duplicates(cursor, result):
                raise  # not the file's doing: a value written meanwhile by someone else
            return
    else:
        if _duplicates(cursor, result):
            return
        cursor.execute(
            "INSERT INTO measures_valuehistory (collaborative_id, indicator_id, organisation_id,"
            ' period_id, disaggregation, "before", "after", changed_by_id, changed_at, reason)'
            f" SELECT %s, s.indicator_id, s.organisation_id, s.period_id, s.disaggregation,"
            f" v.value, s.value, %s, %s, %s FROM {STAGE} s {match}"
            " WHERE v.value IS NULL OR s.value IS NULL OR v.value <> s.value",
            [c, user_id, now, reason[:200], c],
        )
        cursor.execute(
            insert + " ON CONFLICT (collaborative_id, indicator_id, period_id, organisation_id,"
            " disaggregation) DO UPDATE SET value = excluded.value,"
            " numerator = excluded.numerator, denominator = excluded.denominator,"
            " updated_at = excluded.updated_at, updated_by_id = excluded.updated_by_id",
            [c, now, user_id],
        )
    inserted = result.rows - updated
    result.inserted, result.updated = inserted, updated
    _open_drafts(cursor, c, pairs)


def _open_drafts(cursor: Any, collaborative_id: int, pairs: set[tuple[int, int]]) -> None:
    """A draft submission for each (organisation, period) written that has none yet."""
    cursor.executemany(
        f"INSERT INTO {Submission._meta.db_table} (collaborative_id, organisation_id, period_id,"
        " status, comment, version) VALUES (%s, %s, %s, %s, '', 1)"
        " ON CONFLICT (collaborative_id, organisation_id, period_id) DO NOTHING",
        [(collaborative_id, o, p, SubmissionStatus.DRAFT) for o, p in sorted(pairs)],
    )


def _warn(result: ValueImportResult, kept: list[Any] | None, access: Access) -> None:
    """The warnings of a written file: `kept` holds its rows when it had few enough."""
    result.warnings_checked = kept is not None
    if kept is not None:
        result.warnings = _warnings(kept, access)


def _warnings(staged: list[Any], access: Access) -> list[FieldProblem]:
    """Values far from the partner's own history, and parts that do not add up to the total.
    `staged`: the rows written, as (row number, indicator, organisation, period, key, value)."""
    keys = {(i, o) for _r, i, o, _p, d, _v in staged if d == ""}
    history: dict[tuple[int, int], list[tuple[int, float]]] = {}
    if keys:
        rows = Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            disaggregation="",
            indicator_id__in={i for i, _o in keys},
            organisation_id__in={o for _i, o in keys},
        ).values_list("indicator_id", "organisation_id", "period_id", "value")
        for i, o, p, v in rows:
            if v is not None:
                history.setdefault((i, o), []).append((p, v))
    warnings: list[FieldProblem] = []
    totals: dict[tuple[int, int, int], tuple[int, float]] = {}
    parts: dict[tuple[int, int, int, str], list[float]] = {}
    for rownum, i, o, p, d, v in staged:
        if v is None:
            continue
        if d == "":
            totals[(i, o, p)] = (rownum, v)
            past = [x for q, x in history.get((i, o), []) if q != p]
            if is_outlier(v, past):
                warnings.append(
                    FieldProblem(
                        field="value",
                        row=rownum,
                        value=f"{v:g}",
                        message=_(
                            "Far from this partner's usual figures; check it before submitting."
                        ),
                    )
                )
        else:
            parts.setdefault((i, o, p, d.partition("=")[0]), []).append(v)
    for (i, o, p, dim), values in parts.items():
        if (i, o, p) in totals:
            rownum, total = totals[(i, o, p)]
            gap = parts_mismatch(total, values)
            if gap is not None:
                warnings.append(
                    FieldProblem(
                        field="disaggregation",
                        row=rownum,
                        value=dim,
                        message=_("The %(dim)s parts add up to %(sum)s, not the total %(total)s.")
                        % {"dim": dim, "sum": f"{sum(values):g}", "total": f"{total:g}"},
                    )
                )
    return warnings


def import_file(*, access: Access, path: Path, **kwargs: Any) -> ValueImportResult:
    with open(path, "rb") as source:
        return import_values(access=access, source=source, filename=path.name, **kwargs)

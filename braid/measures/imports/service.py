"""`import_values`: one file, all or nothing, the fast way first and the careful way when it
gives up (see the package's docstring)."""

from __future__ import annotations

import csv
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.lib.numbers import DecimalMark
from braid.lib.tabular import TabularError
from braid.measures.imports import parsing
from braid.measures.imports.child import read_elsewhere, read_in_child
from braid.measures.imports.reading import read_rows
from braid.measures.imports.result import ValueImportResult
from braid.measures.imports.unusual import warn
from braid.measures.imports.writers import (
    STAGE,
    Direct,
    Fallback,
    Stage,
    duplicates,
    move,
    open_drafts,
)
from braid.measures.models import ValuePath
from braid.measures.rules import COLUMNS, Lookups, language_decimal

LOCK_NAMESPACE = 0x6272_6D76  # "brmv": the high half of the import's advisory lock key
# What makes the fast way give up: a problem, a key already there or repeated, or a file the
# careful way reads again to say what is wrong with it.
GIVE_UP = (
    Fallback,
    IntegrityError,
    sqlite3.IntegrityError,
    psycopg.IntegrityError,
    UnicodeDecodeError,
    csv.Error,
)


def import_values(
    *,
    access: Access,
    source: IO[bytes],
    filename: str,
    decimal: DecimalMark | None = None,
    default_decimal: DecimalMark | None = None,
    organisation_id: int | None = None,
    reason: str = "import",
    way: str = ValuePath.UPLOAD,
    progress: Callable[[int], None] | None = None,
    mapping: list[str] | None = None,
) -> ValueImportResult:
    """Import a values file all-or-nothing. Partners import for their own organisation only.
    `reason` and `way` (how the file came: `ValuePath`) are kept with each change. `mapping`
    gives the field of each column by position ("" leaves one out); without it the headers
    are read as Braid's own names or recognised (`imports.columns`).
    `decimal`: the file's decimal mark; None to detect it from the file, `default_decimal`
    (or the active language's) deciding when the file does not tell."""
    access.require_edit_for(organisation_id)  # a steward's file may name many organisations
    look = Lookups.load(access, organisation_id)
    decimal = _file_decimal(source, filename, decimal, default_decimal)
    if progress is not None:
        progress = _forward_only(progress)
    read = functools.partial(
        read_rows,
        look=look,
        organisation_id=organisation_id,
        decimal=decimal,
        progress=progress,
        mapping=mapping,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor, access.collaborative.pk)
        result = _fast(cursor, (access, way), source, filename, read, progress)
        if result is None:
            result = _careful(cursor, access, (reason, way), source, filename, read)
        result.problems.sort(
            key=lambda p: (p.row or 0, COLUMNS.index(p.field) if p.field in COLUMNS else 99)
        )
        result.decimal = decimal
        if not result.ok:
            transaction.set_rollback(True)
        else:  # even an empty file may open the report it names: always a line
            _audit(access, result, reason, way)
    if progress:
        progress(result.rows)
    return result


def _prepare(cursor: Any, collaborative_id: int) -> None:
    if connection.vendor == "postgresql":
        # Two imports of one collaborative never write at the same time.
        key = (LOCK_NAMESPACE << 32) + (collaborative_id & 0xFFFFFFFF)
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    else:
        # A large page cache (64 MB; SQLite's default is 2 MB) keeps the pages being filled in
        # memory; a negative size is in KiB.
        kib = int(settings.BRAID_IMPORT_SQLITE_CACHE_MB) * 1024
        cursor.execute(f"PRAGMA cache_size = -{kib}")
        cursor.execute(f"PRAGMA temp.cache_size = -{kib}")


def _file_decimal(
    source: IO[bytes], filename: str, decimal: DecimalMark | None, default: DecimalMark | None
) -> DecimalMark:
    if not parsing.is_csv(filename):
        # An XLSX file stores figures as numbers, which reach the rule written with a point;
        # a figure typed as text still reads when only one way can read it ("12,5").
        return "point"
    if decimal is None:
        default = default or language_decimal()
        return parsing.detect_file_decimal(source, filename, default=default)
    return decimal


def _audit(access: Access, result: ValueImportResult, reason: str, way: str) -> None:
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
            "way": way,
            # Finds the import's changes in the value history (braid.measures.history).
            "changed_at": result.changed_at,
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
    by: tuple[Access, str],
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
    progress: Callable[[int], None] | None,
) -> ValueImportResult | None:
    """The fast way: a CSV file of new figures goes straight into the value table, each a first
    entry by the reader, the way (`ValuePath`) of `by`. None when it gives up; nothing it wrote
    is left, and the source is back where it was."""
    access, way = by
    if not (parsing.is_csv(filename) and source.seekable()):
        return None
    start = source.tell()
    result = ValueImportResult()
    text = None
    try:
        with transaction.atomic():
            sink = Direct(cursor, access.collaborative.pk, access.user.pk, way)
            if read_elsewhere(sink, source):
                pairs, kept = read_in_child(sink, source, filename, read, result, progress)
            else:
                headers, numbered, text = parsing.open_rows(source, filename)
                pairs, kept = read(sink, headers, numbered, result=result, give_up=True)
            if not result.ok:
                raise Fallback
    except GIVE_UP:
        gave_up = True
    else:
        gave_up = False
    if text is not None:
        text.detach()  # so that the wrapper, once collected, does not close the source
    if gave_up:
        source.seek(start)
        return None
    result.inserted = result.rows
    result.changed_at = sink.now.isoformat()  # the first entries' created_at
    open_drafts(cursor, access.collaborative.pk, pairs)
    warn(result, kept, access)
    return result


def _careful(
    cursor: Any,
    access: Access,
    why: tuple[str, str],
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
) -> ValueImportResult:
    """The careful way: stage every row, report every problem, or upsert with history."""
    result = ValueImportResult()
    stage = Stage(cursor)
    try:
        headers, numbered, _text = parsing.open_rows(source, filename)
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
        duplicates(cursor, result)
    elif result.rows:
        move(cursor, access, why, result, pairs)
        if result.ok:
            warn(result, kept, access)
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return result


def import_file(*, access: Access, path: Path, **kwargs: Any) -> ValueImportResult:
    with open(path, "rb") as source:
        return import_values(access=access, source=source, filename=path.name, **kwargs)

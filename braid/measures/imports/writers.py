"""Where resolved rows go, per database: the value table itself (the fast way) or a staging
table (the careful way), and the statements that move the stage into the value table."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.measures.imports.result import ValueImportResult
from braid.measures.models import Submission, SubmissionStatus, Value, ValuePath

STAGE = "braid_value_stage"
# What an insert writes of when, by whom and how: the first entry is its last write until the
# figure changes (`Value.first_entry`), so only the way is added to each row.
_STAMPS = "updated_at, updated_by_id, created_way"


def _way(way: str) -> str:
    """The way, checked: it is written into statements."""
    if way not in ValuePath.values:
        raise ValueError(f"Unknown way {way!r}")
    return way


class Fallback(Exception):
    """The fast way gives up: a problem, or a key that is already in the table or repeated."""


class Sink:
    """Where `read_rows` sends resolved rows, in batches, by the fastest path each database has:
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


class Stage(Sink):
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


class Direct(Sink):
    """The value table itself, for the fast way. Before the first batch, the (organisation,
    period) pairs read so far are looked up among the reports: a file that revisits reported
    periods goes the careful way at once, instead of finding out at its end. Every row is a
    first entry, made `now` by the user, the way (`ValuePath`) the file came."""

    def __init__(self, cursor: Any, collaborative_id: int, user_id: int | None, way: str) -> None:
        super().__init__(cursor)
        self.collaborative_id = collaborative_id
        self.lead = collaborative_id
        self.now = now = timezone.now()
        user = "\\N" if user_id is None else str(int(user_id))
        self.tail = f"\t{now.isoformat()}\t{user}\t{_way(way)}\n"
        columns = (
            "collaborative_id, indicator_id, organisation_id, period_id, disaggregation, value,"
            f" numerator, denominator, {_STAMPS}"
        )
        table = Value._meta.db_table
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        # On SQLite, what every row shares is written into the statement: each bound
        # parameter costs (binding two NULLs took a million-row import about 1 s longer).
        stamp = connection.ops.adapt_datetimefield_value(now)
        shared = f"'{stamp}', {'NULL' if user_id is None else int(user_id)}, '{_way(way)}')"
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
            raise Fallback


def duplicates(cursor: Any, result: ValueImportResult) -> bool:
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


def move(
    cursor: Any,
    access: Access,
    why: tuple[str, str],
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
    imports from writing the same keys between the count and the write. `why` is the
    reason and the way (`ValuePath`) the history keeps with each change, and each new value
    with its first entry; `result.changed_at` is when, either way."""
    c, now, user_id = access.collaborative.pk, timezone.now(), access.user.pk
    reason, way = why
    cursor.execute(f"SELECT COUNT(*) FROM {STAGE} s {_MATCH}", [c])
    updated = cursor.fetchone()[0]
    # Stored as the ORM stores it (on SQLite, text without the zone), so it can be looked up.
    stamp = connection.ops.adapt_datetimefield_value(now)
    params = [c, stamp, user_id, _way(way)]
    if not updated:
        try:
            with transaction.atomic():
                cursor.execute(_INSERT, params)
        except IntegrityError:
            if not duplicates(cursor, result):
                raise  # not the file's doing: a value written meanwhile by someone else
            return
    else:
        if duplicates(cursor, result):
            return
        cursor.execute(_HISTORY, [c, user_id, stamp, reason[:200], str(way), c])
        cursor.execute(_UPSERT, params)
    result.changed_at = now.isoformat()
    result.inserted, result.updated = result.rows - updated, updated
    open_drafts(cursor, c, pairs)


_VALUES = Value._meta.db_table
# A staged row and the value of the same key.
_MATCH = (
    f"JOIN {_VALUES} v ON v.collaborative_id = %s AND v.indicator_id = s.indicator_id"
    " AND v.period_id = s.period_id AND v.organisation_id = s.organisation_id"
    " AND v.disaggregation = s.disaggregation"
)
_INSERT = (
    f"INSERT INTO {_VALUES} (collaborative_id, indicator_id, organisation_id, period_id,"
    f" disaggregation, value, numerator, denominator, {_STAMPS})"
    f" SELECT %s, indicator_id, organisation_id, period_id, disaggregation, value, numerator,"
    f" denominator, %s, %s, %s FROM {STAGE} WHERE true"
    # In key order: the unique index then grows at its end instead of splitting pages.
    " ORDER BY indicator_id, period_id, organisation_id, disaggregation"
)
_UPSERT = (
    _INSERT + " ON CONFLICT (collaborative_id, indicator_id, period_id, organisation_id,"
    " disaggregation) DO UPDATE SET value = excluded.value,"
    " numerator = excluded.numerator, denominator = excluded.denominator,"
    " updated_at = excluded.updated_at, updated_by_id = excluded.updated_by_id,"
    # The first entry is kept before the last write is overwritten (`Value.first_entry`; the
    # right-hand sides read the row as it was); the way stays.
    f" created_at = COALESCE({_VALUES}.created_at, {_VALUES}.updated_at),"
    f" created_by_id = CASE WHEN {_VALUES}.created_at IS NULL THEN {_VALUES}.updated_by_id"
    f" ELSE {_VALUES}.created_by_id END"
)
_HISTORY = (
    "INSERT INTO measures_valuehistory (collaborative_id, indicator_id, organisation_id,"
    ' period_id, disaggregation, "before", "after", changed_by_id, changed_at, reason, way)'
    f" SELECT %s, s.indicator_id, s.organisation_id, s.period_id, s.disaggregation,"
    f" v.value, s.value, %s, %s, %s, %s FROM {STAGE} s {_MATCH}"
    " WHERE v.value IS NULL OR s.value IS NULL OR v.value <> s.value"
)


def open_drafts(cursor: Any, collaborative_id: int, pairs: set[tuple[int, int]]) -> None:
    """A draft submission for each (organisation, period) written that has none yet."""
    cursor.executemany(
        f"INSERT INTO {Submission._meta.db_table} (collaborative_id, organisation_id, period_id,"
        " status, comment, version) VALUES (%s, %s, %s, %s, '', 1)"
        " ON CONFLICT (collaborative_id, organisation_id, period_id) DO NOTHING",
        [(collaborative_id, o, p, SubmissionStatus.DRAFT) for o, p in sorted(pairs)],
    )

"""Set-based import of values: stream, stage, check, move in few statements.

1. The file is streamed row by row (never loaded whole). A flat loop resolves the common row
   (a count whose codes were seen before) with a few dictionary lookups; any other row goes
   to `_Resolver`, which names every problem with its row and column: unknown codes, numbers,
   ranges, disaggregations, unassigned partners, periods already submitted.
2. Resolved rows go to a temporary staging table in batches (COPY text on PostgreSQL, one COPY
   for the whole read when nothing else needs the connection; `executemany` on SQLite, into
   a table kept in the value key's order).
3. With any problem, duplicates within the file are found with SQL over the stage, nothing is
   written and every problem is returned.
4. Otherwise, in one transaction (under an advisory lock per collaborative on PostgreSQL):
   when no staged key exists yet, a plain key-ordered `INSERT ... SELECT` (a repeated key
   breaks the unique key: the savepoint is rolled back and the duplicates reported); when
   some exist, the duplicate check, the history of changed values, then one
   `INSERT ... SELECT ... ON CONFLICT`. Draft submissions are opened for the staged pairs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.errors import FieldProblem
from braid.lib.rba import is_outlier, parts_mismatch
from braid.lib.tabular import TabularError, TabularReader, normalise_name, parse_number
from braid.measures.models import Indicator, Period, Submission, SubmissionStatus, Value
from braid.partners.models import Organisation

COLUMNS = [
    "indicator",
    "organisation",
    "period",
    "disaggregation",
    "value",
    "numerator",
    "denominator",
]
BATCH = 20_000
MAX_KEPT_PROBLEMS = 5_000
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
        }


@dataclass
class Lookups:
    indicators: dict[str, Indicator]
    organisations: dict[str, int]
    periods: dict[str, int]
    reporters: set[tuple[int, int]]

    @classmethod
    def load(cls, access: Access) -> Lookups:
        indicators = {
            i.code.lower(): i for i in access.scope(Indicator).filter(archived_at__isnull=True)
        }
        through = Indicator.reporters.through
        reporters = set(
            through.objects.filter(indicator__collaborative=access.collaborative).values_list(
                "indicator_id", "organisation_id"
            )
        )
        return cls(
            indicators=indicators,
            organisations={
                normalise_name(n): pk
                for pk, n in access.scope(Organisation).values_list("pk", "name")
            },
            periods={c.lower(): pk for pk, c in access.scope(Period).values_list("pk", "code")},
            reporters=reporters,
        )


def _open(source: IO[bytes], filename: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The headers and an iterator of (row number, cells); CSV goes through the csv module with
    no Python code per row (blank rows are skipped by the caller)."""
    if filename.lower().endswith(".xlsx"):
        reader = TabularReader(source, filename=filename)
        headers = reader.headers
        return headers, ((n, [row[h] for h in headers]) for n, row in reader)
    if not filename.lower().endswith((".csv", ".txt")):
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
    return headers, enumerate(csv.reader(text, delimiter=delimiter), start=2)


def _number(text: str, decimal_comma: bool) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return parse_number(text, decimal_comma=decimal_comma)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


class _Stage:
    """The staging table, filled in batches by the fastest path each database has: lines of
    COPY text on PostgreSQL (formatted by the caller, one write per batch), `executemany` on
    SQLite."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.postgres = connection.vendor == "postgresql"
        temp = "TEMPORARY" if self.postgres else "TEMP"
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # On SQLite the row number is the rowid: rows arrive in order, so the table only
        # ever appends, and no separate column is stored.
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

    @contextlib.contextmanager
    def streaming(self, allowed: bool) -> Iterator[None]:
        """On PostgreSQL, one COPY open for the whole read when nothing else needs the
        connection meanwhile (no progress callback): the server stores each batch while
        Python reads the next one."""
        if not (self.postgres and allowed):
            yield
            return
        with self.cursor.cursor.copy(self.COPY) as self.copy:
            yield
        self.copy = None

    COPY = (
        f"COPY {STAGE} (rownum, indicator_id, organisation_id, period_id, disaggregation, "
        "value, numerator, denominator) FROM STDIN"
    )
    copy: Any = None

    def flush(self, batch: list[Any]) -> None:
        if not batch:
            return
        if self.copy is not None:
            self.copy.write("".join(batch))
        elif self.postgres:
            with self.cursor.cursor.copy(
                f"COPY {STAGE} (rownum, indicator_id, organisation_id, period_id, disaggregation, "
                "value, numerator, denominator) FROM STDIN"
            ) as copy:
                copy.write("".join(batch))
        else:
            self.cursor.executemany(
                f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", batch
            )
        batch.clear()


class _Resolver:
    """Turns a row of text into ids and numbers, naming every problem. Only rows the fast loop
    in `import_values` cannot take come here: the first row of each organisation name and
    disaggregation, percentages, numbers written the French way, and errors."""

    def __init__(
        self,
        headers: list[str],
        look: Lookups,
        forced_org: int | None,
        decimal_comma: bool,
        result: ValueImportResult,
        submitted: set[int],
    ) -> None:
        self.index = {h: i for i, h in enumerate(headers)}
        self.look, self.forced_org, self.decimal_comma, self.result = (
            look,
            forced_org,
            decimal_comma,
            result,
        )
        # Name as written -> organisation id, for the fast loop (filled here, on first sight).
        self.orgs: dict[str, int | None] = {}
        # (indicator id, key as written) -> the key as staged, for the declared ones.
        self.keys_ok: dict[tuple[int, str], str] = {}
        self.keys_checked: dict[tuple[int, str], bool] = {}
        # Periods already submitted by the importing partner; each is reported at its first row.
        self.submitted = submitted
        self.submitted_reported: set[int] = set()

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def org(self, name: str) -> int | None:
        if name not in self.orgs:
            self.orgs[name] = self.look.organisations.get(normalise_name(name))
        return self.orgs[name]

    def __call__(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
        result, look = self.result, self.look
        before = result.problem_count
        code = self.cell(cells, "indicator")
        indicator = look.indicators.get(code) or look.indicators.get(code.strip().lower())
        if indicator is None:
            result.add(
                number,
                "indicator",
                code,
                _("Unknown indicator code; use one of the codes on the indicators page."),
            )
        org_id = self.forced_org
        if org_id is None:
            name = self.cell(cells, "organisation")
            org_id = self.org(name)
            if org_id is None:
                result.add(
                    number,
                    "organisation",
                    name,
                    _("No organisation of this name in the register; check the spelling."),
                )
        period_code = self.cell(cells, "period")
        period_id = look.periods.get(period_code) or look.periods.get(period_code.strip().lower())
        if period_id is None:
            result.add(
                number,
                "period",
                period_code,
                _("Unknown period; write it like 2026-03, 2026-Q1 or 2026."),
            )
        parsed: dict[str, float | None] = {}
        unreadable = False
        for column in ("value", "numerator", "denominator"):
            text = self.cell(cells, column)
            try:
                parsed[column] = _number(text, self.decimal_comma)
            except ValueError:
                result.add(
                    number, column, text, _("Not a number; write digits only, e.g. 12 or 12.5.")
                )
                parsed[column] = None
                unreadable = True
        written = self.cell(cells, "disaggregation")
        key = written.strip()
        if indicator is not None and not unreadable:
            _check_indicator(number, indicator, key, parsed, result, self.keys_checked)
        if result.problem_count > before:
            return None
        assert indicator is not None and org_id is not None and period_id is not None
        # A row refused here is still staged (and returned): the duplicate check of the full
        # report covers it, as it covers every row that reads cleanly.
        if (indicator.pk, org_id) not in look.reporters:
            result.add(
                number,
                "organisation",
                "",
                _(
                    "This organisation is not assigned to report this indicator; ask a steward to assign it or remove the row."
                ),
            )
        if period_id in self.submitted and period_id not in self.submitted_reported:
            self.submitted_reported.add(period_id)
            result.add(
                number,
                "period",
                "",
                _(
                    "This period is already submitted; ask a steward to return it before changing values."
                ),
            )
        if written == key and key and not indicator.is_percentage:
            self.keys_ok[(indicator.pk, key)] = _copy_text(key)
        value, num, den = parsed["value"], parsed["numerator"], parsed["denominator"]
        if indicator.is_percentage and num is not None and den:
            value = 100.0 * num / den
        return (number, indicator.pk, org_id, period_id, key, value, num, den)


def _check_indicator(
    number: int,
    indicator: Indicator,
    key: str,
    parsed: dict[str, float | None],
    result: ValueImportResult,
    keys_ok: dict[tuple[int, str], bool],
) -> None:
    if key and not keys_ok.setdefault((indicator.pk, key), _key_allowed(indicator, key)):
        choices = "; ".join(f"{d}={v}" for d, vs in indicator.disaggregations.items() for v in vs)
        result.add(
            number,
            "disaggregation",
            key,
            _("Not a declared disaggregation of this indicator; use one of: %(choices)s.")
            % {"choices": choices or "—"},
        )
    if indicator.is_percentage:
        num, den = parsed["numerator"], parsed["denominator"]
        if num is None or den is None:
            result.add(
                number,
                "denominator",
                "",
                _("A percentage needs its numerator and denominator, not only the ratio."),
            )
        elif den <= 0 or num < 0 or num > den:
            result.add(
                number,
                "numerator",
                f"{num:g}/{den:g}",
                _("The numerator must be between 0 and the denominator, which must be above 0."),
            )
        return
    value = parsed["value"]
    if value is None:
        result.add(number, "value", "", _("The value is missing."))
        return
    if (
        math.isnan(value)
        or (indicator.min_value is not None and value < indicator.min_value)
        or (indicator.max_value is not None and value > indicator.max_value)
    ):
        low = "" if indicator.min_value is None else f"{indicator.min_value:g}"
        high = "" if indicator.max_value is None else f"{indicator.max_value:g}"
        result.add(
            number,
            "value",
            f"{value:g}",
            _("Outside the declared range %(low)s to %(high)s; check the figure or its unit.")
            % {"low": low, "high": high},
        )


def _key_allowed(indicator: Indicator, key: str) -> bool:
    dim, _sep, part = key.partition("=")
    allowed = indicator.disaggregations.get(dim.strip())
    return allowed is not None and part.strip() in allowed


def import_values(
    *,
    access: Access,
    source: IO[bytes],
    filename: str,
    decimal_comma: bool = False,
    organisation_id: int | None = None,
    reason: str = "import",
    progress: Callable[[int], None] | None = None,
) -> ValueImportResult:
    """Import a values file all-or-nothing. Partners import for their own organisation only."""
    if not access.is_steward:
        access.require_edit_for(organisation_id)
    look = Lookups.load(access)
    submitted: set[int] = set()
    if organisation_id is not None:
        submitted = set(
            Submission.objects.filter(
                collaborative=access.collaborative,
                organisation_id=organisation_id,
                status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
            ).values_list("period_id", flat=True)
        )
    result = ValueImportResult()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A 64 MB page cache (default 2 MB) keeps the indexes being filled in memory.
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA temp.cache_size = -65536")
        stage = _Stage(cursor)
        try:
            headers, numbered = _open(source, filename)
            with stage.streaming(allowed=progress is None):
                pairs = _read(
                    stage,
                    headers,
                    numbered,
                    look,
                    organisation_id,
                    decimal_comma,
                    result,
                    submitted,
                    progress,
                )
        except UnicodeDecodeError as exc:
            raise TabularError(
                "Part of the file is not UTF-8 text: save it as “CSV UTF-8”."
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
            if result.ok and result.rows <= WARN_LIMIT:
                result.warnings = _warnings(cursor, access)
        result.problems.sort(
            key=lambda p: (p.row or 0, COLUMNS.index(p.field) if p.field in COLUMNS else 99)
        )
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        if not result.ok:
            transaction.set_rollback(True)
    if progress:
        progress(result.rows)
    return result


def _read(
    stage: _Stage,
    headers: list[str],
    numbered: Iterator[tuple[int, list[str]]],
    look: Lookups,
    organisation_id: int | None,
    decimal_comma: bool,
    result: ValueImportResult,
    submitted: set[int],
    progress: Callable[[int], None] | None,
) -> set[tuple[int, int]]:
    """Stream the rows into the stage; return the (organisation, period) pairs staged.

    The loop is the hot path of a million-row file, so it is written flat: a row of a plain
    count whose codes were seen before, in range, assigned and not submitted, is resolved with
    a few dictionary lookups and staged; any other row goes to `_Resolver`, which names every
    problem."""
    resolve = _Resolver(headers, look, organisation_id, decimal_comma, result, submitted)
    missing = [c for c in ("indicator", "period") if c not in headers]
    if organisation_id is None and "organisation" not in headers:
        missing.append("organisation")
    inf = math.inf
    assigned: dict[int, set[int]] = {}
    for reporter_ind, reporter_org in look.reporters:
        assigned.setdefault(reporter_ind, set()).add(reporter_org)
    # code -> (id, lowest, highest, organisations assigned) for the indicators the fast path
    # can take (counts).
    plain = (
        {
            code: (
                ind.pk,
                -inf if ind.min_value is None else ind.min_value,
                inf if ind.max_value is None else ind.max_value,
                assigned.get(ind.pk, set()),
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
    # Submitted periods are left to the slow path, which reports them.
    periods = {code: pk for code, pk in look.periods.items() if pk not in submitted}
    counts_only = i_num < 0 and i_den < 0
    postgres = stage.postgres
    batch: list[Any] = []
    pairs: set[tuple[int, int]] = set()
    rows = 0
    every = 10_000 if progress else 0
    for number, cells in numbered:
        if missing:
            if any(cells):
                result.add(
                    1,
                    missing[0],
                    "",
                    _("The file needs the columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)},
                )
                break
            continue
        try:
            indicator_id, low, high, reporters = plain[cells[i_ind]]
            org_id = organisation_id or orgs[cells[i_org]]
            period_id = periods[cells[i_per]]
            value = float(cells[i_val])
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
            row = resolve(number, cells)
            if row is None:
                rows += 1
                if every and rows % every == 0:
                    result.rows = rows
                    progress(rows)  # type: ignore[misc]
                continue
            pairs.add((row[2], row[3]))
            if postgres:
                batch.append("\t".join(map(_copy_text, row)) + "\n")
            else:
                batch.append(row)
        else:
            pairs.add((org_id, period_id))
            if postgres:
                batch.append(
                    f"{number}\t{indicator_id}\t{org_id}\t{period_id}\t{staged_key}\t{value!r}"
                    "\t\\N\t\\N\n"
                )
            else:
                batch.append((number, indicator_id, org_id, period_id, key, value, None, None))
        if len(batch) >= BATCH:
            stage.flush(batch)
        rows += 1
        if every and rows % every == 0:
            result.rows = rows
            progress(rows)  # type: ignore[misc]
    else:
        result.rows = rows
    stage.flush(batch)
    return pairs


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
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [(LOCK_NAMESPACE << 32) + (c & 0xFFFFFFFF)]
        )
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
    cursor.executemany(
        f"INSERT INTO {Submission._meta.db_table} (collaborative_id, organisation_id, period_id,"
        " status, comment, version) VALUES (%s, %s, %s, %s, '', 1)"
        " ON CONFLICT (collaborative_id, organisation_id, period_id) DO NOTHING",
        [(c, o, p, SubmissionStatus.DRAFT) for o, p in sorted(pairs)],
    )


def _warnings(cursor: Any, access: Access) -> list[FieldProblem]:
    """Values far from the partner's own history, and parts that do not add up to the total."""
    cursor.execute(
        f"SELECT rownum, indicator_id, organisation_id, period_id, disaggregation, value FROM {STAGE}"
    )
    staged = cursor.fetchall()
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

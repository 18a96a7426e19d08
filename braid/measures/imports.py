"""Set-based import of values: stream, stage, validate with SQL, move in one statement.

1. The file is streamed row by row (never loaded whole); codes and names are resolved through
   in-memory dictionaries and numbers parsed, each problem kept with its row and column.
2. Resolved rows go to a temporary staging table in batches (`COPY` on PostgreSQL,
   `executemany` on SQLite).
3. Duplicates within the file and indicators a partner is not assigned are found with SQL over
   the staging table.
4. With no problem at all, one transaction writes the history of changed values, upserts the
   values with one `INSERT ... SELECT ... ON CONFLICT`, and opens draft submissions. With any
   problem, nothing is written and every problem is returned.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
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


def _rows(source: IO[bytes], filename: str) -> Iterator[tuple[int, list[str], list[str]]]:
    """(row number, headers, cells); CSV through the csv module directly, for speed."""
    if filename.lower().endswith(".xlsx"):
        reader = TabularReader(source, filename=filename)
        for number, row in reader:
            yield number, reader.headers, [row[h] for h in reader.headers]
        return
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
    try:
        for number, cells in enumerate(csv.reader(text, delimiter=delimiter), start=2):
            if any(cells):
                yield number, headers, cells
    except UnicodeDecodeError as exc:
        raise TabularError("Part of the file is not UTF-8 text: save it as “CSV UTF-8”.") from exc


def _number(text: str, decimal_comma: bool) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return parse_number(text, decimal_comma=decimal_comma)


class _Stage:
    """The staging table, filled in batches by the fastest path each database has."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.vendor = connection.vendor
        self.batch: list[tuple[Any, ...]] = []
        temp = "TEMPORARY" if self.vendor == "postgresql" else "TEMP"
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(
            f"CREATE {temp} TABLE {STAGE} (rownum integer, indicator_id bigint, "
            "organisation_id bigint, period_id bigint, disaggregation varchar(80), "
            "value double precision, numerator double precision, denominator double precision)"
        )

    def add(self, row: tuple[Any, ...]) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        if self.vendor == "postgresql":
            with self.cursor.cursor.copy(
                f"COPY {STAGE} (rownum, indicator_id, organisation_id, period_id, disaggregation, "
                "value, numerator, denominator) FROM STDIN"
            ) as copy:
                for row in self.batch:
                    copy.write_row(row)
        else:
            self.cursor.executemany(
                f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", self.batch
            )
        self.batch = []


class _Resolver:
    """Turns a row of text into ids and numbers. Codes and names repeat across a file, so each
    distinct one is resolved once and cached: the per-row work stays a few dictionary lookups."""

    def __init__(
        self,
        headers: list[str],
        look: Lookups,
        forced_org: int | None,
        decimal_comma: bool,
        result: ValueImportResult,
    ) -> None:
        self.index = {h: i for i, h in enumerate(headers)}
        self.look, self.forced_org, self.decimal_comma, self.result = (
            look,
            forced_org,
            decimal_comma,
            result,
        )
        self.orgs: dict[str, int | None] = {}
        self.keys_ok: dict[tuple[int, str], bool] = {}
        # code -> (id, lowest, highest) for the indicators the fast path can take (counts).
        self.plain: dict[str, tuple[int, float | None, float | None]] = {
            code: (ind.pk, ind.min_value, ind.max_value)
            for code, ind in look.indicators.items()
            if not ind.is_percentage
        }
        ix = self.index
        self.at = (
            ix.get("indicator", -1),
            ix.get("organisation", -1),
            ix.get("period", -1),
            ix.get("value", -1),
            ix.get("disaggregation"),
        )

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def org(self, name: str) -> int | None:
        if name not in self.orgs:
            self.orgs[name] = self.look.organisations.get(normalise_name(name))
        return self.orgs[name]

    def __call__(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
        fast = self.fast(number, cells)
        return fast if fast is not None else self.slow(number, cells)

    def fast(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
        """The common case, a plain count that resolves and parses cleanly; anything else goes
        the slow way, which names every problem."""
        i_ind, i_org, i_per, i_val, i_key = self.at
        try:
            indicator_id, low, high = self.plain[cells[i_ind]]
            org_id = self.forced_org or self.orgs[cells[i_org]]
            period_id = self.look.periods[cells[i_per]]
            value = float(cells[i_val])
            key = cells[i_key] if i_key is not None else ""
        except (KeyError, IndexError, ValueError):
            return None
        if (
            org_id is None
            or (key and not self.keys_ok.get((indicator_id, key)))
            or (low is not None and value < low)
            or (high is not None and value > high)
            or value != value
        ):
            return None
        return (number, indicator_id, org_id, period_id, key, value, None, None)

    def slow(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
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
        key = self.cell(cells, "disaggregation").strip()
        if indicator is not None and not unreadable:
            _check_indicator(number, indicator, key, parsed, result, self.keys_ok)
        if result.problem_count > before:
            return None
        value, num, den = parsed["value"], parsed["numerator"], parsed["denominator"]
        if indicator is not None and indicator.is_percentage and num is not None and den:
            value = 100.0 * num / den
        return (
            number,
            indicator.pk if indicator else None,
            org_id,
            period_id,
            key,
            value,
            num,
            den,
        )


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
    result = ValueImportResult()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A 64 MB page cache (default 2 MB) keeps the indexes being filled in memory.
            cursor.execute("PRAGMA cache_size = -65536")
        stage = _Stage(cursor)
        resolve: _Resolver | None = None
        for number, headers, cells in _rows(source, filename):
            if resolve is None:
                resolve = _Resolver(headers, look, organisation_id, decimal_comma, result)
                missing = [c for c in ("indicator", "period") if c not in headers]
                if organisation_id is None and "organisation" not in headers:
                    missing.append("organisation")
                if missing:
                    result.add(
                        1,
                        missing[0],
                        "",
                        _("The file needs the columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)},
                    )
                    break
            result.rows += 1
            row = resolve(number, cells)
            if row is not None:
                stage.add(row)
            if progress and result.rows % 10_000 == 0:
                progress(result.rows)
        stage.flush()
        if connection.vendor == "postgresql":
            # Temporary tables are never auto-analysed; without statistics the planner guesses
            # a few rows and picks nested loops for the checks and the move.
            cursor.execute(f"ANALYZE {STAGE}")
        _set_checks(cursor, access, organisation_id, result)
        if result.ok and result.rows:
            _move(cursor, access, reason, result)
            if result.rows <= WARN_LIMIT:
                result.warnings = _warnings(cursor, access)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        if not result.ok:
            transaction.set_rollback(True)
    if progress:
        progress(result.rows)
    return result


def _set_checks(
    cursor: Any, access: Access, organisation_id: int | None, result: ValueImportResult
) -> None:
    cursor.execute(
        f"SELECT s.rownum, f.first FROM {STAGE} s JOIN ("
        f" SELECT indicator_id, organisation_id, period_id, disaggregation, MIN(rownum) AS first"
        f" FROM {STAGE} GROUP BY indicator_id, organisation_id, period_id, disaggregation"
        f" HAVING COUNT(*) > 1) f ON s.indicator_id = f.indicator_id"
        f" AND s.organisation_id = f.organisation_id AND s.period_id = f.period_id"
        f" AND s.disaggregation = f.disaggregation WHERE s.rownum <> f.first ORDER BY s.rownum"
    )
    for rownum, first in cursor.fetchall():
        result.add(
            rownum,
            "indicator",
            "",
            _("Same indicator, organisation, period and disaggregation as row %(row)s; keep one.")
            % {"row": first},
        )
    through = Indicator.reporters.through._meta.db_table
    cursor.execute(
        f"SELECT s.rownum FROM {STAGE} s LEFT JOIN {through} r ON r.indicator_id = s.indicator_id"
        f" AND r.organisation_id = s.organisation_id WHERE r.id IS NULL ORDER BY s.rownum"
    )
    for (rownum,) in cursor.fetchall():
        result.add(
            rownum,
            "organisation",
            "",
            _(
                "This organisation is not assigned to report this indicator; ask a steward to assign it or remove the row."
            ),
        )
    if organisation_id is not None:
        sub = Submission._meta.db_table
        cursor.execute(
            f"SELECT MIN(s.rownum) FROM {STAGE} s JOIN {sub} b ON b.organisation_id = s.organisation_id"
            f" AND b.period_id = s.period_id AND b.collaborative_id = %s"
            f" WHERE b.status IN ('submitted', 'approved') GROUP BY s.period_id",
            [access.collaborative.pk],
        )
        for (rownum,) in cursor.fetchall():
            result.add(
                rownum,
                "period",
                "",
                _(
                    "This period is already submitted; ask a steward to return it before changing values."
                ),
            )
    result.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.field) if p.field in COLUMNS else 99)
    )


def _move(cursor: Any, access: Access, reason: str, result: ValueImportResult) -> None:
    value_table, now, user_id = Value._meta.db_table, timezone.now(), access.user.pk
    c = access.collaborative.pk
    join = (
        f"JOIN {value_table} v ON v.collaborative_id = %s AND v.indicator_id = s.indicator_id"
        " AND v.period_id = s.period_id AND v.organisation_id = s.organisation_id"
        " AND v.disaggregation = s.disaggregation"
    )
    cursor.execute(f"SELECT COUNT(*) FROM {STAGE} s {join}", [c])
    result.updated = cursor.fetchone()[0]
    result.inserted = result.rows - result.updated
    cursor.execute(
        "INSERT INTO measures_valuehistory (collaborative_id, indicator_id, organisation_id, period_id,"
        ' disaggregation, "before", "after", changed_by_id, changed_at, reason)'
        f" SELECT %s, s.indicator_id, s.organisation_id, s.period_id, s.disaggregation, v.value, s.value,"
        f" %s, %s, %s FROM {STAGE} s {join}"
        " WHERE v.value IS NULL OR s.value IS NULL OR v.value <> s.value",
        [c, user_id, now, reason[:200], c],
    )
    cursor.execute(
        f"INSERT INTO {value_table} (collaborative_id, indicator_id, organisation_id, period_id,"
        " disaggregation, value, numerator, denominator, updated_at, updated_by_id)"
        f" SELECT %s, indicator_id, organisation_id, period_id, disaggregation, value, numerator,"
        f" denominator, %s, %s FROM {STAGE} WHERE true"
        # In key order: the unique index then grows at its end instead of splitting pages.
        " ORDER BY indicator_id, period_id, organisation_id, disaggregation"
        " ON CONFLICT (collaborative_id, indicator_id, period_id, organisation_id, disaggregation)"
        " DO UPDATE SET value = excluded.value, numerator = excluded.numerator,"
        " denominator = excluded.denominator, updated_at = excluded.updated_at,"
        " updated_by_id = excluded.updated_by_id",
        [c, now, user_id],
    )
    sub = Submission._meta.db_table
    cursor.execute(
        f"INSERT INTO {sub} (collaborative_id, organisation_id, period_id, status, comment, version)"
        f" SELECT DISTINCT %s, organisation_id, period_id, %s, '', 1 FROM {STAGE} WHERE true"
        " ON CONFLICT (collaborative_id, organisation_id, period_id) DO NOTHING",
        [c, SubmissionStatus.DRAFT],
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

"""A whole measurement framework in one file: indicators with their reporting partners,
breakdowns, baseline and targets per period, from CSV/XLSX and back (the same columns, so a
framework round-trips through a spreadsheet).

One row per indicator; a column `target <period code>` per period with targets. A row whose
code exists updates that indicator (each changed field keeps its history); any other adds one.
Every field goes through the indicator rule (`indicator_rules`) and every target through the
target rule. All-or-nothing, every problem at once. The write is set-based: a fixed number of
statements for the whole file (bulk inserts and updates), whatever its number of targets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.core.audit import exempt
from braid.core.errors import FieldProblem
from braid.lib.tabular import TabularReader, write_table
from braid.measures.framework_rows import TARGET, Known, Row, check_row
from braid.measures.indicator_rules import FIELDS, clean_disaggregations
from braid.measures.indicators import show
from braid.measures.models import Indicator, IndicatorChange, Period, Target
from braid.measures.targets import TargetRow, targets_write

# The service's fields as the file's columns, in the file's order.
COLUMNS = [f.removesuffix("_id") for f in FIELDS] + ["reporters"]


@dataclass
class FrameworkImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    targets: int = 0
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def import_framework(
    *, access: Access, source: IO[bytes] | str, filename: str, max_bytes: int | None = None
) -> FrameworkImportResult:
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    result = FrameworkImportResult()
    known = Known.load(access)
    targets, problems = _target_columns(reader.headers, known)
    if "code" not in reader.headers or "name" not in reader.headers:
        problems.append(
            FieldProblem(
                "code",
                _(
                    "The file needs the columns code and name. Columns Braid reads: %(cols)s, and “target PERIOD” for each period."
                )
                % {"cols": ", ".join(COLUMNS)},
                1,
            )
        )
    result.problems += problems
    if problems:
        return result
    rows = []
    for number, cells in reader:
        result.rows += 1
        row, problems = check_row(access, number, cells, known, targets)
        result.problems += problems
        rows.append(row)
    if not result.problems:
        _write(access, rows, known, result)
    return result


def _target_columns(headers: list[str], known: Known) -> tuple[dict[str, str], list[FieldProblem]]:
    targets, problems = {}, []
    codes = {code.lower(): code for code in known.periods}
    for header in headers:
        if header.startswith(TARGET):
            code = codes.get(header[len(TARGET) :].strip(), header[len(TARGET) :].strip())
            if code not in known.periods:
                problems.append(
                    FieldProblem(
                        header,
                        _(
                            "No period “%(code)s”: open it under Periods first, or fix the column's name."
                        )
                        % {"code": code},
                        1,
                        header,
                    )
                )
            targets[header] = code
        elif header and header not in COLUMNS:
            problems.append(
                FieldProblem(
                    header,
                    _(
                        "Braid does not read the column “%(col)s”: rename it (%(cols)s, or “target PERIOD”) or remove it."
                    )
                    % {"col": header, "cols": ", ".join(COLUMNS)},
                    1,
                    header,
                )
            )
    return targets, problems


@transaction.atomic
def _added(access: Access, rows: list[Row], known: Known) -> list[Indicator]:
    """The rows' new indicators (not saved yet), placed after the existing ones."""
    position = max((i.position for i in known.indicators.values()), default=0)
    new = []
    for row in rows:
        if row.current is None:
            position += 1
            if row.data.get("disaggregations"):
                row.data["disaggregations"] = clean_disaggregations(row.data["disaggregations"])
            row.current = Indicator(
                collaborative=access.collaborative, position=position, **row.data
            )
            new.append(row.current)
    return new


def _write(access: Access, rows: list[Row], known: Known, result: FrameworkImportResult) -> None:
    c = access.collaborative
    new = _added(access, rows, known)
    Indicator.objects.bulk_create(new, batch_size=500)
    changes, changed = _changes(rows, new, known)
    db_fields = sorted({f for row in rows if row.current not in new for f in row.data})
    if changed:
        Indicator.objects.bulk_update(changed, [*db_fields, "version"], batch_size=500)
    for line in changes:
        line.collaborative_id = c.pk
        line.changed_by = access.user if access.user.pk else None
    IndicatorChange.objects.bulk_create(changes, batch_size=2000)
    _reporters_write(rows, known)
    result.targets, _removed = targets_write(
        c.pk,
        [TargetRow(r.current.pk, p, v) for r in rows for p, v in r.targets.items()],  # type: ignore[union-attr]
    )
    result.created, result.updated = len(new), len(changed)
    aggregated = [
        i.pk
        for i in changed
        if any(ch.field == "aggregation" and ch.indicator_id == i.pk for ch in changes)
    ]
    if aggregated:
        from braid.measures.services import aggregates_refresh

        aggregates_refresh(collaborative_id=c.pk, indicator_ids=set(aggregated))
    audit_record(
        collaborative=c,
        actor=access.user,
        action="framework.imported",
        details={"created": result.created, "updated": result.updated, "targets": result.targets},
    )


def _changes(
    rows: list[Row], new: list[Indicator], known: Known
) -> tuple[list[IndicatorChange], list[Indicator]]:
    names = dict(known.orgs.values())
    codes = {p.pk: p.code for p in known.periods.values()}
    lines, changed = [], []
    for row in rows:
        ind = row.current
        assert ind is not None
        if ind in new:
            continue
        before = known.reporters.get(ind.pk, set())
        for name, value in row.data.items():
            old = getattr(ind, name)
            if name == "baseline_period_id":
                old, value = codes.get(old), codes.get(value)
            lines.append(
                IndicatorChange(
                    indicator_id=ind.pk,
                    field=name.removesuffix("_id"),
                    before=show(name, old),
                    after=show(name, value),
                )
            )
        if row.reporters != before:
            lines.append(
                IndicatorChange(
                    indicator_id=ind.pk,
                    field="reporters",
                    before=show("reporters", sorted(names.get(o, "") for o in before)),
                    after=show("reporters", sorted(names.get(o, "") for o in row.reporters)),
                )
            )
        if row.data or row.reporters != before:
            for name, value in row.data.items():
                setattr(ind, name, value)
            ind.version += 1
            changed.append(ind)
    return lines, changed


def _reporters_write(rows: list[Row], known: Known) -> None:
    through = Indicator.reporters.through
    stale = [
        r.current.pk
        for r in rows
        if r.current and r.reporters != known.reporters.get(r.current.pk, set())
    ]
    existing = [pk for pk in stale if pk in known.reporters]
    if existing:
        through.objects.filter(indicator_id__in=existing).delete()
    wanted = set(stale)
    through.objects.bulk_create(
        [
            through(indicator_id=r.current.pk, organisation_id=o)
            for r in rows
            if r.current and r.current.pk in wanted
            for o in r.reporters
        ],
        batch_size=2000,
    )


def rows(access: Access) -> tuple[list[str], Iterator[list[Any]]]:
    """The framework as the import reads it: the headers, then one row per indicator."""
    indicators = list(
        access.scope(Indicator)
        .filter(archived_at__isnull=True)
        .select_related("baseline_period")
        .prefetch_related("reporters")
    )
    targets: dict[tuple[int, int], float] = {
        (t.indicator_id, t.period_id): t.value
        for t in access.scope(Target).filter(indicator__in=indicators)
    }
    used = {p for _i, p in targets}
    periods = list(access.scope(Period).filter(pk__in=used).order_by("start", "code"))
    headers = COLUMNS + [TARGET + p.code for p in periods]

    def lines() -> Iterator[list[Any]]:
        for ind in indicators:
            cells: list[Any] = []
            for name in FIELDS:
                value = getattr(ind, name)
                if name == "baseline_period_id":
                    value = ind.baseline_period.code if ind.baseline_period else ""
                elif name == "disaggregations":
                    value = show(name, value)
                elif name == "disaggregation_labels":  # read back by framework_rows
                    value = json.dumps(value, ensure_ascii=False) if value else ""
                cells.append(value)
            cells.append("; ".join(sorted(o.name for o in ind.reporters.all())))
            cells += [targets.get((ind.pk, p.pk)) for p in periods]
            yield cells

    return headers, lines()


@exempt("writes a file, changes no data")
def export_framework(*, access: Access, fmt: str, fileobj: IO[Any]) -> None:
    headers, lines = rows(access)
    write_table(lines, headers, fileobj, fmt=fmt, sheet_title="indicators")


def cli_import(access: Access, path: Any, report: Any) -> Any:
    """`braid import indicators FILE`: the same checks as the page; problems to `report`."""
    from braid.core.transfer import import_summary

    with open(path, "rb") as source:
        result = import_framework(access=access, source=source, filename=str(path))
    return import_summary(result, report, targets=result.targets)


def cli_export(access: Access, fmt: str, fileobj: IO[Any]) -> None:
    export_framework(access=access, fmt=fmt, fileobj=fileobj)

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

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.services import audit_record
from braid.core.audit import exempt
from braid.core.errors import FieldProblem
from braid.lib.numbers import NumberError
from braid.lib.tabular import FORMULA_START, TabularReader, closest, normalise_name, write_table
from braid.measures.indicator_rules import FIELDS, clean_disaggregations, indicator_problems
from braid.measures.indicators import reported_figures_problems, show
from braid.measures.models import Indicator, IndicatorChange, Period, Target
from braid.measures.rules import language_decimal, number_message, read_number
from braid.measures.targets import TargetRow, target_problems, targets_write
from braid.partners.models import Organisation

# The service's fields as the file's columns, in the file's order.
COLUMNS = [f.removesuffix("_id") for f in FIELDS] + ["reporters"]
TARGET = "target "
CHOICES = ("kind", "quadrant", "direction", "aggregation", "frequency", "tier")
POWERS = ("communication_power", "proxy_power", "data_power")
NUMBERS = ("min_value", "max_value", "baseline_value")
TEXT = ("code", "name", "definition", "technical_definition", "unit", "data_source")


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


def _choices() -> dict[str, dict[str, str]]:
    """Each choice field's codes and labels (English and French), normalised, to its code."""
    out: dict[str, dict[str, str]] = {}
    for name in (*CHOICES, *POWERS):
        model_field: Any = Indicator._meta.get_field(name)
        found = {normalise_name(str(code)): str(code) for code, _label in model_field.choices}
        for lang in ("en", "fr"):
            with translation.override(lang):
                found.update(
                    {normalise_name(str(label)): str(code) for code, label in model_field.choices}
                )
        out[name] = found
    return out


@dataclass
class _Known:
    indicators: dict[str, Indicator]
    reporters: dict[int, set[int]]
    orgs: dict[str, tuple[int, str]]
    periods: dict[str, Period]
    choices: dict[str, dict[str, str]]
    seen: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, access: Access) -> _Known:
        indicators = {i.code: i for i in access.scope(Indicator)}
        through = Indicator.reporters.through
        reporters: dict[int, set[int]] = {}
        for ind, org in through.objects.filter(
            indicator__collaborative_id=access.collaborative.pk
        ).values_list("indicator_id", "organisation_id"):
            reporters.setdefault(ind, set()).add(org)
        return cls(
            indicators=indicators,
            reporters=reporters,
            orgs={normalise_name(o.name): (o.pk, o.name) for o in access.scope(Organisation)},
            periods={p.code: p for p in access.scope(Period)},
            choices=_choices(),
        )


@dataclass
class _Row:
    number: int
    data: dict[str, Any]
    current: Indicator | None
    reporters: set[int]
    targets: dict[int, float]


def _disaggregations(text: str) -> dict[str, list[str]] | None:
    """ "age: 12-15, 16-18; gender: girls, boys" as {"age": [...], "gender": [...]}."""
    dims: dict[str, list[str]] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, colon, values = part.partition(":")
        if not colon:
            return None
        dims[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return dims


def _read_row(number: int, cells: dict[str, str], known: _Known, targets: dict[str, str]) -> Any:
    problems: list[FieldProblem] = []

    def add(column: str, message: str) -> None:
        problems.append(FieldProblem(column, message, number, cells.get(column, "")))

    data: dict[str, Any] = {n: _unneutralised(cells[n]) for n in TEXT if n in cells}
    data["code"] = cells.get("code", "").strip().lower()
    for name in (*CHOICES, *POWERS):
        text = cells.get(name, "").strip()
        if name not in cells or (not text and name in CHOICES):
            continue  # left out: the default for a new indicator, unchanged for one that exists
        code = known.choices[name].get(normalise_name(text), "") if text else ""
        data[name] = code if code or not text else text  # an unknown choice: the rule says so
    decimal = language_decimal()
    for name in (*NUMBERS, "decimals"):
        if name not in cells:
            continue
        try:
            value = read_number(cells[name], decimal)
        except NumberError as exc:
            add(name, number_message(exc, decimal))
            continue
        if name == "decimals":
            value = int(value) if value is not None and value.is_integer() else value
            data[name] = 0 if value is None else value
        else:
            data[name] = value
    if "disaggregations" in cells:
        dims = _disaggregations(cells["disaggregations"])
        if dims is None:
            add(
                "disaggregations",
                _("Write the breakdowns as “age: 12-15, 16-18; gender: girls, boys”."),
            )
        else:
            data["disaggregations"] = dims
    if "baseline_period" in cells:
        code = cells["baseline_period"].strip()
        period = known.periods.get(code)
        if code and period is None:
            add(
                "baseline_period",
                _("No period “%(code)s”: open it under Periods first, or fix the code.")
                % {"code": code},
            )
        data["baseline_period_id"] = period.pk if period else None
    reporters = _reporters(cells.get("reporters", ""), known, add)
    row_targets = {}
    for column, code in targets.items():
        try:
            value = read_number(cells.get(column, ""), decimal)
        except NumberError as exc:
            add(column, number_message(exc, decimal))
            continue
        if value is not None:
            row_targets[known.periods[code].pk] = value
    return data, reporters, row_targets, problems


def _unneutralised(text: str) -> str:
    """Text as typed before the export guarded it against spreadsheet formulas."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def _reporters(text: str, known: _Known, add: Any) -> set[int]:
    found = set()
    for name in (n.strip() for n in text.split(";")):
        if not name:
            continue
        org = known.orgs.get(normalise_name(name))
        if org is None:
            guess = closest(name, [n for _pk, n in known.orgs.values()])
            hint = _(" Did you mean “%s”?") % guess if guess else ""
            add(
                "reporters",
                _("No organisation “%s” in the register: add it first, or fix the name.") % name
                + hint,
            )
        else:
            found.add(org[0])
    return found


def _check(
    access: Access, number: int, cells: dict[str, str], known: _Known, targets: dict[str, str]
) -> tuple[_Row, list[FieldProblem]]:
    data, reporters, row_targets, problems = _read_row(number, cells, known, targets)
    code = data["code"]
    current = known.indicators.get(code)
    if code and code in known.seen:
        problems.append(
            FieldProblem(
                "code",
                _("The code “%(code)s” is on row %(row)s too: keep one row per indicator.")
                % {"code": code, "row": known.seen[code]},
                number,
                code,
            )
        )
    known.seen.setdefault(code, number)
    if current is not None:
        data = {k: v for k, v in data.items() if getattr(current, k) != v}
        if data.keys() & {"frequency", "quadrant", "aggregation", "disaggregations"}:
            problems += [
                FieldProblem(p.field, p.message, number, cells.get(p.field, ""))
                for p in reported_figures_problems(current, data)
            ]
    frequencies = {p.pk: p.frequency for p in known.periods.values()}
    reported = {p.field for p in problems}
    for p in indicator_problems(access, data, current, frequencies=frequencies, codes_checked=True):
        column = p.field.removesuffix("_id")
        if column not in reported:
            problems.append(FieldProblem(column, p.message, number, cells.get(column, "")))
    frequency = data.get("frequency", current.frequency if current else "monthly")
    by_id = {p.pk: p for p in known.periods.values()}
    rows = [TargetRow(0, pk, v) for pk, v in row_targets.items()]
    for p in target_problems(
        rows,
        {0: (code, frequency)},
        {pk: (by_id[pk].code, by_id[pk].frequency) for pk in row_targets},
    ):
        problems.append(FieldProblem(TARGET + (p.value or ""), p.message, number, p.value))
    return _Row(number, data, current, reporters, row_targets), problems


def import_framework(
    *, access: Access, source: IO[bytes] | str, filename: str, max_bytes: int | None = None
) -> FrameworkImportResult:
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    result = FrameworkImportResult()
    known = _Known.load(access)
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
        row, problems = _check(access, number, cells, known, targets)
        result.problems += problems
        rows.append(row)
    if not result.problems:
        _write(access, rows, known, result)
    return result


def _target_columns(headers: list[str], known: _Known) -> tuple[dict[str, str], list[FieldProblem]]:
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
def _write(access: Access, rows: list[_Row], known: _Known, result: FrameworkImportResult) -> None:
    c = access.collaborative
    position = max((i.position for i in known.indicators.values()), default=0)
    new = []
    for row in rows:
        if row.current is None:
            position += 1
            if row.data.get("disaggregations"):
                row.data["disaggregations"] = clean_disaggregations(row.data["disaggregations"])
            row.current = Indicator(collaborative=c, position=position, **row.data)
            new.append(row.current)
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
    rows: list[_Row], new: list[Indicator], known: _Known
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


def _reporters_write(rows: list[_Row], known: _Known) -> None:
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

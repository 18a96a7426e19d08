"""Import the action plan from a spreadsheet (CSV or XLSX), the same columns `braid export
plan` writes, so a plan kept in a spreadsheet can move into Braid and round-trip.

One row per activity. Organisations, objectives and bodies are named, not numbered; a name that
is close to one Braid knows gets a "did you mean". A row with the `id` of an existing activity
updates it; any other row adds one. All-or-nothing: every problem of every row is reported, and
nothing is written unless there are none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda import services
from braid.agenda.export import PLAN_COLUMNS
from braid.agenda.models import Activity, ActivityStatus, GovernanceBody, Objective
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, vocabulary
from braid.core.errors import FieldProblem, ServiceError
from braid.lib.tabular import TabularReader, closest, normalise_name
from braid.partners.models import Organisation

vocabulary(
    {"plan.imported": gettext_lazy("Action plan imported: %(created)s added, %(updated)s updated")}
)

COLUMNS = PLAN_COLUMNS
REQUIRED = ("activity", "lead", "start", "end")
# The service's field names, as the file's columns.
FIELD_TO_COLUMN = {
    "title": "activity",
    "lead_id": "lead",
    "supporter_ids": "supporters",
    "objective_ids": "objectives",
    "body_id": "body",
    "status_reason": "reason",
}


@dataclass
class PlanImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _statuses() -> dict[str, str]:
    """Codes and labels (English and French) of every status, normalised."""
    from django.utils import translation

    found = {normalise_name(code): code for code in ActivityStatus.values}
    for lang in ("en", "fr"):
        with translation.override(lang):
            found.update(
                {normalise_name(str(label)): code for code, label in ActivityStatus.choices}
            )
    return found


def _date(text: str) -> dt.date | None:
    text = text.strip()[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass
class _Known:
    orgs: dict[str, tuple[int, str]]
    objectives: dict[str, int]
    bodies: dict[str, int]
    existing: set[int]
    statuses: dict[str, str]
    seen: dict[tuple[str, str], int] = field(default_factory=dict)


def _check_row(
    access: Access, number: int, row: dict[str, str], known: _Known
) -> tuple[list[FieldProblem], int | None, dict[str, Any]]:
    problems: list[FieldProblem] = []

    def add(column: str, message: str) -> None:
        problems.append(FieldProblem(column, message, number, row.get(column, "")))

    def org_id(name: str, column: str) -> int | None:
        key = normalise_name(name)
        if key in known.orgs:
            return known.orgs[key][0]
        guess = closest(key, known.orgs)
        hint = _(" Did you mean “%s”?") % known.orgs[guess][1] if guess else ""
        add(
            column,
            _("No organisation “%s” in the register: add it first, or fix the name.") % name + hint,
        )
        return None

    activity_id = None
    if row.get("id", "").strip():
        try:
            activity_id = int(row["id"])
        except ValueError:
            add("id", _("The id must be a number from an export, or empty for a new activity."))
        else:
            if activity_id not in known.existing:
                add(
                    "id",
                    _("No activity %s in this plan: leave the id empty to add a new one.")
                    % activity_id,
                )
    lead = org_id(row["lead"], "lead") if row.get("lead", "").strip() else None
    supporters = [
        org_id(n.strip(), "supporters") for n in row.get("supporters", "").split(";") if n.strip()
    ]
    objective_ids = []
    for title in (t.strip() for t in row.get("objectives", "").split(";")):
        if not title:
            continue
        if normalise_name(title) in known.objectives:
            objective_ids.append(known.objectives[normalise_name(title)])
        else:
            add(
                "objectives",
                _("No objective “%s” in the results chain: add it there first, or fix the title.")
                % title,
            )
    body_id = None
    if row.get("body", "").strip():
        body_id = known.bodies.get(normalise_name(row["body"]))
        if body_id is None:
            add(
                "body",
                _("No governance body “%s”: add it first, or leave the cell empty.") % row["body"],
            )
    start, end = _date(row.get("start", "")), _date(row.get("end", ""))
    for column, value in (("start", start), ("end", end)):
        if row.get(column, "").strip() and value is None:
            add(column, _("Write the date as YYYY-MM-DD, e.g. 2027-03-31."))
    status_text = row.get("status", "").strip()
    status = (
        known.statuses.get(normalise_name(status_text), "")
        if status_text
        else ActivityStatus.PLANNED
    )
    if not status:
        add(
            "status",
            _("Status must be one of: %s.")
            % ", ".join(str(label) for _c, label in ActivityStatus.choices),
        )
        status = ActivityStatus.PLANNED
    key = (normalise_name(row.get("activity", "")), normalise_name(row.get("lead", "")))
    if key[0] and key in known.seen and activity_id is None:
        add(
            "activity",
            _("The same activity and lead appear on row %s too: keep one row.") % known.seen[key],
        )
    known.seen.setdefault(key, number)
    data: dict[str, Any] = {
        "title": row.get("activity", ""),
        "lead_id": lead,
        "start": start,
        "end": end,
        "status": status,
        "status_reason": row.get("reason", ""),
        "supporter_ids": [s for s in supporters if s is not None],
        "objective_ids": objective_ids,
        "body_id": body_id,
    }
    # The service's own rules (lead required, end after start, a reason when stalled…), for
    # the columns not already reported above, so every problem of the row shows at once.
    reported = {p.field for p in problems}
    try:
        services._check_activity(access, **data)
    except ServiceError as exc:
        for p in exc.problems:
            column = FIELD_TO_COLUMN.get(p.field, p.field)
            if column not in reported:
                add(column, p.message)
    data["description"] = row.get("description", "")
    return problems, activity_id, data


def import_plan(
    *, access: Access, source: IO[bytes] | str, filename: str, max_bytes: int | None = None
) -> PlanImportResult:
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    result = PlanImportResult()
    missing = [c for c in REQUIRED if c not in reader.headers]
    if missing:
        result.problems.append(
            FieldProblem(
                field=missing[0],
                row=1,
                message=_("The file needs the columns %(missing)s. Columns Braid reads: %(cols)s.")
                % {"missing": ", ".join(missing), "cols": ", ".join(COLUMNS)},
            )
        )
        return result
    known = _Known(
        orgs={normalise_name(o.name): (o.pk, o.name) for o in access.scope(Organisation)},
        objectives={normalise_name(o.title): o.pk for o in access.scope(Objective)},
        bodies={normalise_name(b.name): b.pk for b in access.scope(GovernanceBody)},
        existing=set(access.scope(Activity).values_list("pk", flat=True)),
        statuses=_statuses(),
    )
    planned: list[tuple[int, int | None, dict[str, Any]]] = []
    for number, row in reader:
        result.rows += 1
        problems, activity_id, data = _check_row(access, number, row, known)
        result.problems += problems
        planned.append((number, activity_id, data))

    if result.problems:
        return result
    try:
        with transaction.atomic():
            for number, activity_id, data in planned:
                try:
                    if activity_id is None:
                        services.activity_create(access=access, **data)
                        result.created += 1
                    else:
                        services.activity_update(access=access, activity_id=activity_id, **data)
                        result.updated += 1
                except ServiceError as exc:
                    for p in exc.problems or [FieldProblem("activity", exc.message)]:
                        result.problems.append(
                            FieldProblem(FIELD_TO_COLUMN.get(p.field, p.field), p.message, number)
                        )
                    raise
            audit_record(
                collaborative=access.collaborative,
                actor=access.user,
                action="plan.imported",
                details={"created": result.created, "updated": result.updated},
            )
    except ServiceError:
        result.created = result.updated = 0
    return result


def cli_import(access: Access, path: Any, report: Any) -> Any:
    """`braid import plan FILE`: the same checks as the page; problems to `report`."""
    from braid.core.transfer import import_summary

    with open(path, "rb") as source:
        result = import_plan(access=access, source=source, filename=str(path))
    return import_summary(result, report)

"""Import the action plan from a spreadsheet (CSV or XLSX), the same columns `braid export
plan` writes, so a plan kept in a spreadsheet can move into Braid and round-trip.

One row per activity. Organisations, objectives and bodies are named, not numbered; a name that
is close to one Braid knows gets a "did you mean". A row with the `id` of an existing activity
updates it; any other row adds one. All-or-nothing: every problem of every row is reported, and
nothing is written unless there are none.

Headers are read in English, French or both ("Début / Start"); a file in other columns goes
through the mapping step (`braid.core.mapping`) or `--map COLUMN=FIELD`. Statuses match their
code or label in either language, with spaces, hyphens or underscores, or a synonym; a near
miss is suggested, never taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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
from braid.core.mapping import choice_options
from braid.core.mapping import cli_mapping as corrected_mapping
from braid.lib.columns import match_choice, suggest_mapping
from braid.lib.tabular import TabularError, TabularReader, closest, normalise_name
from braid.partners.models import Organisation

vocabulary(
    {"plan.imported": gettext_lazy("Action plan imported: %(created)s added, %(updated)s updated")}
)

COLUMNS = PLAN_COLUMNS
REQUIRED = ("activity", "lead", "start", "end")
# What each column is called in the plans people keep (the column's own name always works).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("identifiant", "activity id", "id de l'activité"),
    "activity": ("title", "titre", "activité", "action", "activity name", "nom de l'activité"),
    "lead": (
        "lead organisation",
        "lead organization",
        "led by",
        "responsable",
        "organisation responsable",
        "organisme responsable",
        "porteur",
        "chef de file",
    ),
    "supporters": (
        "supporting organisations",
        "partners",
        "partenaires",
        "soutiens",
        "organisations partenaires",
        "en appui",
    ),
    "objectives": ("objective", "objectif", "objectifs", "objectifs visés"),
    "body": ("governance body", "instance", "comité", "working group", "groupe de travail"),
    "start": ("start date", "starts", "date de début", "début", "commence"),
    "end": ("end date", "ends", "due", "due date", "date de fin", "fin", "échéance"),
    "status": ("statut", "état", "state", "progress", "avancement"),
    "reason": ("status reason", "why", "raison", "motif", "pourquoi"),
    "description": ("details", "détails", "notes", "description de l'activité"),
    "activity_fr": ("activity in french", "titre en français", "activité en français"),
    "objectives_fr": ("objectives in french", "objectifs en français"),
}
FIELD_LABELS = {
    "id": gettext_lazy("Activity id (from an export)"),
    "activity": gettext_lazy("Activity"),
    "lead": gettext_lazy("Lead organisation"),
    "supporters": gettext_lazy("Supporting organisations"),
    "objectives": gettext_lazy("Objectives"),
    "body": gettext_lazy("Governance body"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "status": gettext_lazy("Status"),
    "reason": gettext_lazy("Reason for the status"),
    "description": gettext_lazy("Description"),
    "activity_fr": gettext_lazy("Activity, in French"),
    "objectives_fr": gettext_lazy("Objectives, in French"),
}
STATUS_SYNONYMS = {
    "planned": ("to do", "not started", "à faire", "pas commencé", "prévu", "planifié"),
    "under_way": ("in progress", "ongoing", "started", "en cours", "commencé", "active"),
    "done": ("complete", "completed", "finished", "achevé", "fini", "terminé", "réalisé"),
    "stalled": ("blocked", "on hold", "paused", "en pause", "bloqué", "suspendu"),
    "dropped": ("cancelled", "canceled", "abandoned", "annulé", "abandonné"),
}
# The service's field names, as the file's columns.
FIELD_TO_COLUMN = {
    "title": "activity",
    "title_fr": "activity_fr",
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


def _objective_names(access: Access) -> dict[str, int]:
    """Each objective by its title in either language (ADR 0015), so a cell may name it in
    English or in French."""
    out: dict[str, int] = {}
    for o in access.scope(Objective):
        for title in (o.title_fr, o.title):  # English wins a clash between two objectives
            if title:
                out[normalise_name(title)] = o.pk
    return out


def _objectives(
    cell: str, column: str, known: _Known, add: Callable[[str, str], None], found: list[int]
) -> None:
    """The objectives a cell names ("; " between them) added to `found`, each once; an
    unknown title is a problem on that column."""
    for title in (t.strip() for t in cell.split(";")):
        pk = known.objectives.get(normalise_name(title)) if title else None
        if pk is not None and pk not in found:
            found.append(pk)
        elif title and pk is None:
            add(
                column,
                _("No objective “%s” in the results chain: add it there first, or fix the title.")
                % title,
            )


def _statuses() -> dict[str, list[str]]:
    """Every status's code, labels (English and French) and synonyms."""
    return choice_options(ActivityStatus, STATUS_SYNONYMS)


def mapping_for(headers: Sequence[str]) -> list[str]:
    """Braid's reading of a file's columns: the field each header is, "" for none."""
    return suggest_mapping(headers, HEADER_ALIASES)


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
    statuses: dict[str, list[str]]
    seen: dict[tuple[str, str], int] = field(default_factory=dict)


def _status(text: str, known: _Known, add: Any) -> str:
    if not text.strip():
        return ActivityStatus.PLANNED
    found = match_choice(text, known.statuses)
    if found.code:
        return found.code
    labels = dict(ActivityStatus.choices)
    hint = _(" Did you mean “%s”?") % labels[found.suggestion] if found.suggestion in labels else ""
    add(
        "status",
        _("Status must be one of: %s.") % ", ".join(str(label) for label in labels.values()) + hint,
    )
    return ActivityStatus.PLANNED


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
    objective_ids: list[int] = []
    for column in ("objectives", "objectives_fr"):  # named in either language (ADR 0015)
        _objectives(row.get(column, ""), column, known, add, objective_ids)
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
    status = _status(row.get("status", ""), known, add)
    key = (normalise_name(row.get("activity", "")), normalise_name(row.get("lead", "")))
    if key[0] and key in known.seen and activity_id is None:
        add(
            "activity",
            _("The same activity and lead appear on row %s too: keep one row.") % known.seen[key],
        )
    known.seen.setdefault(key, number)
    data: dict[str, Any] = {
        "title": row.get("activity", ""),
        **({"title_fr": row["activity_fr"]} if "activity_fr" in row else {}),  # kept if absent
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
    *,
    access: Access,
    source: IO[bytes] | str,
    filename: str,
    max_bytes: int | None = None,
    mapping: Sequence[str] | None = None,
) -> PlanImportResult:
    """Check every row, then write them all in one transaction, or nothing. `mapping` gives
    the field of each column by position ("" leaves a column out); without it Braid reads
    the headers itself (`HEADER_ALIASES`)."""
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    headers = reader.raw_headers
    fields = list(mapping) if mapping is not None else mapping_for(headers)
    if len(fields) != len(headers):
        raise TabularError("The columns chosen do not match this file; upload it again.")
    result = PlanImportResult()
    missing = [c for c in REQUIRED if c not in fields]
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
        objectives=_objective_names(access),
        bodies={normalise_name(b.name): b.pk for b in access.scope(GovernanceBody)},
        existing=set(access.scope(Activity).values_list("pk", flat=True)),
        statuses=_statuses(),
    )
    planned: list[tuple[int, int | None, dict[str, Any]]] = []
    for number, cells in reader.cells():
        result.rows += 1
        row = {f: cells[i] for i, f in enumerate(fields) if f and i < len(cells)}
        problems, activity_id, data = _check_row(access, number, row, known)
        result.problems += problems
        planned.append((number, activity_id, data))
    if result.problems:
        _in_the_files_words(result.problems, headers, fields)
        return result
    _write(access, planned, result)
    return result


def _in_the_files_words(
    problems: list[FieldProblem], headers: list[str], fields: list[str]
) -> None:
    """Problems name the file's own columns, as its reader wrote them."""
    position = {f: i for i, f in enumerate(fields) if f}
    for p in problems:
        if p.field in position:
            p.field = headers[position[p.field]] or p.field


def _write(
    access: Access, planned: list[tuple[int, int | None, dict[str, Any]]], result: PlanImportResult
) -> None:
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


def cli_mapping(headers: Sequence[str], given: Sequence[str]) -> list[str]:
    """Braid's reading of the headers, corrected by `--map COLUMN=FIELD`."""
    return corrected_mapping(headers, given, mapping_for(headers), COLUMNS)


def cli_import(access: Access, path: Any, report: Any, map: Sequence[str] = ()) -> Any:
    """`braid import plan FILE [--map COLUMN=FIELD ...]`: the same checks as the page;
    problems to `report`."""
    from braid.core.transfer import import_summary

    with open(path, "rb") as source:
        headers = TabularReader(source, filename=str(path)).raw_headers
    with open(path, "rb") as source:
        result = import_plan(
            access=access,
            source=source,
            filename=str(path),
            mapping=cli_mapping(headers, map),
        )
    return import_summary(result, report)

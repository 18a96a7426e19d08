"""Every write of the common agenda, the results chain and the action plan.

One function per use case; each validates, writes in one transaction and records an audit line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import (
    Activity,
    ActivityStatus,
    AgendaVersion,
    Endorsement,
    ExpectedResult,
    Goal,
    GovernanceBody,
    Horizon,
    Milestone,
    MilestoneKind,
    Objective,
    ProgressNote,
)
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, exempt, record, vocabulary
from braid.core import bilingual
from braid.core.errors import (
    ConflictError,
    FieldProblem,
    ServiceError,
    raise_problems,
    refuse_stale_row,
)
from braid.partners.models import Organisation, PartnerStatus

vocabulary(
    {
        "agenda.saved": gettext_lazy("Common agenda version %(version)s saved"),
        "agenda.endorsed": gettext_lazy("%(name)s endorsed version %(number)s"),
        "activity.created": gettext_lazy("Activity “%(title)s” added, led by %(lead)s"),
        "activity.updated": gettext_lazy("Activity “%(title)s” updated"),
        "activity.deleted": gettext_lazy("Activity “%(title)s” deleted"),
        "activity.restored": gettext_lazy("Activity “%(title)s” restored"),
        "goal.saved": gettext_lazy("Goal “%(title)s” saved"),
        "goal.deleted": gettext_lazy("Goal “%(title)s” deleted"),
        "objective.saved": gettext_lazy("Objective “%(title)s” saved, under “%(goal)s”"),
        "objective.deleted": gettext_lazy("Objective “%(title)s” deleted"),
        "progress_note.added": gettext_lazy("Progress note added to “%(activity)s”"),
        "milestone.saved": gettext_lazy("Milestone “%(title)s” of “%(activity)s” saved"),
        "milestone.deleted": gettext_lazy("Milestone “%(title)s” of “%(activity)s” deleted"),
    }
)

AGENDA_FIELDS = AgendaVersion.STORED_FIELDS


# --- Common agenda -------------------------------------------------------------------------


@exempt("reads the latest version")
def agenda_current(collaborative_id: int) -> AgendaVersion | None:
    return (
        AgendaVersion.objects.filter(collaborative_id=collaborative_id).order_by("-number").first()
    )


# Sections the agenda cannot lose once written: blanking one would save a version without it and
# drop every endorsement, by one slip of the keyboard.
REQUIRED_SECTIONS = ("problem", "vision")


def _keep_required_sections(current: AgendaVersion | None, cleaned: dict[str, str]) -> None:
    blanked = [
        f
        for f in REQUIRED_SECTIONS
        if current and not bilingual.is_blank(current, f) and bilingual.is_blank(cleaned, f)
    ]
    if blanked:
        raise ServiceError(
            _(
                "Nothing was saved: a common agenda needs these sections; edit them instead of emptying them."
            ),
            problems=[
                FieldProblem(
                    f,
                    _("%(section)s cannot be emptied: it is a required section of the agenda.")
                    % {"section": AgendaVersion.label(f)},
                )
                for f in blanked
            ],
        )


def _ask_before_endorsements_restart(current: AgendaVersion | None, confirmed: bool) -> None:
    endorsed = current.endorsements.count() if current else 0
    if endorsed and not confirmed:
        assert current is not None
        raise ServiceError.on(
            "confirm_new_version",
            _(
                "Nothing was saved: version %(v)s has %(n)s endorsements and the new version "
                "starts with none (partners endorse it again). Confirm to save "
                "(confirm_new_version: true in the API)."
            )
            % {"v": current.number, "n": endorsed},
        )


@transaction.atomic
def agenda_save(
    *,
    access: Access,
    base_number: int,
    change_note: str = "",
    change_note_fr: str = "",
    confirm_new_version: bool = False,
    **texts: str,
) -> AgendaVersion:
    """Save a new version of the common agenda from the one the editor started from.

    `base_number` is the version the editor loaded (0 when there was none). If someone saved
    another version since, nothing is written: a ConflictError carries, per field, what they
    changed, so the page can show both texts and the editor can merge by hand.

    A new version starts without endorsements: over an endorsed version, nothing is saved
    unless `confirm_new_version` says the editor knows (the page's tick, the API's field).
    """
    access.require_manage()
    unknown = set(texts) - set(AGENDA_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %s.") % ", ".join(sorted(unknown)))
    # Lock the collaborative's versions so two saves cannot both pass the check.
    current = (
        AgendaVersion.objects.select_for_update()
        .filter(collaborative=access.collaborative)
        .order_by("-number")
        .first()
    )
    current_number = current.number if current else 0
    if base_number != current_number:
        base = AgendaVersion.objects.filter(
            collaborative=access.collaborative, number=base_number
        ).first()
        changes = {}
        for f in AGENDA_FIELDS:
            theirs = getattr(current, f) if current else ""
            before = getattr(base, f) if base else ""
            if theirs != before:
                changes[f] = {"label": AgendaVersion.label(f), "before": before, "theirs": theirs}
        who = current.author.full_name if current and current.author else _("someone")
        raise ConflictError(
            _(
                "%(who)s saved version %(number)s while you were editing version %(base)s. "
                "Nothing of yours was saved: compare their changes below with yours, then save "
                "again."
            )
            % {"who": who, "number": current_number, "base": base_number},
            current={"number": current_number, "changes": changes},
        )
    cleaned = {f: (texts.get(f) or "").strip() for f in AGENDA_FIELDS}
    if current and all(cleaned[f] == getattr(current, f) for f in AGENDA_FIELDS):
        raise ServiceError(
            _("Nothing changed since version %s: there is nothing to save.") % current_number
        )
    if not any(cleaned.values()):
        raise ServiceError.on(
            "problem", _("Write at least the problem statement before saving the agenda.")
        )
    _keep_required_sections(current, cleaned)
    _ask_before_endorsements_restart(current, confirm_new_version)
    try:
        with transaction.atomic():
            version = AgendaVersion.objects.create(
                collaborative=access.collaborative,
                number=current_number + 1,
                author=access.user,
                change_note=change_note.strip()[:300],
                change_note_fr=change_note_fr.strip()[:300],
                **cleaned,
            )
    except IntegrityError as exc:  # another save took this number between check and insert
        raise ConflictError(
            _(
                "Someone saved a new version at the same moment. Nothing of yours was saved: "
                "reload the agenda and save again."
            ),
            current={"number": current_number + 1, "changes": {}},
        ) from exc
    changed = [f for f in AGENDA_FIELDS if not current or cleaned[f] != getattr(current, f)]
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="agenda.saved",
        details={"version": version.number, "changed": changed},
    )
    return version


@transaction.atomic
def agenda_endorse(
    *, access: Access, number: int, organisation_id: int | None = None, comment: str = ""
) -> Endorsement:
    """A partner's representative endorses a version for their organisation; a steward may
    record the endorsement of any partner organisation (given on paper or in a meeting)."""
    version = access.get_owned(AgendaVersion.objects.all(), number=number)
    if access.is_partner:
        if organisation_id not in (None, access.organisation_id):
            access.require_edit_for(organisation_id)
        organisation_id = access.organisation_id
    else:
        access.require_manage()
        if organisation_id is None:
            raise ServiceError.on("organisation", _("Choose the organisation that endorses."))
    organisation = access.get_owned(Organisation.objects.all(), pk=organisation_id)
    if organisation.status != PartnerStatus.PARTNER:
        raise ServiceError.on(
            "organisation",
            _("%(name)s is not a partner yet: only partner organisations endorse the agenda.")
            % {"name": organisation.name},
        )
    if Endorsement.objects.filter(version=version, organisation=organisation).exists():
        raise ConflictError(
            _("%(name)s has already endorsed version %(number)s.")
            % {"name": organisation.name, "number": version.number}
        )
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                collaborative=access.collaborative,
                version=version,
                organisation=organisation,
                endorsed_by=access.user,
                endorsed_by_name=access.user.full_name or access.user.email,
                comment=comment.strip()[:500],
            )
    except IntegrityError as exc:  # a concurrent endorsement won the race
        raise ConflictError(
            _("%(name)s has already endorsed version %(number)s.")
            % {"name": organisation.name, "number": version.number}
        ) from exc
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="agenda.endorsed",
        details={"name": organisation.name, "number": version.number},
    )
    return endorsement


# --- Results chain -------------------------------------------------------------------------


def _titles(title: str, title_fr: str, message: str) -> tuple[dict[str, str], list[FieldProblem]]:
    """A results-chain title in both languages (ADR 0015), stripped: one will do, neither is
    a problem on `title` saying `message`."""
    titles = {"title": (title or "").strip()[:300], "title_fr": (title_fr or "").strip()[:300]}
    untitled = bilingual.is_blank(titles, "title")
    return titles, [FieldProblem("title", message)] if untitled else []


@transaction.atomic
def goal_save(
    *,
    access: Access,
    title: str = "",
    description: str = "",
    title_fr: str = "",
    description_fr: str = "",
    goal_id: int | None = None,
    version: int | str | None = None,
) -> Goal:
    """A goal of the results chain, in English, French or both; `version` (the one the editor
    loaded) refuses a save over someone else's newer one."""
    access.require_manage()
    existing = (
        access.get_owned(Goal.objects.select_for_update(), pk=goal_id)
        if goal_id is not None
        else None
    )
    if existing is not None:
        refuse_stale_row(version, existing, {"title": str(existing)})
    fields, problems = _titles(title, title_fr, _("Give the goal a title."))
    raise_problems(problems)
    fields |= {"description": description.strip(), "description_fr": description_fr.strip()}
    if existing is None:
        goal = Goal.objects.create(
            collaborative=access.collaborative, position=access.scope(Goal).count(), **fields
        )
    else:
        goal = existing
        for k, v in fields.items():
            setattr(goal, k, v)
        goal.version += 1
        goal.save(update_fields=[*fields, "version"])
    record(access, "goal.saved", title=str(goal))
    return goal


@transaction.atomic
def goal_delete(*, access: Access, goal_id: int) -> None:
    access.require_manage()
    goal = access.get_owned(Goal.objects.all(), pk=goal_id)
    if goal.objectives.exists():
        raise ServiceError(
            _("Move or delete this goal's %d objectives first.") % goal.objectives.count()
        )
    record(access, "goal.deleted", title=str(goal))
    goal.delete()


def _lines(text: str | Iterable[str]) -> list[str]:
    items = text.splitlines() if isinstance(text, str) else list(text)
    return [line.strip()[:500] for line in items if line and line.strip()]


def _expected_results_write(
    access: Access, objective: Objective, expected: str | Iterable[str]
) -> None:
    """The objective's expected results become these lines, in their order."""
    objective.expected_results.all().delete()
    ExpectedResult.objects.bulk_create(
        ExpectedResult(
            collaborative=access.collaborative, objective=objective, text=text, position=i
        )
        for i, text in enumerate(_lines(expected))
    )


@transaction.atomic
def objective_save(
    *,
    access: Access,
    goal_id: int,
    title: str = "",
    horizon: str = Horizon.SHORT,
    due_date: dt.date | None = None,
    means: str = "",
    evaluation_method: str = "",
    title_fr: str = "",
    means_fr: str = "",
    evaluation_method_fr: str = "",
    expected_results: str | Iterable[str] = "",
    objective_id: int | None = None,
    version: int | str | None = None,
) -> Objective:
    """An objective under a goal, its texts in English, French or both (ADR 0015); `version`
    (the one the editor loaded) refuses a save over someone else's newer one."""
    access.require_manage()
    if objective_id is not None:  # another collaborative's objective is a 404 before any check
        current = access.get_owned(Objective.objects.select_for_update(), pk=objective_id)
        refuse_stale_row(version, current, {"title": str(current)})
    goal = access.get_owned(Goal.objects.all(), pk=goal_id)
    titles, problems = _titles(title, title_fr, _("Give the objective a title."))
    if horizon not in Horizon.values:
        problems.insert(0, FieldProblem("horizon", _("Choose short term or long term.")))
    raise_problems(problems)
    texts = {"means": means, "means_fr": means_fr, "evaluation_method": evaluation_method}
    texts["evaluation_method_fr"] = evaluation_method_fr
    fields: dict[str, Any] = {"goal": goal, "horizon": horizon, "due_date": due_date, **titles}
    fields |= {k: (v or "").strip() for k, v in texts.items()}
    if objective_id is None:
        objective = Objective.objects.create(
            collaborative=access.collaborative,
            position=access.scope(Objective).filter(goal=goal).count(),
            **fields,
        )
    else:
        objective = access.get_owned(Objective.objects.all(), pk=objective_id)
        for k, v in fields.items():
            setattr(objective, k, v)
        objective.version += 1
        objective.save()
    _expected_results_write(access, objective, expected_results)
    record(access, "objective.saved", title=str(objective), goal=str(goal))
    return objective


@transaction.atomic
def objective_delete(*, access: Access, objective_id: int) -> None:
    access.require_manage()
    objective = access.get_owned(Objective.objects.all(), pk=objective_id)
    record(access, "objective.deleted", title=str(objective))
    objective.delete()


# --- Action plan ---------------------------------------------------------------------------

STATUSES_NEEDING_REASON = (ActivityStatus.STALLED, ActivityStatus.DROPPED)


def _check_activity(
    access: Access,
    *,
    title: str,
    lead_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
    status: str,
    status_reason: str,
    title_fr: str = "",
    supporter_ids: Iterable[int],
    objective_ids: Iterable[int],
    body_id: int | None,
) -> dict[str, Any]:
    problems: list[FieldProblem] = []
    titles = {"title": title, "title_fr": title_fr}  # one language will do (ADR 0015)
    if bilingual.is_blank(titles, "title"):
        problems.append(FieldProblem("title", _("Give the activity a title.")))
    lead = None
    if lead_id is None:
        problems.append(
            FieldProblem(
                "lead_id",
                _("Every activity needs a lead organisation: choose the partner that leads it."),
            )
        )
    else:
        lead = access.scope(Organisation).filter(pk=lead_id).first()
        if lead is None:
            problems.append(
                FieldProblem("lead_id", _("The lead organisation is not in this collaborative."))
            )
    if start is None:
        problems.append(FieldProblem("start", _("Give a start date.")))
    if end is None:
        problems.append(FieldProblem("end", _("Give an end date.")))
    if start and end and end < start:
        problems.append(
            FieldProblem(
                "end",
                _("The end (%(end)s) is before the start (%(start)s): move the end date later.")
                % {"end": end.isoformat(), "start": start.isoformat()},
            )
        )
    if status not in ActivityStatus.values:
        problems.append(
            FieldProblem(
                "status", _("Status must be one of: %s.") % ", ".join(ActivityStatus.values)
            )
        )
    elif status in STATUSES_NEEDING_REASON and not (status_reason or "").strip():
        problems.append(
            FieldProblem(
                "status_reason",
                _("Say why the activity is %s: partners and funders will ask.")
                % ActivityStatus(status).label.lower(),
            )
        )
    supporter_ids = sorted(set(supporter_ids) - ({lead_id} if lead_id else set()))
    supporters, missing = access.owned(
        Organisation,
        supporter_ids,
        field="supporter_ids",
        message=_("A supporting organisation is not in this collaborative."),
    )
    objectives, missing_objectives = access.owned(
        Objective,
        objective_ids,
        field="objective_ids",
        message=_("An objective is not in this collaborative."),
    )
    problems += missing + missing_objectives
    body = None
    if body_id:
        body = access.scope(GovernanceBody).filter(pk=body_id).first()
        if body is None:
            problems.append(FieldProblem("body_id", _("That body is not in this collaborative.")))
    raise_problems(problems)
    return {
        "title": (title or "").strip()[:300],
        "title_fr": (title_fr or "").strip()[:300],
        "lead": lead,
        "start": start,
        "end": end,
        "status": status,
        "status_reason": (status_reason or "").strip() if status in STATUSES_NEEDING_REASON else "",
        "supporters": supporters,
        "objectives": objectives,
        "body": body,
    }


@transaction.atomic
def activity_create(
    *,
    access: Access,
    title: str,
    lead_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
    description: str = "",
    title_fr: str = "",
    status: str = ActivityStatus.PLANNED,
    status_reason: str = "",
    supporter_ids: Iterable[int] = (),
    objective_ids: Iterable[int] = (),
    body_id: int | None = None,
) -> Activity:
    access.require_manage()
    checked = _check_activity(
        access,
        title=title,
        title_fr=title_fr,
        lead_id=lead_id,
        start=start,
        end=end,
        status=status,
        status_reason=status_reason,
        supporter_ids=supporter_ids,
        objective_ids=objective_ids,
        body_id=body_id,
    )
    supporters, objectives = checked.pop("supporters"), checked.pop("objectives")
    activity = Activity.objects.create(
        collaborative=access.collaborative, description=description.strip(), **checked
    )
    activity.supporters.set(supporters)
    activity.objectives.set(objectives)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="activity.created",
        details={"title": str(activity), "lead": activity.lead.name},
    )
    return activity


# Fields the lead organisation's partners may change; the rest is the steward's plan.
PARTNER_FIELDS = {"description", "start", "end", "status", "status_reason"}


@transaction.atomic
def activity_update(
    *, access: Access, activity_id: int, version: int | None = None, **changes: Any
) -> Activity:
    """Change an activity. Stewards change anything; a partner changes the activities its
    organisation leads (description, dates, status), not who leads or what it serves.
    `version` (the one the editor loaded) refuses a save over someone else's newer one."""
    activity = access.get_owned(Activity.objects.select_for_update(), pk=activity_id)
    access.require_edit_for(activity.lead_id)
    if not access.is_steward:
        forbidden = set(changes) - PARTNER_FIELDS
        if forbidden:
            raise PermissionDenied(
                _("Only a steward can change: %s. Ask the backbone team.")
                % ", ".join(sorted(forbidden))
            )
    if version is not None and version != activity.version:
        raise ConflictError(
            _(
                "Someone updated this activity while you were editing it. Nothing of yours was "
                "saved: reload the page to see their changes, then make yours again."
            ),
            current={"version": activity.version, "status": activity.status},
        )
    before = {
        "title": activity.title,
        "title_fr": activity.title_fr,
        "lead_id": activity.lead_id,
        "start": activity.start,
        "end": activity.end,
        "status": activity.status,
        "status_reason": activity.status_reason,
        "supporter_ids": list(activity.supporters.values_list("pk", flat=True)),
        "objective_ids": list(activity.objectives.values_list("pk", flat=True)),
        "body_id": activity.body_id,
    }
    merged = {**before, **{k: v for k, v in changes.items() if k in before}}
    checked = _check_activity(access, **merged)
    # Milestones must stay inside the activity.
    outside = activity.milestones.exclude(due_on__range=(checked["start"], checked["end"]))
    if outside.exists():
        first = outside.first()
        assert first is not None
        raise ServiceError.on(
            "end" if first.due_on > checked["end"] else "start",
            _("The milestone “%(title)s” (%(due)s) would fall outside the activity: move it first.")
            % {"title": str(first), "due": first.due_on.isoformat()},
        )
    supporters, objectives = checked.pop("supporters"), checked.pop("objectives")
    for k, v in checked.items():
        setattr(activity, k, v)
    if "description" in changes:
        activity.description = (changes["description"] or "").strip()
    activity.version += 1
    activity.updated_at = timezone.now()
    activity.save()
    if "supporter_ids" in changes:
        activity.supporters.set(supporters)
    if "objective_ids" in changes:
        activity.objectives.set(objectives)
    if before["status"] != activity.status:
        ProgressNote.objects.create(
            collaborative=access.collaborative,
            activity=activity,
            status=activity.status,
            author=access.user,
            text=_("Status changed from %(before)s to %(after)s.")
            % {
                "before": ActivityStatus(before["status"]).label,
                "after": ActivityStatus(activity.status).label,
            }
            + (f" {activity.status_reason}" if activity.status_reason else ""),
        )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="activity.updated",
        details={"title": str(activity), "changed": sorted(k for k in changes if k in before)},
    )
    return activity


@transaction.atomic
def activity_delete(*, access: Access, activity_id: int) -> None:
    access.require_manage()
    activity = access.get_owned(Activity.objects.all(), pk=activity_id)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="activity.deleted",
        details={"title": str(activity)},
    )
    removal.remove(activity)


@transaction.atomic
def activity_restore(*, access: Access, activity_id: int) -> Activity:
    """Bring back an activity removed within the window (`removal.WINDOW`) with its milestones,
    notes, responsibilities and the links meetings and the log hold to it; who may remove it
    (the stewards) may restore it."""
    access.require_manage()
    activity = removal.get_removed(access, Activity, activity_id)
    removal.restore(activity)
    record(access, "activity.restored", title=str(activity))
    return activity


@transaction.atomic
def progress_note_add(*, access: Access, activity_id: int, text: str) -> ProgressNote:
    activity = access.get_owned(Activity.objects.all(), pk=activity_id)
    access.require_edit_for(activity.lead_id)
    text = (text or "").strip()
    if not text:
        raise ServiceError.on("text", _("Write what happened before saving the note."))
    note = ProgressNote.objects.create(
        collaborative=access.collaborative,
        activity=activity,
        text=text,
        status=activity.status,
        author=access.user,
    )
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now())
    record(access, "progress_note.added", activity=str(activity))
    return note


@transaction.atomic
def milestone_save(
    *,
    access: Access,
    activity_id: int,
    title: str,
    due_on: dt.date | None,
    kind: str = MilestoneKind.MILESTONE,
    done_on: dt.date | None = None,
    milestone_id: int | None = None,
    title_fr: str = "",
    version: int | str | None = None,
) -> Milestone:
    """Add or change a milestone; its title in English, in French or in both (ADR 0015).
    `version` (the one the editor loaded) refuses a change over someone else's newer one."""
    activity = access.get_owned(Activity.objects.all(), pk=activity_id)
    access.require_edit_for(activity.lead_id)
    problems = []
    if bilingual.is_blank({"title": title, "title_fr": title_fr}, "title"):
        problems.append(FieldProblem("title", _("Give the milestone a title.")))
    if kind not in MilestoneKind.values:
        problems.append(FieldProblem("kind", _("Choose milestone or interim goal.")))
    if due_on is None:
        problems.append(FieldProblem("due_on", _("Give the date it is due.")))
    elif not activity.start <= due_on <= activity.end:
        problems.append(
            FieldProblem(
                "due_on",
                _(
                    "%(due)s is outside the activity, which runs from %(start)s to %(end)s: pick a "
                    "date inside it, or change the activity's dates first."
                )
                % {
                    "due": due_on.isoformat(),
                    "start": activity.start.isoformat(),
                    "end": activity.end.isoformat(),
                },
            )
        )
    if problems:
        raise ServiceError(problems[0].message, problems)
    assert due_on is not None
    if milestone_id is None:
        milestone = Milestone.objects.create(
            collaborative=access.collaborative,
            activity=activity,
            title=(title or "").strip()[:300],
            title_fr=(title_fr or "").strip()[:300],
            due_on=due_on,
            kind=kind,
            done_on=done_on,
        )
    else:
        milestone = access.get_owned(activity.milestones.select_for_update(), pk=milestone_id)
        refuse_stale_row(version, milestone, {"title": str(milestone)})
        milestone.title, milestone.title_fr = (title or "").strip()[:300], title_fr.strip()[:300]
        milestone.due_on, milestone.kind, milestone.done_on = due_on, kind, done_on
        milestone.version += 1
        milestone.save()
    Activity.objects.filter(pk=activity.pk).update(updated_at=timezone.now())
    record(access, "milestone.saved", title=str(milestone), activity=str(activity))
    return milestone


@transaction.atomic
def milestone_delete(*, access: Access, activity_id: int, milestone_id: int) -> None:
    activity = access.get_owned(Activity.objects.all(), pk=activity_id)
    access.require_edit_for(activity.lead_id)
    milestone = access.get_owned(activity.milestones.all(), pk=milestone_id)
    record(access, "milestone.deleted", title=str(milestone), activity=str(activity))
    milestone.delete()

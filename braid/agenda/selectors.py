"""Reads of the common agenda, the results chain and the action plan."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from braid.agenda.links import IndicatorLink, indicator_links
from braid.agenda.models import (
    Activity,
    ActivityStatus,
    AgendaVersion,
    Contribution,
    Endorsement,
    Goal,
    GovernanceBody,
    Milestone,
    Objective,
    Responsibility,
    Signature,
    TermsVersion,
)
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.lib.similarity import DEFAULT_THRESHOLD, similar_pairs
from braid.partners.models import Organisation, PartnerStatus

# --- Common agenda -------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    label: str
    diff: list[tuple[str, str]]  # (kind, text) with kind in "same", "added", "removed"


def versions(access: Access) -> QuerySet[AgendaVersion]:
    return (
        access.scope(AgendaVersion)
        .select_related("author")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("-number")
    )


def version_changes(older: AgendaVersion | None, newer: AgendaVersion) -> list[FieldChange]:
    """What changed between two versions, word by word, for the history page."""
    changes = []
    for f in AgendaVersion.STORED_FIELDS:
        before = getattr(older, f) if older else ""
        after = getattr(newer, f)
        if before == after:
            continue
        a, b = before.split(), after.split()
        diff: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal":
                diff.append(("same", " ".join(a[i1:i2])))
            if op in ("delete", "replace"):
                diff.append(("removed", " ".join(a[i1:i2])))
            if op in ("insert", "replace"):
                diff.append(("added", " ".join(b[j1:j2])))
        changes.append(FieldChange(f, AgendaVersion.label(f), diff))
    return changes


@dataclass
class EndorsementRow:
    organisation: Organisation
    endorsement: Endorsement | None
    latest_endorsed: int | None  # the newest version this organisation endorsed, if any


def endorsements(access: Access, version: AgendaVersion | None) -> list[EndorsementRow]:
    """Every partner organisation, with its endorsement of `version` (or the last one it gave)."""
    partners = access.scope(Organisation).filter(status=PartnerStatus.PARTNER).order_by("name")
    given = {
        e.organisation_id: e
        for e in access.scope(Endorsement).filter(version=version).select_related("endorsed_by")
    }
    latest: dict[int, int] = {}
    for org_id, number in access.scope(Endorsement).values_list(
        "organisation_id", "version__number"
    ):
        latest[org_id] = max(number, latest.get(org_id, 0))
    return [EndorsementRow(o, given.get(o.pk), latest.get(o.pk)) for o in partners]


# --- Results chain -------------------------------------------------------------------------


@dataclass
class ObjectiveRow:
    objective: Objective
    indicators: list[IndicatorLink] = field(default_factory=list)
    activity_count: int = 0


@dataclass
class GoalRow:
    goal: Goal
    objectives: list[ObjectiveRow] = field(default_factory=list)


def results_chain(access: Access) -> list[GoalRow]:
    objectives = (
        access.scope(Objective)
        .prefetch_related("expected_results")
        .annotate(activity_count=live_activity_count())
    )
    links = indicator_links(access.audience, [o.pk for o in objectives])
    rows = {g.pk: GoalRow(g) for g in access.scope(Goal)}
    for o in objectives:
        rows[o.goal_id].objectives.append(ObjectiveRow(o, links.get(o.pk, []), o.activity_count))
    return list(rows.values())


def objective_choices(access: Access) -> list[tuple[int, str]]:
    return [
        (o.pk, f"{o.goal} → {o}")  # each in the reader's language (ADR 0015)
        for o in access.scope(Objective)
        .select_related("goal")
        .order_by("goal__position", "position", "pk")
    ]


def objective_groups(access: Access) -> list[tuple[int, str, int, str]]:
    """(objective id, title, goal id, goal title) in the agenda's order, each title in the
    reader's language or the other, marked as such (ADR 0015; HTML, escaped): how other
    modules group what serves each objective (the measures scorecard's headings)."""
    return [
        (o.pk, bilingual.pick(o, "title").html(), o.goal_id, bilingual.pick(o.goal, "title").html())
        for o in access.scope(Objective)
        .select_related("goal")
        .order_by("goal__position", "goal_id", "position", "pk")
    ]


# --- Action plan ---------------------------------------------------------------------------


def activities(
    access: Access,
    *,
    organisation: int | None = None,
    objective: int | None = None,
    status: str = "",
    body: int | None = None,
) -> QuerySet[Activity]:
    qs = (
        access.scope(Activity)
        .select_related("lead", "body")
        .prefetch_related(
            Prefetch("supporters", queryset=Organisation.objects.order_by("name")),
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "pk")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
        )
    )
    if organisation:
        qs = qs.filter(Q(lead=organisation) | Q(supporters=organisation)).distinct()
    if objective:
        qs = qs.filter(objectives=objective)
    if status:
        qs = qs.filter(status=status)
    if body:
        qs = qs.filter(body=body)
    return qs.order_by("start", "title", "pk")


def in_plan_order(items: Iterable[Activity]) -> list[Activity]:
    """Activities as the plan lists them: by start date, then by the title the reader sees
    (`bilingual.sort_key`: a French reader's list in French order), then by creation."""
    return sorted(items, key=lambda a: (a.start, bilingual.sort_key(a, "title"), a.pk))


def linked_activity() -> Prefetch:
    """How another module loads the activity a row links to (`activity`, a foreign key): a
    removed one reads as no link (`row.activity` is None, `activity_id` kept so a restore
    brings the link back). `select_related` would load it regardless."""
    return Prefetch("activity", queryset=Activity.objects.all())


def removed_activities(access: Access) -> list[Activity]:
    """The stewards' "Recently removed" list of the plan (empty for anyone else: only they
    remove and restore activities)."""
    return list(removal.recently_removed(access, Activity)) if access.can_manage() else []


def is_late(activity: Activity, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return activity.end < today and activity.status in (
        ActivityStatus.PLANNED,
        ActivityStatus.UNDER_WAY,
        ActivityStatus.STALLED,
    )


@dataclass
class Commitments:
    organisation: Organisation
    leads: list[Activity]
    supports: list[Activity]
    raci: list[Responsibility]
    upcoming: list[tuple[Activity, Milestone]]
    contributions: list[Contribution] = field(default_factory=list)
    bodies: list[GovernanceBody] = field(default_factory=list)
    signed_terms: int | None = None  # the newest terms version this organisation signed
    current_terms: int | None = None


def commitments(access: Access, organisation: Organisation) -> Commitments:
    """What one organisation committed to: the activities it leads and supports, its part in
    the responsibility matrix and its milestones due in the next 90 days."""
    items = in_plan_order(activities(access, organisation=organisation.pk))
    leads = [a for a in items if a.lead_id == organisation.pk]
    supports = [a for a in items if a.lead_id != organisation.pk]
    today = timezone.localdate()
    upcoming = sorted(
        (
            (a, m)
            for a in leads
            for m in a.milestones.all()
            if m.done_on is None and m.due_on <= today + dt.timedelta(days=90)
        ),
        key=lambda am: am[1].due_on,
    )
    raci = list(
        access.scope(Responsibility)
        .filter(organisation=organisation)
        .select_related("activity")
        .order_by("activity__start", "activity__title")
    )
    contributions = list(
        access.scope(Contribution).filter(organisation=organisation).order_by("period_start")
    )
    bodies = list(access.scope(GovernanceBody).filter(member_organisations=organisation))
    signed = (
        access.scope(Signature)
        .filter(organisation=organisation)
        .order_by("-terms__number")
        .values_list("terms__number", flat=True)
        .first()
    )
    current = (
        access.scope(TermsVersion).order_by("-number").values_list("number", flat=True).first()
    )
    return Commitments(
        organisation, leads, supports, raci, upcoming, contributions, bodies, signed, current
    )


# --- Duplication and gaps ------------------------------------------------------------------


@dataclass
class Overlap:
    first: Activity
    second: Activity
    score: float
    shared_terms: tuple[str, ...]
    shared_objectives: list[Objective]


def overlaps(access: Access, *, threshold: float = DEFAULT_THRESHOLD) -> list[Overlap]:
    """Activities of different lead organisations that serve the same objective and read alike
    (TF-IDF cosine of title and description, braid.lib.similarity).

    Reads only the columns it compares; candidate pairs come from grouping activities by
    objective, so a plan's size costs little more than the pairs that share an objective."""
    live = access.scope(Activity).exclude(status=ActivityStatus.DROPPED)
    rows = list(live.order_by("pk").values_list("pk", "title", "description", "lead_id"))
    if len(rows) < 2:
        return []
    index = {pk: i for i, (pk, *_rest) in enumerate(rows)}
    by_objective: dict[int, list[int]] = {}
    objectives_of: dict[int, set[int]] = {}
    for activity_id, objective_id in Activity.objectives.through.objects.filter(
        activity__in=live
    ).values_list("activity_id", "objective_id"):
        if activity_id in index:
            by_objective.setdefault(objective_id, []).append(index[activity_id])
            objectives_of.setdefault(activity_id, set()).add(objective_id)
    candidates = {
        (min(i, j), max(i, j))
        for members in by_objective.values()
        for x, i in enumerate(members)
        for j in members[x + 1 :]
        if rows[i][3] != rows[j][3]
    }
    if not candidates:
        return []
    texts = [f"{title}. {title}. {description}" for _pk, title, description, _lead in rows]
    matches = similar_pairs(texts, threshold=threshold, candidates=sorted(candidates))
    if not matches:
        return []
    wanted = {rows[m.first][0] for m in matches} | {rows[m.second][0] for m in matches}
    activities = {a.pk: a for a in live.filter(pk__in=wanted).select_related("lead")}
    shared_ids = {
        oid
        for m in matches
        for oid in objectives_of[rows[m.first][0]] & objectives_of[rows[m.second][0]]
    }
    objectives = {o.pk: o for o in access.scope(Objective).filter(pk__in=shared_ids)}
    result = []
    for m in matches:
        a, b = activities[rows[m.first][0]], activities[rows[m.second][0]]
        shared = sorted(objectives_of[a.pk] & objectives_of[b.pk])
        result.append(Overlap(a, b, m.score, m.shared_terms, [objectives[pk] for pk in shared]))
    return result


def live_activity_count() -> Count:
    """An objective's activities, dropped and removed ones left out: the count behind gaps and
    cards."""
    return Count(
        "activities",
        filter=Q(activities__removed_at__isnull=True)
        & ~Q(activities__status=ActivityStatus.DROPPED),
    )


def uncovered_objectives(access: Access) -> QuerySet[Objective]:
    """Objectives no live activity serves."""
    return access.scope(Objective).annotate(live=live_activity_count()).filter(live=0)


def gaps(access: Access) -> list[Objective]:
    return list(
        uncovered_objectives(access)
        .select_related("goal")
        .order_by("goal__position", "position", "pk")
    )

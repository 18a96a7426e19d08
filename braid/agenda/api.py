"""JSON API of the agenda module: common agenda, results chain, action plan, duplication and
gaps. Governance, resources and terms mount their own routers here."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from braid.agenda import selectors, services
from braid.agenda.governance.api import router as governance_router
from braid.agenda.models import (
    Activity,
    AgendaVersion,
    Endorsement,
    ExpectedResult,
    Goal,
    Milestone,
    Objective,
)
from braid.agenda.resources.api import router as resources_router
from braid.agenda.terms.api import router as terms_router
from braid.collaboratives.access import access_for
from braid.core import bilingual
from braid.core.api import ERRORS, Page, if_match
from braid.core.schemas import Date, FromModel, Id, In, unset

router = Router(tags=["agenda"])
BASE = "/collaboratives/{slug}"


# --- Common agenda -------------------------------------------------------------------------


class EndorsementOut(Schema):
    organisation_id: int
    organisation: str
    endorsed_by: str
    endorsed_at: dt.datetime
    comment: str


class AgendaOut(Schema):
    number: int
    problem: str
    vision: str
    mission: str
    values: str
    north_star: str
    urgency: str
    problem_fr: str
    vision_fr: str
    mission_fr: str
    values_fr: str
    north_star_fr: str
    urgency_fr: str
    change_note: str
    change_note_fr: str
    author: str | None
    created_at: dt.datetime
    endorsements: list[EndorsementOut]


class AgendaIn(In):
    base_number: Annotated[int, FromModel(AgendaVersion, "number")]
    problem: str = ""
    vision: str = ""
    mission: str = ""
    values: str = ""
    north_star: str = ""
    urgency: str = ""
    problem_fr: str = ""
    vision_fr: str = ""
    mission_fr: str = ""
    values_fr: str = ""
    north_star_fr: str = ""
    urgency_fr: str = ""
    change_note: Annotated[str, FromModel(AgendaVersion, "change_note")] = ""
    change_note_fr: Annotated[str, FromModel(AgendaVersion, "change_note_fr")] = ""
    confirm_new_version: bool = Field(
        False,
        description="Required (true) when the current version has endorsements: the new "
        "version starts with none and partners endorse it again.",
    )


class EndorseIn(In):
    organisation_id: Id | None = None
    comment: Annotated[str, FromModel(Endorsement, "comment")] = ""


def _agenda_out(v: AgendaVersion) -> dict[str, Any]:
    return {
        **{
            f: getattr(v, f)
            for f in (*AgendaVersion.STORED_FIELDS, "number", "change_note", "change_note_fr")
        },
        "created_at": v.created_at,
        "author": v.author.email if v.author else None,
        "endorsements": [
            {
                "organisation_id": e.organisation_id,
                "organisation": e.organisation.name,
                "endorsed_by": e.endorsed_by_name,
                "endorsed_at": e.endorsed_at,
                "comment": e.comment,
            }
            for e in v.endorsements.select_related("organisation")
        ],
    }


@router.get(BASE + "/agenda", response={200: AgendaOut, **ERRORS})
def get_agenda(request: HttpRequest, slug: str) -> Any:
    """The current version of the common agenda with its endorsements."""
    access = access_for(request.user, slug)
    return _agenda_out(access.get_owned(AgendaVersion, number=_current_number(access)))


def _current_number(access: Any) -> int:
    current = services.agenda_current(access.collaborative.pk)
    return current.number if current else 0


@router.get(BASE + "/agenda/versions", response={200: list[AgendaOut], **ERRORS})
def list_agenda_versions(request: HttpRequest, slug: str) -> Any:
    access = access_for(request.user, slug)
    return [_agenda_out(v) for v in selectors.versions(access)]


@router.get(BASE + "/agenda/versions/{number}", response={200: AgendaOut, **ERRORS})
def get_agenda_version(request: HttpRequest, slug: str, number: int) -> Any:
    access = access_for(request.user, slug)
    return _agenda_out(access.get_owned(AgendaVersion, number=number))


@router.post(BASE + "/agenda/versions", response={201: AgendaOut, **ERRORS})
def save_agenda(request: HttpRequest, slug: str, payload: AgendaIn) -> Any:
    """Save a new version. `base_number` is the version you started from (0 for the first);
    if someone saved since, the answer is 409 with their changes in `current.changes`."""
    access = access_for(request.user, slug)
    version = services.agenda_save(access=access, **payload.dict())
    return Status(201, _agenda_out(version))


@router.post(
    BASE + "/agenda/versions/{number}/endorsements", response={201: EndorsementOut, **ERRORS}
)
def endorse_agenda(request: HttpRequest, slug: str, number: int, payload: EndorseIn) -> Any:
    """A partner endorses for its own organisation; a steward records any partner's."""
    access = access_for(request.user, slug)
    e = services.agenda_endorse(
        access=access,
        number=number,
        organisation_id=payload.organisation_id,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "organisation_id": e.organisation_id,
            "organisation": e.organisation.name,
            "endorsed_by": e.endorsed_by_name,
            "endorsed_at": e.endorsed_at,
            "comment": e.comment,
        },
    )


# --- Results chain -------------------------------------------------------------------------


class IndicatorLinkOut(Schema):
    name: str
    url: str
    latest: str


class ObjectiveOut(Schema):
    id: int
    goal_id: int
    title: str
    title_fr: str  # each text in French too, when written (ADR 0015)
    horizon: str
    due_date: dt.date | None
    means: str
    means_fr: str
    evaluation_method: str
    evaluation_method_fr: str
    expected_results: list[str]
    indicators: list[IndicatorLinkOut] = []
    activity_count: int = 0
    version: int = 1  # send it back as If-Match with a PUT: a stale one is a 409


class GoalOut(Schema):
    id: int
    title: str
    title_fr: str  # each text in French too, when written (ADR 0015)
    description: str
    description_fr: str
    objectives: list[ObjectiveOut]
    version: int = 1  # send it back as If-Match with a PUT: a stale one is a 409


class GoalIn(In):
    title: Annotated[str, FromModel(Goal, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(Goal, "title_fr")] = ""
    description: str = ""
    description_fr: str = ""


class ObjectiveIn(In):
    goal_id: Id
    title: Annotated[str, FromModel(Objective, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(Objective, "title_fr")] = ""
    horizon: Annotated[str, FromModel(Objective, "horizon")] = "short"
    due_date: Date | None = None
    means: str = ""
    means_fr: str = ""
    evaluation_method: str = ""
    evaluation_method_fr: str = ""
    expected_results: list[Annotated[str, FromModel(ExpectedResult, "text")]] = []


def _objective_out(o: Objective, links: Any = (), activity_count: int = 0) -> dict[str, Any]:
    return {
        **{
            f: getattr(o, f)
            for f in ("id", "goal_id", *bilingual.both(Objective.TEXTS), "horizon", "due_date")
        },
        "version": o.version,
        "expected_results": [r.text for r in o.expected_results.all()],
        "indicators": [
            {"name": bilingual.plain(i.name), "url": i.url, "latest": i.latest} for i in links
        ],
        "activity_count": activity_count,
    }


def _goal_out(goal: Goal, objectives: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": goal.pk,
        **{f: getattr(goal, f) for f in bilingual.both(Goal.TEXTS)},
        "version": goal.version,
        "objectives": objectives,
    }


@router.get(BASE + "/goals", response={200: list[GoalOut], **ERRORS})
def list_goals(request: HttpRequest, slug: str) -> Any:
    """The results chain: goals, their objectives, expected results and indicators."""
    access = access_for(request.user, slug)
    return [
        _goal_out(
            g.goal,
            [_objective_out(o.objective, o.indicators, o.activity_count) for o in g.objectives],
        )
        for g in selectors.results_chain(access)
    ]


@router.post(BASE + "/goals", response={201: GoalOut, **ERRORS})
def create_goal(request: HttpRequest, slug: str, payload: GoalIn) -> Any:
    goal = services.goal_save(access=access_for(request.user, slug), **payload.dict())
    return Status(201, _goal_out(goal, []))


@router.put(BASE + "/goals/{goal_id}", response={200: GoalOut, **ERRORS})
def update_goal(request: HttpRequest, slug: str, goal_id: int, payload: GoalIn) -> Any:
    access = access_for(request.user, slug)
    goal = services.goal_save(
        access=access, goal_id=goal_id, version=if_match(request), **payload.dict()
    )
    return _goal_out(goal, [_objective_out(o) for o in goal.objectives.all()])


@router.delete(BASE + "/goals/{goal_id}", response={204: None, **ERRORS})
def delete_goal(request: HttpRequest, slug: str, goal_id: int) -> Any:
    services.goal_delete(access=access_for(request.user, slug), goal_id=goal_id)
    return Status(204, None)


@router.post(BASE + "/objectives", response={201: ObjectiveOut, **ERRORS})
def create_objective(request: HttpRequest, slug: str, payload: ObjectiveIn) -> Any:
    o = services.objective_save(access=access_for(request.user, slug), **payload.dict())
    return Status(201, _objective_out(o))


@router.put(BASE + "/objectives/{objective_id}", response={200: ObjectiveOut, **ERRORS})
def update_objective(
    request: HttpRequest, slug: str, objective_id: int, payload: ObjectiveIn
) -> Any:
    o = services.objective_save(
        access=access_for(request.user, slug),
        objective_id=objective_id,
        version=if_match(request),
        **payload.dict(),
    )
    return _objective_out(o)


@router.delete(BASE + "/objectives/{objective_id}", response={204: None, **ERRORS})
def delete_objective(request: HttpRequest, slug: str, objective_id: int) -> Any:
    services.objective_delete(access=access_for(request.user, slug), objective_id=objective_id)
    return Status(204, None)


# --- Action plan ---------------------------------------------------------------------------


class MilestoneOut(Schema):
    id: int
    kind: str
    title: str
    title_fr: str  # the title in French too, when written (ADR 0015)
    due_on: dt.date
    done_on: dt.date | None
    version: int  # send it back as If-Match with a PUT: a stale one is a 409


class ActivityOut(Schema):
    id: int
    title: str
    title_fr: str  # the title in French too, when written (ADR 0015)
    description: str
    lead_id: int
    lead: str
    supporter_ids: list[int]
    objective_ids: list[int]
    body_id: int | None
    start: dt.date
    end: dt.date
    status: str
    status_reason: str
    version: int
    milestones: list[MilestoneOut]


class ActivityIn(In):
    title: Annotated[str, FromModel(Activity, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(Activity, "title_fr")] = ""
    lead_id: Id | None = None
    start: Date | None = None
    end: Date | None = None
    description: str = ""
    status: Annotated[str, FromModel(Activity, "status")] = "planned"
    status_reason: str = ""
    supporter_ids: list[Id] = []
    objective_ids: list[Id] = []
    body_id: Id | None = None


class ActivityPatch(In):
    """Send only the fields to change; an absent field stays as it is."""

    version: Annotated[int | None, FromModel(Activity, "version")] = None
    title: Annotated[str, FromModel(Activity, "title")] = unset()
    title_fr: Annotated[str, FromModel(Activity, "title_fr")] = unset()
    lead_id: Id = unset()
    start: Date = unset()
    end: Date = unset()
    description: str = unset()
    status: Annotated[str, FromModel(Activity, "status")] = unset()
    status_reason: str = unset()
    supporter_ids: list[Id] = unset()
    objective_ids: list[Id] = unset()
    body_id: Id | None = None


class ActivityFilters(Schema):
    organisation: Id | None = None
    objective: Id | None = None
    status: Annotated[str, FromModel(Activity, "status", blank=True)] = ""
    body: Id | None = None


class NoteIn(In):
    text: str


class NoteOut(Schema):
    id: int
    text: str
    status: str
    author: str | None
    created_at: dt.datetime


class MilestoneIn(In):
    title: Annotated[str, FromModel(Milestone, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(Milestone, "title_fr")] = ""
    due_on: Date | None = None
    kind: Annotated[str, FromModel(Milestone, "kind")] = "milestone"
    done_on: Date | None = None


def _activity_out(a: Activity) -> dict[str, Any]:
    return {
        **{
            f: getattr(a, f)
            for f in (
                "id",
                "title",
                "title_fr",
                "description",
                "lead_id",
                "body_id",
                "start",
                "end",
                "status",
                "status_reason",
                "version",
            )
        },
        "lead": a.lead.name,
        "supporter_ids": sorted(o.pk for o in a.supporters.all()),
        "objective_ids": sorted(o.pk for o in a.objectives.all()),
        "milestones": list(a.milestones.all()),
    }


@router.get(BASE + "/activities", response={200: list[ActivityOut], **ERRORS})
@paginate(Page)
def list_activities(
    request: HttpRequest,
    slug: str,
    filters: ActivityFilters = Query(...),  # noqa: B008
) -> Any:
    access = access_for(request.user, slug)
    return [_activity_out(a) for a in selectors.activities(access, **filters.dict())]


@router.post(BASE + "/activities", response={201: ActivityOut, **ERRORS})
def create_activity(request: HttpRequest, slug: str, payload: ActivityIn) -> Any:
    access = access_for(request.user, slug)
    a = services.activity_create(access=access, **payload.dict())
    return Status(201, _activity_out(access.get_owned(selectors.activities(access), pk=a.pk)))


@router.get(BASE + "/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, slug: str, activity_id: int) -> Any:
    access = access_for(request.user, slug)
    return _activity_out(access.get_owned(selectors.activities(access), pk=activity_id))


@router.patch(BASE + "/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def update_activity(
    request: HttpRequest, slug: str, activity_id: int, payload: ActivityPatch
) -> Any:
    """Stewards change anything; a partner updates the activities its organisation leads
    (description, dates, status and reason). Send `version` to refuse overwriting a newer save
    (409)."""
    access = access_for(request.user, slug)
    data = payload.dict(exclude_unset=True)
    services.activity_update(
        access=access, activity_id=activity_id, version=data.pop("version", None), **data
    )
    return _activity_out(access.get_owned(selectors.activities(access), pk=activity_id))


@router.delete(BASE + "/activities/{activity_id}", response={204: None, **ERRORS})
def delete_activity(request: HttpRequest, slug: str, activity_id: int) -> Any:
    services.activity_delete(access=access_for(request.user, slug), activity_id=activity_id)
    return Status(204, None)


@router.post(BASE + "/activities/{activity_id}/restore", response={200: ActivityOut, **ERRORS})
def restore_activity(request: HttpRequest, slug: str, activity_id: int) -> Any:
    """Bring back an activity removed in the last 30 days (404 for one removed longer ago)."""
    access = access_for(request.user, slug)
    a = services.activity_restore(access=access, activity_id=activity_id)
    return _activity_out(access.get_owned(selectors.activities(access), pk=a.pk))


@router.get(BASE + "/activities/{activity_id}/notes", response={200: list[NoteOut], **ERRORS})
def list_notes(request: HttpRequest, slug: str, activity_id: int) -> Any:
    access = access_for(request.user, slug)
    activity = access.get_owned(Activity, pk=activity_id)
    return [
        {
            "id": n.pk,
            "text": n.text,
            "status": n.status,
            "author": n.author.email if n.author else None,
            "created_at": n.created_at,
        }
        for n in activity.notes.select_related("author")
    ]


@router.post(BASE + "/activities/{activity_id}/notes", response={201: NoteOut, **ERRORS})
def add_note(request: HttpRequest, slug: str, activity_id: int, payload: NoteIn) -> Any:
    access = access_for(request.user, slug)
    n = services.progress_note_add(access=access, activity_id=activity_id, text=payload.text)
    return Status(
        201,
        {
            "id": n.pk,
            "text": n.text,
            "status": n.status,
            "author": access.user.email,
            "created_at": n.created_at,
        },
    )


@router.post(BASE + "/activities/{activity_id}/milestones", response={201: MilestoneOut, **ERRORS})
def add_milestone(request: HttpRequest, slug: str, activity_id: int, payload: MilestoneIn) -> Any:
    access = access_for(request.user, slug)
    return Status(
        201, services.milestone_save(access=access, activity_id=activity_id, **payload.dict())
    )


@router.put(
    BASE + "/activities/{activity_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, **ERRORS},
)
def update_milestone(
    request: HttpRequest, slug: str, activity_id: int, milestone_id: int, payload: MilestoneIn
) -> Any:
    access = access_for(request.user, slug)
    return services.milestone_save(
        access=access,
        activity_id=activity_id,
        milestone_id=milestone_id,
        version=if_match(request),
        **payload.dict(),
    )


@router.delete(
    BASE + "/activities/{activity_id}/milestones/{milestone_id}", response={204: None, **ERRORS}
)
def delete_milestone(request: HttpRequest, slug: str, activity_id: int, milestone_id: int) -> Any:
    services.milestone_delete(
        access=access_for(request.user, slug), activity_id=activity_id, milestone_id=milestone_id
    )
    return Status(204, None)


class OverlapOut(Schema):
    first_id: int
    first: str
    first_lead: str
    second_id: int
    second: str
    second_lead: str
    similarity: float
    shared_terms: list[str]
    shared_objective_ids: list[int]


class GapOut(Schema):
    objective_id: int
    title: str
    title_fr: str  # the objective's and its goal's titles in French too (ADR 0015)
    goal: str
    goal_fr: str


class AlignmentOut(Schema):
    overlaps: list[OverlapOut]
    gaps: list[GapOut]


@router.get(BASE + "/alignment", response={200: AlignmentOut, **ERRORS})
def alignment(request: HttpRequest, slug: str) -> Any:
    """Look-alike activities of different organisations serving the same objective (TF-IDF
    cosine similarity, with the words they share) and objectives no activity serves."""
    access = access_for(request.user, slug)
    return {
        "overlaps": [
            {
                "first_id": o.first.pk,
                "first": o.first.title,
                "first_lead": o.first.lead.name,
                "second_id": o.second.pk,
                "second": o.second.title,
                "second_lead": o.second.lead.name,
                "similarity": o.score,
                "shared_terms": list(o.shared_terms),
                "shared_objective_ids": [x.pk for x in o.shared_objectives],
            }
            for o in selectors.overlaps(access)
        ],
        "gaps": [
            {
                "objective_id": o.pk,
                "title": o.title,
                "title_fr": o.title_fr,
                "goal": o.goal.title,
                "goal_fr": o.goal.title_fr,
            }
            for o in selectors.gaps(access)
        ],
    }


router.add_router("", governance_router)
router.add_router("", resources_router)
router.add_router("", terms_router)

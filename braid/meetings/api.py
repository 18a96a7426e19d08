"""The meetings API (mounted under /api/v1/ by config/api.py): meetings and series, agenda
items and proposals; minutes, decisions, action items and calendars are added by their
modules' routers below."""

import datetime as dt
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, Strict

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.schemas import Date, FromModel, Id, In, OneOf, unset
from braid.meetings import actions, calendar, decisions, minutes, notifications, selectors, services
from braid.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    NotificationPreference,
    Series,
)
from braid.meetings.text import render_markdown

router = Router(tags=["meetings"])
BASE = "/collaboratives/{slug}"

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _hhmm(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and _HHMM.fullmatch(value):
        return dt.time.fromisoformat(value)
    raise ValueError("Write the time as HH:MM on a 24-hour clock, e.g. 09:30.")


# A wall-clock time of day written HH:MM.
Time = Annotated[dt.time, Strict(False), BeforeValidator(_hhmm)]


class WhenIn(In):
    title: Annotated[str, FromModel(Meeting, "title")]
    date: Date
    start_time: Time
    end_time: Time
    gathering: Annotated[str, FromModel(Meeting, "gathering")] = "body"
    body_id: Id | None = None
    place: Annotated[str, FromModel(Meeting, "place")] = ""
    video_url: Annotated[str, FromModel(Meeting, "video_url")] = ""
    organisation_ids: list[Id] | None = None
    user_ids: list[Id] = []


class SeriesIn(WhenIn):
    frequency: Annotated[str, FromModel(Series, "frequency")]
    count: Annotated[int, FromModel(Series, "count")]
    template: list[Annotated[str, FromModel(AgendaItem, "title")]] = []


class MeetingPatch(In):
    scope: Annotated[str, OneOf(["occurrence", "series"])] = "occurrence"
    version: int | None = None
    title: Annotated[str | None, FromModel(Meeting, "title")] = unset()
    date: Date | None = unset()
    start_time: Time | None = unset()
    end_time: Time | None = unset()
    place: Annotated[str | None, FromModel(Meeting, "place")] = unset()
    video_url: Annotated[str | None, FromModel(Meeting, "video_url")] = unset()


class CancelIn(In):
    scope: Annotated[str, OneOf(["occurrence", "series"])] = "occurrence"


class ItemIn(In):
    title: Annotated[str, FromModel(AgendaItem, "title")]
    purpose: Annotated[str, FromModel(AgendaItem, "purpose")] = "discussion"
    note: str = ""
    minutes_allotted: Annotated[int | None, FromModel(AgendaItem, "minutes_allotted")] = None
    owner_id: Id | None = None
    owner_organisation_id: Id | None = None
    indicator_id: Id | None = None
    activity_id: Id | None = None


class ProposalIn(In):
    title: Annotated[str, FromModel(AgendaItem, "title")]
    purpose: Annotated[str, FromModel(AgendaItem, "purpose")] = "discussion"
    note: str = ""
    link: Annotated[str, FromModel(AgendaItem, "link_url")] = ""


class DecideIn(In):
    accept: bool


class ItemOut(Schema):
    id: int
    position: int
    title: str
    purpose: str
    state: str
    note: str
    minutes_allotted: int | None
    owner_id: int | None
    owner_organisation_id: int | None
    indicator_id: int | None
    activity_id: int | None
    link_url: str
    carried: bool
    outcome: str


class MeetingOut(Schema):
    id: int
    title: str
    gathering: str
    body_id: int | None
    series_id: int | None
    sequence: int
    detached: bool
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    local_date: dt.date
    local_start: str
    local_end: str
    time_zone: str
    place: str
    video_url: str
    agenda_circulated: bool
    minutes_status: str
    version: int


class MeetingDetailOut(MeetingOut):
    organisation_ids: list[int]
    user_ids: list[int]
    items: list[ItemOut]


class SeriesOut(Schema):
    id: int
    title: str
    frequency: str
    rrule: str
    time_zone: str
    meeting_ids: list[int]


def meeting_out(m: Meeting) -> dict[str, Any]:
    zone = ZoneInfo(m.time_zone)
    start, end = m.starts_at.astimezone(zone), m.ends_at.astimezone(zone)
    return {
        "id": m.pk,
        "title": m.title,
        "gathering": m.gathering,
        "body_id": m.body_id,
        "series_id": m.series_id,
        "sequence": m.sequence,
        "detached": m.detached,
        "status": m.status,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "local_date": start.date(),
        "local_start": start.strftime("%H:%M"),
        "local_end": end.strftime("%H:%M"),
        "time_zone": m.time_zone,
        "place": m.place,
        "video_url": m.video_url,
        "agenda_circulated": m.agenda_circulated_at is not None,
        "minutes_status": m.minutes_status,
        "version": m.version,
    }


def item_out(i: AgendaItem) -> dict[str, Any]:
    return {
        "id": i.pk,
        "position": i.position,
        "title": i.title,
        "purpose": i.purpose,
        "state": i.state,
        "note": i.note,
        "minutes_allotted": i.minutes_allotted,
        "owner_id": i.owner_id,
        "owner_organisation_id": i.owner_organisation_id,
        "indicator_id": i.indicator_id,
        "activity_id": i.activity_id,
        "link_url": i.link_url,
        "carried": bool(i.carried_from_id or i.carried_action_id),
        "outcome": i.outcome,
    }


def _detail(access: Any, pk: int) -> dict[str, Any]:
    m = selectors.meeting_detail(access, pk)
    return {
        **meeting_out(m),
        "organisation_ids": sorted(o.pk for o in m.invited_organisations.all()),
        "user_ids": sorted(u.pk for u in m.invited_users.all()),
        "items": [item_out(i) for i in m.items.all()],
    }


@router.get(BASE + "/meetings", response={200: list[MeetingOut], **ERRORS})
@paginate(Page)
def list_meetings(
    request: HttpRequest,
    slug: str,
    body_id: Id | None = None,
    upcoming: bool = False,
) -> Any:
    """Meetings by start, oldest first (`upcoming=true`: from now on)."""
    access = access_for(request.user, slug)
    qs = selectors.meetings(access).order_by("starts_at", "pk")
    if body_id:
        qs = qs.filter(body_id=body_id)
    if upcoming:
        qs = qs.filter(ends_at__gte=dt.datetime.now(dt.UTC))
    return [meeting_out(m) for m in qs]


@router.post(BASE + "/meetings", response={201: MeetingDetailOut, **ERRORS})
def schedule_meeting(request: HttpRequest, slug: str, payload: WhenIn) -> Any:
    """One meeting. Invitees default to the body's members (all partners for `all_partners`)."""
    access = access_for(request.user, slug)
    m = services.meeting_schedule(access=access, **payload.dict())
    return Status(201, _detail(access, m.pk))


@router.post(BASE + "/meeting-series", response={201: SeriesOut, **ERRORS})
def schedule_series(request: HttpRequest, slug: str, payload: SeriesIn) -> Any:
    """`count` meetings repeating by `frequency` from `date`, at the same wall-clock time in
    the collaborative's time zone; monthly kinds repeat the weekday of the first date's week."""
    access = access_for(request.user, slug)
    s = services.series_schedule(access=access, **payload.dict())
    return Status(
        201,
        {
            "id": s.pk,
            "title": s.title,
            "frequency": s.frequency,
            "rrule": s.rrule,
            "time_zone": s.time_zone,
            "meeting_ids": list(s.meetings.order_by("sequence").values_list("pk", flat=True)),
        },
    )


@router.get(BASE + "/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def get_meeting(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    return _detail(access_for(request.user, slug), meeting_id)


@router.patch(BASE + "/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def change_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: MeetingPatch) -> Any:
    """`scope`: `occurrence` (this one only; it leaves the series' rule) or `series` (this and
    every later occurrence not changed on its own). `version` refuses a stale save (409)."""
    access = access_for(request.user, slug)
    services.meeting_update(
        access=access, meeting_id=meeting_id, **payload.dict(exclude_unset=True)
    )
    return _detail(access, meeting_id)


@router.post(BASE + "/meetings/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS})
def cancel_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: CancelIn) -> Any:
    access = access_for(request.user, slug)
    services.meeting_cancel(access=access, meeting_id=meeting_id, scope=payload.scope)
    return meeting_out(access.get_owned(Meeting, pk=meeting_id))


@router.post(BASE + "/meetings/{meeting_id}/items", response={201: ItemOut, **ERRORS})
def add_item(request: HttpRequest, slug: str, meeting_id: int, payload: ItemIn) -> Any:
    access = access_for(request.user, slug)
    return Status(
        201,
        item_out(services.agenda_item_add(access=access, meeting_id=meeting_id, **payload.dict())),
    )


@router.post(BASE + "/meetings/{meeting_id}/proposals", response={201: ItemOut, **ERRORS})
def propose_item(request: HttpRequest, slug: str, meeting_id: int, payload: ProposalIn) -> Any:
    """A partner's proposal waits for whoever drafts the agenda; a steward's goes on it."""
    access = access_for(request.user, slug)
    item = services.agenda_item_propose(
        access=access,
        meeting=meeting_id,
        title=payload.title,
        purpose=payload.purpose,
        note=payload.note,
        link=payload.link or None,
    )
    return Status(201, item_out(item))


@router.post(BASE + "/agenda-items/{item_id}/decide", response={200: ItemOut, **ERRORS})
def decide_item(request: HttpRequest, slug: str, item_id: int, payload: DecideIn) -> Any:
    access = access_for(request.user, slug)
    return item_out(
        services.agenda_item_decide(access=access, item_id=item_id, accept=payload.accept)
    )


@router.put(BASE + "/agenda-items/{item_id}", response={200: ItemOut, **ERRORS})
def update_item(request: HttpRequest, slug: str, item_id: int, payload: ItemIn) -> Any:
    access = access_for(request.user, slug)
    return item_out(services.agenda_item_update(access=access, item_id=item_id, **payload.dict()))


@router.delete(BASE + "/agenda-items/{item_id}", response={204: None, **ERRORS})
def remove_item(request: HttpRequest, slug: str, item_id: int) -> Any:
    services.agenda_item_remove(access=access_for(request.user, slug), item_id=item_id)
    return Status(204, None)


@router.post(BASE + "/meetings/{meeting_id}/circulate", response={200: MeetingOut, **ERRORS})
def circulate_agenda(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    access = access_for(request.user, slug)
    return meeting_out(services.agenda_circulate(access=access, meeting_id=meeting_id))


class CarriedOut(Schema):
    meeting_id: int | None


@router.post(BASE + "/meetings/{meeting_id}/carry-forward", response={200: CarriedOut, **ERRORS})
def carry_forward(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """Unfinished items and overdue actions go to the next occurrence (null when none)."""
    target = services.carry_forward(access=access_for(request.user, slug), meeting_id=meeting_id)
    return {"meeting_id": target.pk if target else None}


# --- Attendance and minutes ----------------------------------------------------------------


class LineIn(In):
    status: Annotated[str, FromModel(Attendance, "status")]
    user_id: Id | None = None
    organisation_id: Id | None = None
    name: Annotated[str, FromModel(Attendance, "name")] = ""
    chaired: bool = False


class AttendanceIn(In):
    lines: list[LineIn]


class LineOut(Schema):
    user_id: int | None
    organisation_id: int | None
    name: str
    status: str
    chaired: bool


class OutcomeIn(In):
    item_id: Id
    state: Annotated[str, OneOf(["done", "unfinished", "on_agenda"])]
    outcome: str = ""


class MinutesIn(In):
    text: str
    outcomes: list[OutcomeIn] = []
    version: int | None = None


class MinutesOut(Schema):
    status: str
    text: str
    html: str
    frozen_text: str
    version: int


class CommentIn(In):
    text: str
    amendment: bool = False


class CommentOut(Schema):
    id: int
    author_id: int
    text: str
    amendment: bool
    status: str


class CorrectionIn(In):
    text: str
    reason: str


class StepIn(In):
    step: Annotated[str, OneOf(["circulate", "approve", "freeze"])]


def _minutes_out(access: Any, m: Meeting) -> dict[str, Any]:
    from braid.meetings.minutes import is_attendee

    if not access.audience.sees_minutes(m.minutes_status, attendee=is_attendee(m, access)):
        raise PermissionDenied("These minutes are not shared with you yet.")
    return {
        "status": m.minutes_status,
        "text": m.minutes,
        "html": str(render_markdown(m.minutes)),
        "frozen_text": m.minutes_frozen,
        "version": m.version,
    }


@router.put(BASE + "/meetings/{meeting_id}/attendance", response={200: list[LineOut], **ERRORS})
def put_attendance(request: HttpRequest, slug: str, meeting_id: int, payload: AttendanceIn) -> Any:
    """Replace the attendance list: members by user_id, organisations' seats by
    organisation_id alone, guests by name; at most one chair, present."""
    access = access_for(request.user, slug)
    rows = minutes.attendance_record(
        access=access,
        meeting_id=meeting_id,
        lines=[minutes.Line(**ln.dict()) for ln in payload.lines],
    )
    return [
        {
            "user_id": a.user_id,
            "organisation_id": a.organisation_id,
            "name": a.name,
            "status": a.status,
            "chaired": a.chaired,
        }
        for a in rows
    ]


@router.get(BASE + "/meetings/{meeting_id}/minutes", response={200: MinutesOut, **ERRORS})
def get_minutes(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """The minutes as the reader may see them (draft: stewards; circulated: attendees;
    approved and frozen: every member); 403 otherwise."""
    access = access_for(request.user, slug)
    return _minutes_out(access, access.get_owned(Meeting, pk=meeting_id))


@router.put(BASE + "/meetings/{meeting_id}/minutes", response={200: MinutesOut, **ERRORS})
def put_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesIn) -> Any:
    access = access_for(request.user, slug)
    m = minutes.minutes_save(
        access=access,
        meeting_id=meeting_id,
        text=payload.text,
        outcomes={o.item_id: (o.state, o.outcome) for o in payload.outcomes},
        version=payload.version,
    )
    return _minutes_out(access, m)


@router.post(BASE + "/meetings/{meeting_id}/minutes/step", response={200: MinutesOut, **ERRORS})
def minutes_step(request: HttpRequest, slug: str, meeting_id: int, payload: StepIn) -> Any:
    """draft → circulate → approve → freeze."""
    access = access_for(request.user, slug)
    if payload.step == "circulate":
        m = minutes.minutes_circulate(access=access, meeting_id=meeting_id)
    elif payload.step == "approve":
        m = minutes.minutes_approve(access=access, meeting_id=meeting_id)
    else:
        m = minutes.minutes_freeze(access=access, meeting_id=meeting_id)
    return _minutes_out(access, m)


@router.post(BASE + "/meetings/{meeting_id}/minutes/comments", response={201: CommentOut, **ERRORS})
def comment_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: CommentIn) -> Any:
    """A comment by an attendee; `amendment: true` only by someone recorded as present."""
    access = access_for(request.user, slug)
    c = minutes.minutes_comment(
        access=access, meeting_id=meeting_id, text=payload.text, amendment=payload.amendment
    )
    return Status(
        201,
        {
            "id": c.pk,
            "author_id": c.author_id,
            "text": c.text,
            "amendment": c.is_amendment,
            "status": c.status,
        },
    )


@router.post(BASE + "/amendments/{comment_id}/decide", response={200: CommentOut, **ERRORS})
def decide_amendment(request: HttpRequest, slug: str, comment_id: int, payload: DecideIn) -> Any:
    access = access_for(request.user, slug)
    c = minutes.amendment_decide(access=access, comment_id=comment_id, accept=payload.accept)
    return {
        "id": c.pk,
        "author_id": c.author_id,
        "text": c.text,
        "amendment": c.is_amendment,
        "status": c.status,
    }


@router.post(
    BASE + "/meetings/{meeting_id}/minutes/corrections", response={201: MinutesOut, **ERRORS}
)
def correct_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: CorrectionIn) -> Any:
    """Frozen minutes only: the shown text changes, the frozen text stays."""
    access = access_for(request.user, slug)
    minutes.minutes_correct(
        access=access, meeting_id=meeting_id, text=payload.text, reason=payload.reason
    )
    return Status(201, _minutes_out(access, access.get_owned(Meeting, pk=meeting_id)))


# --- Decisions -----------------------------------------------------------------------------


class ObjectionSchema(In):
    text: str
    organisation_id: Id | None = None
    resolution: str = ""


class DecisionIn(In):
    title: Annotated[str, FromModel(Decision, "title")]
    method: Annotated[str, FromModel(Decision, "method")]
    meeting_id: Id | None = None
    item_id: Id | None = None
    text: str = ""
    decided_on: Date | None = None
    votes_for: Annotated[int | None, FromModel(Decision, "votes_for")] = None
    votes_against: Annotated[int | None, FromModel(Decision, "votes_against")] = None
    votes_abstain: Annotated[int | None, FromModel(Decision, "votes_abstain")] = None
    objections: list[ObjectionSchema] = []
    dissenting_ids: list[Id] = []
    activity_ids: list[Id] = []
    indicator_ids: list[Id] = []
    agenda_version_ids: list[Id] = []
    terms_version_ids: list[Id] = []
    changes: str = ""
    supersedes_id: Id | None = None


class DecisionOut(Schema):
    id: int
    number: int
    title: str
    method: str
    status: str
    reason: str
    decided_on: dt.date
    meeting_id: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    present: int | None
    members: int | None
    supersedes_id: int | None
    superseded_by_id: int | None
    activity_ids: list[int]
    indicator_ids: list[int]
    agenda_version_ids: list[int]
    terms_version_ids: list[int]
    dissenting_ids: list[int]
    action_ids: list[int]


class RevokeIn(In):
    reason: str


def decision_out(d: Decision) -> dict[str, Any]:
    nxt = getattr(d, "superseded_by", None)
    return {
        **{
            f: getattr(d, f)
            for f in (
                "number",
                "title",
                "method",
                "status",
                "reason",
                "decided_on",
                "meeting_id",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "present",
                "members",
                "supersedes_id",
            )
        },
        "id": d.pk,
        "superseded_by_id": nxt.pk if nxt else None,
        "activity_ids": sorted(a.pk for a in d.activities.all()),
        "indicator_ids": sorted(i.pk for i in d.indicators.all()),
        "agenda_version_ids": sorted(v.pk for v in d.agenda_versions.all()),
        "terms_version_ids": sorted(t.pk for t in d.terms_versions.all()),
        "dissenting_ids": sorted(o.pk for o in d.dissenting.all()),
        "action_ids": sorted(a.pk for a in d.actions.all()),
    }


@router.get(BASE + "/decisions", response={200: list[DecisionOut], **ERRORS})
@paginate(Page)
def list_decisions(
    request: HttpRequest,
    slug: str,
    status: Annotated[str, FromModel(Decision, "status", blank=True)] = "",
) -> Any:
    """The register, newest first; never deleted (superseded and revoked ones stay)."""
    access = access_for(request.user, slug)
    qs = selectors.register(access).prefetch_related(
        "activities", "indicators", "agenda_versions", "terms_versions", "dissenting", "actions"
    )
    if status:
        qs = qs.filter(status=status)
    return [decision_out(d) for d in qs]


@router.post(BASE + "/decisions", response={201: DecisionOut, **ERRORS})
def record_decision(request: HttpRequest, slug: str, payload: DecisionIn) -> Any:
    """A vote needs the meeting (with attendance) and the three counts; counts above the
    members present are refused (400); without quorum or majority it is recorded with status
    `not_adopted` and the reason. Consent: objections without a resolution → not adopted."""
    access = access_for(request.user, slug)
    data = payload.dict()
    data["objections"] = [decisions.ObjectionIn(**o) for o in data["objections"]]
    return Status(201, decision_out(decisions.decision_record(access=access, **data)))


@router.get(BASE + "/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def get_decision(request: HttpRequest, slug: str, decision_id: int) -> Any:
    access = access_for(request.user, slug)
    return decision_out(access.get_owned(selectors.register(access), pk=decision_id))


@router.post(BASE + "/decisions/{decision_id}/revoke", response={200: DecisionOut, **ERRORS})
def revoke_decision(request: HttpRequest, slug: str, decision_id: int, payload: RevokeIn) -> Any:
    access = access_for(request.user, slug)
    return decision_out(
        decisions.decision_revoke(access=access, decision_id=decision_id, reason=payload.reason)
    )


# --- Action items --------------------------------------------------------------------------


class ActionIn(In):
    title: Annotated[str, FromModel(ActionItem, "title")]
    owner_id: Id | None = None
    organisation_id: Id | None = None
    due_on: Date | None = None
    meeting_id: Id | None = None
    decision_id: Id | None = None
    indicator_id: Id | None = None
    activity_id: Id | None = None


class ActionUpdateIn(In):
    text: str = ""
    status: Annotated[str | None, FromModel(ActionItem, "status")] = None


class ArchiveIn(In):
    archived: bool = True


class ActionOut(Schema):
    id: int
    title: str
    owner_id: int | None
    organisation_id: int | None
    due_on: dt.date | None
    status: str
    overdue: bool
    archived: bool
    meeting_id: int | None
    decision_id: int | None
    indicator_id: int | None
    activity_id: int | None


def action_out(a: ActionItem, today: dt.date) -> dict[str, Any]:
    return {
        **{
            f: getattr(a, f)
            for f in (
                "title",
                "owner_id",
                "organisation_id",
                "due_on",
                "status",
                "meeting_id",
                "decision_id",
                "indicator_id",
                "activity_id",
            )
        },
        "id": a.pk,
        "overdue": a.status == "open" and a.due_on is not None and a.due_on < today,
        "archived": a.archived_at is not None,
    }


@router.get(BASE + "/my-actions", response={200: list[ActionOut], **ERRORS})
def list_my_actions(
    request: HttpRequest,
    slug: str,
    whose: Annotated[str, OneOf(["assigned", "created"])] = "assigned",
    state: Annotated[str, OneOf(["open", "done", "archived"])] = "open",
) -> Any:
    """My action items (at most 500, soonest due first)."""
    access = access_for(request.user, slug)
    today = selectors.today()
    rows = selectors.my_actions(access, whose=whose, state=state)[:500]
    return [action_out(a, today) for a in rows]


@router.get(
    BASE + "/actions/open-by-organisation", response={200: dict[str, list[ActionOut]], **ERRORS}
)
def open_by_organisation(request: HttpRequest, slug: str) -> Any:
    """Stewards: every open action, keyed by organisation id."""
    access = access_for(request.user, slug)
    access.require_manage()
    today = selectors.today()
    return {
        str(k): [action_out(a, today) for a in v]
        for k, v in selectors.open_actions_by_organisation(access.collaborative).items()
    }


@router.post(BASE + "/actions", response={201: ActionOut, **ERRORS})
def create_action(request: HttpRequest, slug: str, payload: ActionIn) -> Any:
    access = access_for(request.user, slug)
    return Status(
        201, action_out(actions.action_create(access=access, **payload.dict()), selectors.today())
    )


@router.get(BASE + "/actions/{action_id}", response={200: ActionOut, **ERRORS})
def get_action(request: HttpRequest, slug: str, action_id: int) -> Any:
    access = access_for(request.user, slug)
    return action_out(access.get_owned(ActionItem, pk=action_id), selectors.today())


@router.post(BASE + "/actions/{action_id}/updates", response={200: ActionOut, **ERRORS})
def update_action(request: HttpRequest, slug: str, action_id: int, payload: ActionUpdateIn) -> Any:
    access = access_for(request.user, slug)
    a = actions.action_update(
        access=access, action_id=action_id, text=payload.text, status=payload.status
    )
    return action_out(a, selectors.today())


@router.post(BASE + "/actions/{action_id}/archive", response={200: ActionOut, **ERRORS})
def archive_action(request: HttpRequest, slug: str, action_id: int, payload: ArchiveIn) -> Any:
    access = access_for(request.user, slug)
    a = actions.action_archive(access=access, action_id=action_id, archived=payload.archived)
    return action_out(a, selectors.today())


# --- Calendars and notifications -----------------------------------------------------------


class FeedIn(In):
    body_id: Id | None = None


class FeedOut(Schema):
    id: int
    body_id: int | None
    url: str


@router.post(BASE + "/calendar-feeds", response={201: FeedOut, **ERRORS})
def create_feed(request: HttpRequest, slug: str, payload: FeedIn) -> Any:
    """A secret feed address (shown once): your meetings, or a body's."""
    access = access_for(request.user, slug)
    feed, secret = calendar.feed_create(access=access, body_id=payload.body_id)
    return Status(
        201, {"id": feed.pk, "body_id": feed.body_id, "url": calendar.feed_url(slug, secret)}
    )


@router.delete(BASE + "/calendar-feeds/{feed_id}", response={204: None, **ERRORS})
def revoke_feed(request: HttpRequest, slug: str, feed_id: int) -> Any:
    calendar.feed_revoke(access=access_for(request.user, slug), feed_id=feed_id)
    return Status(204, None)


class PrefsIn(In):
    preferences: dict[str, Annotated[str, FromModel(NotificationPreference, "frequency")]]


@router.get(BASE + "/notification-preferences", response={200: dict[str, str], **ERRORS})
def get_preferences(request: HttpRequest, slug: str) -> Any:
    """Each kind of news → immediate / daily / weekly / none (daily by default)."""
    access = access_for(request.user, slug)
    return notifications.preferences(access.user)


@router.put(BASE + "/notification-preferences", response={200: dict[str, str], **ERRORS})
def put_preferences(request: HttpRequest, slug: str, payload: PrefsIn) -> Any:
    access = access_for(request.user, slug)
    notifications.preferences_save(access=access, chosen=payload.preferences)
    return notifications.preferences(access.user)

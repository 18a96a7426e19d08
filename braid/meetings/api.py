"""The meetings API (mounted under /api/v1/ by config/api.py): meetings and series, agenda
items and proposals; attendance and minutes (api_minutes.py), decisions, action items,
calendars and notification preferences (api_records.py) add their routes to the same router."""

import datetime as dt
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, Strict

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.schemas import Date, FromModel, Id, In, OneOf, unset
from braid.meetings import selectors, services
from braid.meetings.models import (
    AgendaItem,
    Meeting,
    Series,
)

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


class ItemUpdateIn(ItemIn):
    # The item's `version` as last read: a PUT over someone else's newer save is refused (409).
    version: int | None = None


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
    version: int


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
        "activity_id": i.activity.pk if i.activity else None,  # None: removed
        "link_url": i.link_url,
        "carried": bool(i.carried_from_id or i.carried_action_id),
        "outcome": i.outcome,
        "version": i.version,
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
def update_item(request: HttpRequest, slug: str, item_id: int, payload: ItemUpdateIn) -> Any:
    """Replace the item's fields. Send the `version` you read to refuse overwriting someone
    else's newer save: a stale one is answered 409 with the current values."""
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


# The other parts of the meetings API add their routes to `router` when imported.
from braid.meetings import api_minutes as api_minutes  # noqa: E402
from braid.meetings import api_records as api_records  # noqa: E402

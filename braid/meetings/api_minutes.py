"""The meetings API: attendance and minutes (draft, comments and amendments, the steps to
frozen, corrections). Its routes are on the meetings router (api.py)."""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Schema, Status

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.core.schemas import FromModel, Id, In, OneOf
from braid.meetings import minutes
from braid.meetings.api import BASE, DecideIn, router
from braid.meetings.models import (
    Attendance,
    Meeting,
)
from braid.meetings.text import render_markdown

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


@router.put(
    BASE + "/meetings/{meeting_id}/attendance",
    response={200: list[LineOut], **ERRORS},
    operation_id="braid_meetings_api_put_attendance",
)
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


@router.get(
    BASE + "/meetings/{meeting_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    operation_id="braid_meetings_api_get_minutes",
)
def get_minutes(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """The minutes as the reader may see them (draft: stewards; circulated: attendees;
    approved and frozen: every member); 403 otherwise."""
    access = access_for(request.user, slug)
    return _minutes_out(access, access.get_owned(Meeting, pk=meeting_id))


@router.put(
    BASE + "/meetings/{meeting_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    operation_id="braid_meetings_api_put_minutes",
)
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


@router.post(
    BASE + "/meetings/{meeting_id}/minutes/step",
    response={200: MinutesOut, **ERRORS},
    operation_id="braid_meetings_api_minutes_step",
)
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


@router.post(
    BASE + "/meetings/{meeting_id}/minutes/comments",
    response={201: CommentOut, **ERRORS},
    operation_id="braid_meetings_api_comment_minutes",
)
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


@router.post(
    BASE + "/amendments/{comment_id}/decide",
    response={200: CommentOut, **ERRORS},
    operation_id="braid_meetings_api_decide_amendment",
)
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
    BASE + "/meetings/{meeting_id}/minutes/corrections",
    response={201: MinutesOut, **ERRORS},
    operation_id="braid_meetings_api_correct_minutes",
)
def correct_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: CorrectionIn) -> Any:
    """Frozen minutes only: the shown text changes, the frozen text stays."""
    access = access_for(request.user, slug)
    minutes.minutes_correct(
        access=access, meeting_id=meeting_id, text=payload.text, reason=payload.reason
    )
    return Status(201, _minutes_out(access, access.get_owned(Meeting, pk=meeting_id)))

"""Reads of meetings. The first five are the contract other modules build on (surveys,
networks, reports, partners' evidence): they take a collaborative, not an Access, and return
plain data; none of them reveals anything a member of the collaborative may not see (meetings,
attendance, decisions and actions are shared with every member).

- `next_meeting(collaborative, body_id=None)` → the next scheduled Meeting or None
- `attendance_records(collaborative, since, until)` → [AttendanceRecord]
- `attendance_rates(collaborative, months=12)` → {organisation_id: rate 0..1}
- `open_actions_by_organisation(collaborative)` → {organisation_id: [ActionItem]}
- `decisions_between(collaborative, start, end)` → [Decision], oldest first
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.models import Collaborative
from braid.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    ItemState,
    Meeting,
    MeetingStatus,
    Presence,
)


def _cid(collaborative: Collaborative | int) -> int:
    return collaborative if isinstance(collaborative, int) else collaborative.pk


def next_meeting(
    collaborative: Collaborative | int,
    body_id: int | None = None,
    *,
    after: dt.datetime | None = None,
) -> Meeting | None:
    """The next scheduled (not cancelled) meeting starting from now, of one body when given."""
    qs = Meeting.objects.filter(
        collaborative_id=_cid(collaborative),
        status=MeetingStatus.SCHEDULED,
        starts_at__gte=after or timezone.now(),
    )
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    return qs.select_related("body").order_by("starts_at", "pk").first()


@dataclass(frozen=True)
class AttendanceRecord:
    meeting_id: int
    date: dt.date  # the meeting's day in its own time zone
    organisation_id: int | None
    person_id: int | None  # the member's user id, None for a named guest or an organisation seat
    status: str  # present / apologies / absent
    chaired: bool = False


def attendance_records(
    collaborative: Collaborative | int, since: dt.date, until: dt.date
) -> list[AttendanceRecord]:
    """Every attendance line of meetings held from `since` to `until` (inclusive, local days),
    cancelled meetings left out; ordered by meeting date."""
    from braid.meetings.timing import local_date

    rows = (
        Attendance.objects.filter(
            collaborative_id=_cid(collaborative),
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__starts_at__date__gte=since - dt.timedelta(days=1),
            meeting__starts_at__date__lte=until + dt.timedelta(days=1),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    out = []
    for a in rows:
        day = local_date(a.meeting)
        if since <= day <= until:
            out.append(
                AttendanceRecord(
                    a.meeting_id, day, a.organisation_id, a.user_id, a.status, a.chaired
                )
            )
    return out


def attendance_rates(
    collaborative: Collaborative | int, months: int = 12, *, today: dt.date | None = None
) -> dict[int, float]:
    """Share of the meetings an organisation was expected at (invited, or on the attendance
    list) where someone of it was present, over meetings of the last `months` months whose
    attendance was recorded. Organisations never expected are absent from the result."""
    today = today or timezone.localdate()
    since = today - relativedelta(months=months)
    held = list(
        Meeting.objects.filter(
            collaborative_id=_cid(collaborative),
            status=MeetingStatus.SCHEDULED,
            starts_at__date__gte=since,
            starts_at__date__lte=today,
        )
        .annotate(recorded=Count("attendance"))
        .filter(recorded__gt=0)
        .values_list("pk", flat=True)
    )
    expected: dict[int, set[int]] = defaultdict(set)
    present: dict[int, set[int]] = defaultdict(set)
    through = Meeting.invited_organisations.through
    for m, o in through.objects.filter(meeting_id__in=held).values_list(
        "meeting_id", "organisation_id"
    ):
        expected[o].add(m)
    for m, o, status in Attendance.objects.filter(
        meeting_id__in=held, organisation_id__isnull=False
    ).values_list("meeting_id", "organisation_id", "status"):
        expected[o].add(m)
        if status == Presence.PRESENT:
            present[o].add(m)
    return {o: len(present[o]) / len(ms) for o, ms in expected.items() if ms}


def open_actions_by_organisation(collaborative: Collaborative | int) -> dict[int, list[ActionItem]]:
    """Open action items of each organisation that owns some, soonest due first (no due date
    last)."""
    out: dict[int, list[ActionItem]] = defaultdict(list)
    rows = (
        ActionItem.objects.filter(
            collaborative_id=_cid(collaborative),
            status=ActionStatus.OPEN,
            organisation_id__isnull=False,
        )
        .select_related("owner", "meeting", "decision")
        .order_by("organisation_id", "due_on", "pk")
    )
    for a in rows:
        assert a.organisation_id is not None
        out[a.organisation_id].append(a)
    for actions in out.values():
        actions.sort(key=lambda a: (a.due_on is None, a.due_on or dt.date.max, a.pk))
    return dict(out)


def decisions_between(
    collaborative: Collaborative | int, start: dt.date, end: dt.date
) -> list[Decision]:
    """Decisions of the register taken from `start` to `end` inclusive, oldest first, with
    their meeting and what superseded them."""
    return list(
        Decision.objects.filter(
            collaborative_id=_cid(collaborative), decided_on__gte=start, decided_on__lte=end
        )
        .select_related("meeting", "supersedes", "superseded_by")
        .order_by("decided_on", "number")
    )


# --- Pages -------------------------------------------------------------------------------


def next_occurrence(meeting: Meeting) -> Meeting | None:
    """The next scheduled meeting after this one: of its series, else of its body."""
    qs = Meeting.objects.filter(
        collaborative_id=meeting.collaborative_id,
        status=MeetingStatus.SCHEDULED,
        starts_at__gt=meeting.starts_at,
    )
    if meeting.series_id:
        qs = qs.filter(series_id=meeting.series_id)
    elif meeting.body_id:
        qs = qs.filter(body_id=meeting.body_id)
    else:
        return None
    return qs.order_by("starts_at", "pk").first()


def meetings(access: Access) -> QuerySet[Meeting]:
    return access.scope(Meeting).select_related("body", "series")


def upcoming_and_past(
    access: Access, *, body_id: int | None = None, now: dt.datetime | None = None, limit: int = 50
) -> tuple[list[Meeting], list[Meeting]]:
    now = now or timezone.now()
    qs: QuerySet[Meeting] = meetings(access).annotate(
        n_items=Count("items", filter=~Q(items__state="declined"))
    )
    if body_id:
        qs = qs.filter(body_id=body_id)
    upcoming = list(qs.filter(ends_at__gte=now).order_by("starts_at", "pk")[:limit])
    past = list(qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:limit])
    return upcoming, past


def meeting_detail(access: Access, pk: int) -> Meeting:
    qs = meetings(access).prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.select_related(
                "owner",
                "owner_organisation",
                "indicator",
                "activity",
                "proposed_by",
                "carried_from__meeting",
            ).order_by("position", "pk"),
        ),
        "invited_organisations",
        "invited_users",
    )
    return access.get_owned(qs, pk=pk)


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return [
        i for i in meeting.items.all() if i.state not in (ItemState.PROPOSED, ItemState.DECLINED)
    ]


def proposals(meeting: Meeting) -> list[AgendaItem]:
    return [i for i in meeting.items.all() if i.state == ItemState.PROPOSED]


def backlog(access: Access, series_id: int) -> list[AgendaItem]:
    return list(
        access.scope(AgendaItem)
        .filter(series_id=series_id, meeting__isnull=True, template=False)
        .order_by("position", "pk")
    )


def is_invited(meeting: Meeting, user: Any, organisation_id: int | None) -> bool:
    if any(u.pk == user.pk for u in meeting.invited_users.all()):
        return True
    return organisation_id is not None and any(
        o.pk == organisation_id for o in meeting.invited_organisations.all()
    )

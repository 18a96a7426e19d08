"""Reads of meetings. The first five are the contract other modules build on (surveys,
networks, reports, partners' evidence): they take a collaborative, not an Access, and return
plain data; none of them reveals anything a member of the collaborative may not see (meetings,
attendance, decisions and actions are shared with every member).

- `next_meeting(collaborative, body_id=None)` → the next scheduled Meeting or None
- `attendance_records(collaborative, since, until)` → [AttendanceRecord]
- `attendance_rates(collaborative, months=12)` → {organisation_id: rate 0..1}
- `open_actions_by_organisation(collaborative)` → {organisation_id: [ActionItem]}
- `open_action_counts(collaborative, on)` → {organisation_id: actions open at the end of `on`}
- `decisions_between(collaborative, start, end)` → [Decision], oldest first
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.collaboratives.models import Collaborative
from braid.core import bilingual
from braid.meetings.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
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


def open_action_counts(collaborative: Collaborative | int, on: dt.date) -> dict[int, int]:
    """How many action items of each organisation were open at the end of day `on` (local):
    created by then and not yet done or dropped (the moment of the status change is the
    action's `done_at`, or for a dropped one the update that dropped it)."""
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time()))
    dropped_at = (
        ActionUpdate.objects.filter(action=OuterRef("pk"), status=ActionStatus.DROPPED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        ActionItem.objects.filter(
            collaborative_id=_cid(collaborative), organisation_id__isnull=False, created_at__lt=end
        )
        .annotate(dropped_at=Subquery(dropped_at))
        .filter(
            Q(status=ActionStatus.OPEN)
            | Q(status=ActionStatus.DONE, done_at__gte=end)
            | Q(status=ActionStatus.DROPPED, dropped_at__gte=end)
        )
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
    )
    return {r["organisation_id"]: r["n"] for r in rows}


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
    return access.scope(Meeting).select_related("body__rules", "series")


def recent_meetings(access: Access, since: dt.datetime, limit: int = 10) -> list[Meeting]:
    """Meetings held since then (ended, not cancelled) or whose minutes were approved since."""
    now = timezone.now()
    return list(
        meetings(access)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(Q(ends_at__gte=since, ends_at__lte=now) | Q(minutes_approved_at__gte=since))
        .order_by("-ends_at")[:limit]
    )


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
                "proposed_by",
                "carried_from__meeting",
            )
            .prefetch_related(agenda_selectors.linked_activity())
            .order_by("position", "pk"),
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


# --- Register, actions ---------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def register(access: Access) -> QuerySet[Decision]:
    return (
        access.scope(Decision)
        .select_related("meeting", "supersedes", "superseded_by")
        .order_by("-decided_on", "-number")
    )


def decision_chain(access: Access, decision: Decision) -> dict[str, Any]:
    """From a decision: its meeting, the actions it created and their state, the activities
    and indicators it was meant to move, what it superseded and what superseded it."""
    return {
        "decision": decision,
        "actions": list(
            decision.actions.select_related("owner", "organisation").order_by("due_on", "pk")
        ),
        "activities": bilingual.ordered(decision.activities.all(), "title"),
        "indicators": bilingual.ordered(decision.indicators.all(), "name"),
        "curves": indicator_curves(access, decision),
        "agenda_versions": list(decision.agenda_versions.order_by("-number")),
        "terms_versions": list(decision.terms_versions.order_by("-number")),
        "dissenting": list(decision.dissenting.order_by("name")),
        "objections": list(decision.objections.select_related("organisation")),
        "superseded_by": getattr(decision, "superseded_by", None),
        "today": today(),
    }


def indicator_curves(access: Access, decision: Decision) -> list[dict[str, Any]]:
    """The measures app's own chart (history, baseline forecast, target) of each indicator the
    decision aims at, as the reader may see it (the scorecard applies the disclosure policy),
    from the last period before the decision on: the curve since it was taken."""
    from braid.measures import present
    from braid.measures.selectors import scorecard

    ids = list(decision.indicators.values_list("pk", flat=True))
    out = []
    for row in sorted(
        (r for pk in ids for r in scorecard(access, indicator_id=pk)),
        key=lambda r: bilingual.sort_key(r.indicator, "name"),
    ):
        spec = present.chart_spec(row)
        before = [p.period.start for p in row.points if p.period.start <= decision.decided_on]
        since = (max(before) if before else decision.decided_on).isoformat()
        spec["data"]["values"] = [v for v in spec["data"]["values"] if v["period"] >= since]
        out.append(
            {
                "indicator": row.indicator,
                "spec": spec,
                "json_id": f"curve-{row.indicator.pk}",
                "verdict": present.verdict(row),
            }
        )
    return out


def decisions_for(
    access: Access, *, indicator_id: int | None = None, activity_id: int | None = None
) -> list[Decision]:
    qs = register(access)
    if indicator_id:
        qs = qs.filter(indicators__id=indicator_id)
    if activity_id:
        qs = qs.filter(activities__id=activity_id)
    return list(qs.distinct())


def actions_for(
    access: Access, *, indicator_id: int | None = None, activity_id: int | None = None
) -> list[ActionItem]:
    q = Q()
    if indicator_id:
        q |= Q(indicator_id=indicator_id) | Q(decision__indicators__id=indicator_id)
    if activity_id:
        q |= Q(activity_id=activity_id) | Q(decision__activities__id=activity_id)
    return list(
        access.scope(ActionItem)
        .filter(q, archived_at__isnull=True)
        .select_related("owner", "organisation")
        .distinct()
        .order_by("status", "due_on", "pk")
    )


def my_actions(
    access: Access, *, whose: str = "assigned", state: str = "open"
) -> QuerySet[ActionItem]:
    """A member's action items: assigned to them (or, unowned, to their organisation) or
    created by them; open, done (done or dropped, not archived) or archived; soonest due
    first (the page shows them a page at a time)."""
    qs = access.scope(ActionItem).select_related("organisation", "meeting", "owner")
    if whose == "created":
        qs = qs.filter(created_by=access.user)
    else:
        mine = Q(owner=access.user)
        if access.organisation_id:
            mine |= Q(owner__isnull=True, organisation_id=access.organisation_id)
        qs = qs.filter(mine)
    if state == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif state == "done":
        qs = qs.filter(archived_at__isnull=True).exclude(status=ActionStatus.OPEN)
    else:
        qs = qs.filter(archived_at__isnull=True, status=ActionStatus.OPEN)
    return qs.order_by(F("due_on").asc(nulls_last=True), "pk")


def open_actions_grouped(access: Access) -> list[tuple[Any, list[ActionItem]]]:
    """Every open action by organisation (the steward's view), organisations by name."""
    from braid.partners.models import Organisation

    by_org = open_actions_by_organisation(access.collaborative)
    names = {o.pk: o for o in access.scope(Organisation).filter(pk__in=list(by_org))}
    groups = sorted(by_org.items(), key=lambda kv: names[kv[0]].name)
    out: list[tuple[Any, list[ActionItem]]] = [(names[k], v) for k, v in groups]
    unowned = list(
        access.scope(ActionItem)
        .filter(status=ActionStatus.OPEN, organisation__isnull=True)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    if unowned:
        out.append((None, unowned))
    return out

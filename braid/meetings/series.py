"""Writes of meeting series: `count` meetings by a rule, on the collaborative's wall clock, each
with the template agenda."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record
from braid.core.errors import FieldProblem, raise_problems
from braid.meetings import notifications
from braid.meetings.meeting_rules import (
    body_for,
    check_times,
    clean_title,
    clean_url,
    default_invitees,
    invite,
)
from braid.meetings.models import (
    AgendaItem,
    Frequency,
    Gathering,
    Meeting,
    Series,
)
from braid.meetings.timing import aware as _aware
from braid.meetings.timing import occurrences, rrule_for, zone_of

MAX_OCCURRENCES = 120


@transaction.atomic
def series_schedule(
    *,
    access: Access,
    title: str,
    frequency: str,
    date: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    count: int | None,
    gathering: str = Gathering.BODY,
    body_id: int | None = None,
    place: str = "",
    video_url: str = "",
    organisation_ids: list[int] | None = None,
    user_ids: list[int] | None = None,
    template: list[str] | None = None,
) -> Series:
    """A series: `count` meetings by the rule, each at the same wall-clock time in the
    collaborative's time zone, each with the template agenda's items."""
    access.require_manage()
    problems: list[FieldProblem] = []
    title = clean_title(title, problems)
    body = body_for(access, gathering, body_id, problems)
    check_times(date, start_time, end_time, problems)
    video_url = clean_url(video_url, problems)
    if frequency not in Frequency.values:
        problems.append(FieldProblem("frequency", _("Choose how often the meetings repeat.")))
    if count is None or not 1 <= count <= MAX_OCCURRENCES:
        problems.append(
            FieldProblem(
                "count",
                _("Give how many meetings to schedule, from 1 to %(max)s.")
                % {"max": MAX_OCCURRENCES},
            )
        )
    orgs, users = invite(access, organisation_ids, user_ids, problems)
    items = [t.strip()[:300] for t in (template or []) if t and t.strip()]
    raise_problems(problems)
    assert date and start_time and end_time and count
    zone = zone_of(access.collaborative)
    rule = rrule_for(frequency, date, count)
    series = Series.objects.create(
        collaborative=access.collaborative,
        title=title,
        gathering=gathering,
        body=body,
        frequency=frequency,
        rrule=rule,
        first_date=date,
        start_time=start_time,
        end_time=end_time,
        count=count,
        time_zone=zone,
        place=(place or "").strip()[:300],
        video_url=video_url,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            collaborative=access.collaborative, series=series, template=True, position=i, title=t
        )
        for i, t in enumerate(items, start=1)
    )
    invitees = orgs if orgs is not None else default_invitees(access, gathering, body)
    meetings = []
    for n, when in enumerate(occurrences(rule, date, start_time), start=1):
        meetings.append(
            Meeting(
                collaborative=access.collaborative,
                series=series,
                sequence=n,
                gathering=gathering,
                body=body,
                title=title,
                starts_at=_aware(when.date(), start_time, zone),
                ends_at=_aware(when.date(), end_time, zone),
                time_zone=zone,
                place=series.place,
                video_url=video_url,
            )
        )
    Meeting.objects.bulk_create(meetings)
    meetings = list(series.meetings.order_by("sequence"))
    through_o = Meeting.invited_organisations.through
    through_u = Meeting.invited_users.through
    through_o.objects.bulk_create(
        through_o(meeting_id=m.pk, organisation_id=o.pk) for m in meetings for o in invitees
    )
    through_u.objects.bulk_create(
        through_u(meeting_id=m.pk, user_id=u.pk) for m in meetings for u in users
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(collaborative=access.collaborative, meeting=m, position=i, title=t)
        for m in meetings
        for i, t in enumerate(items, start=1)
    )
    record(access, "series.scheduled", title=title, meetings=len(meetings), first=date.isoformat())

    if meetings:
        notifications.meeting_event(
            meetings[0], "series.scheduled", series=series, meeting_ids=[m.pk for m in meetings]
        )
    return series

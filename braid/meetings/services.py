"""Writes of meetings: scheduling (one-off and series), invitees, agenda items and proposals,
carry-forward. Minutes, decisions and action items are in their own modules
(`minutes.py`, `decisions.py`, `actions.py`) re-exported here."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import ConflictError, FieldProblem, raise_problems
from braid.meetings.meeting_rules import (
    body_for,
    check_times,
    clean_title,
    clean_url,
    default_invitees,
    invite,
    label,
)
from braid.meetings.models import (
    Gathering,
    Meeting,
    MeetingStatus,
)
from braid.meetings.timing import aware as _aware
from braid.meetings.timing import local_date, zone_of

vocabulary(
    {
        "series.scheduled": gettext_lazy(
            "Meeting series “%(title)s” scheduled: %(meetings)s meetings from %(first)s"
        ),
        "meeting.scheduled": gettext_lazy("Meeting “%(title)s” scheduled on %(date)s"),
        "meeting.changed": gettext_lazy("Meeting “%(title)s” of %(date)s changed (%(scope)s)"),
        "meeting.cancelled": gettext_lazy("Meeting “%(title)s” of %(date)s cancelled (%(scope)s)"),
        "meeting.invitees": gettext_lazy(
            "Invitees of “%(title)s” of %(date)s: %(organisations)s organisations, %(people)s people"
        ),
    }
)


@transaction.atomic
def meeting_schedule(
    *,
    access: Access,
    title: str,
    date: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    gathering: str = Gathering.BODY,
    body_id: int | None = None,
    place: str = "",
    video_url: str = "",
    organisation_ids: list[int] | None = None,
    user_ids: list[int] | None = None,
) -> Meeting:
    """A one-off meeting. Invitees default to the body's member organisations (or every
    partner for a meeting of all partners)."""
    access.require_manage()
    problems: list[FieldProblem] = []
    title = clean_title(title, problems)
    body = body_for(access, gathering, body_id, problems)
    check_times(date, start_time, end_time, problems)
    video_url = clean_url(video_url, problems)
    orgs, users = invite(access, organisation_ids, user_ids, problems)
    raise_problems(problems)
    assert date and start_time and end_time
    zone = zone_of(access.collaborative)
    meeting = Meeting.objects.create(
        collaborative=access.collaborative,
        gathering=gathering,
        body=body,
        title=title,
        starts_at=_aware(date, start_time, zone),
        ends_at=_aware(date, end_time, zone),
        time_zone=zone,
        place=(place or "").strip()[:300],
        video_url=video_url,
    )
    meeting.invited_organisations.set(
        orgs if orgs is not None else default_invitees(access, gathering, body)
    )
    meeting.invited_users.set(users)
    record(access, "meeting.scheduled", title=title, date=date.isoformat())

    notifications.meeting_event(meeting, "meeting.scheduled")
    return meeting


def _check_version(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise ConflictError(
            _(
                "Someone changed this meeting since you opened it: reload the page to see their changes."
            ),
            current={"version": meeting.version, "title": meeting.title},
        )


@transaction.atomic
def meeting_update(
    *,
    access: Access,
    meeting_id: int,
    scope: str = "occurrence",
    version: int | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str | None = None,
    video_url: str | None = None,
) -> Meeting:
    """Change one occurrence (`scope="occurrence"`: it is then detached from the series) or this
    and every later occurrence not changed on its own (`scope="series"`; the date of a series'
    meetings follows the rule, so a new date applies to one occurrence only)."""
    access.require_manage()
    meeting = access.get_owned(Meeting.objects.select_for_update(), pk=meeting_id)
    _check_version(meeting, version)
    problems: list[FieldProblem] = []
    if scope not in ("occurrence", "series"):
        problems.append(FieldProblem("scope", _("Choose this occurrence or the whole series.")))
    if scope == "series" and meeting.series_id is None:
        problems.append(FieldProblem("scope", _("This meeting is not part of a series.")))
    zone = meeting.time_zone
    local = meeting.starts_at.astimezone(ZoneInfo(zone))
    day = date or local.date()
    start = start_time or local.time().replace(tzinfo=None)
    end = end_time or meeting.ends_at.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None)
    check_times(day, start, end, problems)
    if scope == "series" and date is not None and date != local.date():
        problems.append(
            FieldProblem(
                "date",
                _(
                    "A new date applies to this occurrence only: choose “this occurrence”, or keep the date."
                ),
            )
        )
    new_title = clean_title(title, problems) if title is not None else meeting.title
    new_video = clean_url(video_url, problems) if video_url is not None else meeting.video_url
    new_place = (place or "").strip()[:300] if place is not None else meeting.place
    raise_problems(problems)
    if scope == "occurrence":
        targets = [meeting]
        meeting.detached = meeting.series_id is not None
    else:
        targets = list(
            Meeting.objects.filter(
                series_id=meeting.series_id, sequence__gte=meeting.sequence, detached=False
            ).exclude(pk=meeting.pk)
        )
        targets.insert(0, meeting)
        series = meeting.series
        assert series is not None
        series.start_time, series.end_time = start, end
        series.place, series.video_url, series.title = new_place, new_video, new_title
        series.save()
    now = timezone.now()
    for m in targets:
        m_day = day if m.pk == meeting.pk else local_date(m)
        m.starts_at = _aware(m_day, start, zone)
        m.ends_at = _aware(m_day, end, zone)
        m.title, m.place, m.video_url = new_title, new_place, new_video
        m.version += 1
        m.updated_at = now
        m.save()
    record(access, "meeting.changed", title=new_title, date=day.isoformat(), scope=scope)

    notifications.meeting_event(meeting, "meeting.changed", meeting_ids=[m.pk for m in targets])
    return meeting


@transaction.atomic
def meeting_cancel(*, access: Access, meeting_id: int, scope: str = "occurrence") -> int:
    """Cancel one occurrence or this and every later one of its series; returns how many."""
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    if scope == "series" and meeting.series_id:
        qs = Meeting.objects.filter(series_id=meeting.series_id, sequence__gte=meeting.sequence)
    else:
        qs = Meeting.objects.filter(pk=meeting.pk)
    qs = qs.exclude(status=MeetingStatus.CANCELLED)
    ids = list(qs.values_list("pk", flat=True))
    n = qs.update(  # a new version: calendars replace the entry (SEQUENCE grows)
        status=MeetingStatus.CANCELLED, updated_at=timezone.now(), version=F("version") + 1
    )
    record(access, "meeting.cancelled", title=meeting.title, date=label(meeting), scope=scope)

    notifications.meeting_event(meeting, "meeting.cancelled", meeting_ids=ids)
    return n


@transaction.atomic
def meeting_invitees_set(
    *, access: Access, meeting_id: int, organisation_ids: list[int], user_ids: list[int]
) -> Meeting:
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    problems: list[FieldProblem] = []
    orgs, users = invite(access, organisation_ids, user_ids, problems)
    raise_problems(problems)
    meeting.invited_organisations.set(orgs or [])
    meeting.invited_users.set(users)
    record(
        access,
        "meeting.invitees",
        title=meeting.title,
        date=label(meeting),
        organisations=len(orgs or []),
        people=len(users),
    )
    return meeting


# The other write modules (their audit phrases are declared there; importing them here lets
# the audit vocabulary's discovery, which reads every app's `services`, find them). Agenda
# items' and series' writes are also part of this module's interface (views, the API, the
# command line and other apps call them here).
from braid.meetings import actions as actions  # noqa: E402
from braid.meetings import agenda_items as agenda_items  # noqa: E402
from braid.meetings import calendar as calendar  # noqa: E402
from braid.meetings import decisions as decisions  # noqa: E402
from braid.meetings import minutes as minutes  # noqa: E402
from braid.meetings import notifications as notifications  # noqa: E402
from braid.meetings import series as series  # noqa: E402

agenda_item_add = agenda_items.agenda_item_add
agenda_item_propose = agenda_items.agenda_item_propose
agenda_item_decide = agenda_items.agenda_item_decide
agenda_item_update = agenda_items.agenda_item_update
ITEM_FIELDS = agenda_items.ITEM_FIELDS
agenda_item_remove = agenda_items.agenda_item_remove
agenda_item_park = agenda_items.agenda_item_park
agenda_item_bring = agenda_items.agenda_item_bring
agenda_circulate = agenda_items.agenda_circulate
carry_forward = agenda_items.carry_forward
MAX_OCCURRENCES = series.MAX_OCCURRENCES
series_schedule = series.series_schedule

"""Wall-clock time of meetings: the rule of a series and its occurrences, computed on naive
local times and then placed in the collaborative's time zone, so "9:30" stays 9:30 across a
daylight-saving change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from django.conf import settings

from braid.collaboratives.models import Collaborative
from braid.meetings.models import Frequency, Meeting, MeetingStatus

INTERVALS = {
    Frequency.WEEKLY: ("WEEKLY", 1),
    Frequency.FORTNIGHTLY: ("WEEKLY", 2),
    Frequency.MONTHLY: ("MONTHLY", 1),
    Frequency.BIMONTHLY: ("MONTHLY", 2),
    Frequency.QUARTERLY: ("MONTHLY", 3),
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def zone_of(collaborative: Collaborative) -> str:
    """The collaborative's wall-clock time zone (the installation's, BRAID_TIME_ZONE)."""
    return str(getattr(collaborative, "time_zone", "") or settings.TIME_ZONE)


def rrule_for(frequency: str, first: dt.date, count: int) -> str:
    """The RFC 5545 rule: monthly kinds repeat the weekday of the first date's week of the month
    ("second Tuesday"; a fifth weekday becomes "last")."""
    freq, interval = INTERVALS[Frequency(frequency)]
    parts = [f"FREQ={freq}", f"INTERVAL={interval}", f"COUNT={count}"]
    if freq == "MONTHLY":
        nth = (first.day - 1) // 7 + 1
        parts.append(f"BYDAY={'-1' if nth == 5 else '+' + str(nth)}{WEEKDAYS[first.weekday()]}")
    return ";".join(parts)


def occurrences(rule: str, first: dt.date, start: dt.time) -> list[dt.datetime]:
    """Naive wall-clock datetimes of a rule: the time of day stays put across DST changes."""
    return list(rrulestr(rule, dtstart=dt.datetime.combine(first, start)))


def aware(day: dt.date, at: dt.time, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, at).replace(tzinfo=ZoneInfo(zone))


def local_date(meeting: Meeting) -> dt.date:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)).date()


@dataclass(frozen=True)
class AgendaNotice:
    """When the agenda is due out under the body's rules of procedure (`days` before the
    meeting's local date), and whether it is, or was, late. No rules, no notice period: None."""

    days: int
    due_on: dt.date
    late: bool
    circulated: bool


def agenda_notice(meeting: Meeting, today: dt.date | None = None) -> AgendaNotice | None:
    rules = meeting.body.rules if meeting.body_id and meeting.body else None
    if rules is None or rules.agenda_notice_days is None:
        return None
    due_on = local_date(meeting) - dt.timedelta(days=rules.agenda_notice_days)
    if meeting.agenda_circulated_at is not None:
        sent = meeting.agenda_circulated_at.astimezone(ZoneInfo(meeting.time_zone)).date()
        return AgendaNotice(rules.agenda_notice_days, due_on, sent > due_on, True)
    today = today or dt.datetime.now(ZoneInfo(meeting.time_zone)).date()
    late = today > due_on and meeting.status != MeetingStatus.CANCELLED
    return AgendaNotice(rules.agenda_notice_days, due_on, late, False)

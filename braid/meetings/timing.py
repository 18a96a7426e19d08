"""Wall-clock time of meetings: the rule of a series and its occurrences, computed on naive
local times and then placed in the collaborative's time zone, so "9:30" stays 9:30 across a
daylight-saving change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from django.conf import settings

from braid.collaboratives.models import Collaborative
from braid.meetings.models import Frequency, Meeting

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

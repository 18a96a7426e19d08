"""What the collaboration health page reads, once per page: per organisation from partners,
measures, the action plan and meetings (through their selectors), and the latest two
levels-of-collaboration rounds' networks; and whether the stewards share every partner's
health with all members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils import timezone

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.measures import selectors as measure_selectors
from braid.measures.models import Period
from braid.meetings import selectors as meeting_selectors
from braid.networks import selectors
from braid.networks.models import HealthSharing
from braid.partners.levels import partner_levels


def sharing(access: Access) -> bool:
    row = access.scope(HealthSharing).first()
    return bool(row and row.shared)


def _due_periods(access: Access, today: dt.date) -> list[Period]:
    return list(access.scope(Period).filter(due_date__lt=today).order_by("-due_date", "pk")[:4])


def _on_time(access: Access, today: dt.date) -> dict[int, tuple[int, int]]:
    """Per organisation: (reports owed for the last four due periods, submitted on time)."""
    periods = _due_periods(access, today)
    if not periods:
        return {}
    out: dict[int, tuple[int, int]] = {}
    due_of = {p.pk: p.due_date for p in periods}
    for organisation, cells in measure_selectors.completeness(access, periods):
        owed = [c for c in cells if c.owed]
        timely = 0
        for c in owed:
            sub = c.submission
            if sub is not None and sub.submitted_at is not None:
                when = timezone.localtime(sub.submitted_at).date()
                timely += when <= due_of[c.period.pk]
        out[organisation.pk] = (len(owed), timely)
    return out


def _activities(access: Access, today: dt.date) -> dict[int, tuple[int, int]]:
    """Per lead organisation: (live activities, on track)."""
    out: dict[int, tuple[int, int]] = {}
    for a in agenda_selectors.activities(access):
        if a.status not in ("planned", "under_way", "stalled"):
            continue
        live, ok = out.get(a.lead_id, (0, 0))
        on_track = a.status != "stalled" and not agenda_selectors.is_late(a, today)
        out[a.lead_id] = (live + 1, ok + on_track)
    return out


def _received(network: selectors.Network) -> dict[int, float]:
    got: dict[int, list[int]] = {}
    for (_rater, ratee), level in network.levels.items():
        got.setdefault(ratee, []).append(level)
    return {k: fmean(v) for k, v in got.items()}


@dataclass
class Inputs:
    """Everything read once for the page: per organisation, then the network rounds."""

    today: dt.date
    urls: dict[str, str]
    levels: list[Any]
    on_time: dict[int, tuple[int, int]]
    activities: dict[int, tuple[int, int]]
    attendance: dict[int, float]
    attendance_before: dict[int, float]
    actions: dict[int, list[Any]]
    actions_before: dict[int, int]
    latest: selectors.Network | None
    previous: selectors.Network | None
    received: dict[int, float]
    received_before: dict[int, float]


def _urls(slug: str) -> dict[str, str]:
    survey = reverse("networks:map", args=[slug]) + "?kind=survey"
    return {
        "observed": reverse("partners:levels", args=[slug]),
        "reported": survey,
        "on_time": reverse("measures:review", args=[slug]),
        "activities": reverse("agenda:plan", args=[slug]),
        "trust": survey,
        "ties": survey,
        "attendance": reverse("meetings:list", args=[slug]),
        "actions": reverse("meetings:actions_by_org", args=[slug]),
    }


def read(access: Access) -> Inputs:
    today = timezone.localdate()
    c = access.collaborative
    rounds = selectors.survey_networks(access)
    latest = rounds[-1] if rounds else None
    previous = rounds[-2] if len(rounds) > 1 else None
    return Inputs(
        today=today,
        urls=_urls(c.slug),
        levels=partner_levels(access),
        on_time=_on_time(access, today),
        activities=_activities(access, today),
        attendance=meeting_selectors.attendance_rates(c, 6, today=today),
        attendance_before=meeting_selectors.attendance_rates(
            c, 6, today=today - relativedelta(months=6, days=1)
        ),
        actions=meeting_selectors.open_actions_by_organisation(c),
        actions_before=meeting_selectors.open_action_counts(c, today - relativedelta(months=3)),
        latest=latest,
        previous=previous,
        received=_received(latest) if latest else {},
        received_before=_received(previous) if previous else {},
    )

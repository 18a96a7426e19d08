"""Helpers to build meetings in tests (through the services, as a steward would)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from braid.agenda.models import GovernanceBody
from braid.collaboratives.access import access_for
from braid.meetings import services
from braid.meetings.models import Meeting, Series


def make_body(
    collaborative: Any, *organisations: Any, name: str = "Steering committee"
) -> GovernanceBody:
    body = GovernanceBody.objects.create(collaborative=collaborative, name=name, kind="steering")
    body.member_organisations.set(organisations)
    return body


def make_meeting(
    steward: Any,
    collaborative: Any,
    body: GovernanceBody | None = None,
    *,
    date: dt.date = dt.date(2026, 3, 10),
    title: str = "Steering committee",
    **kw: Any,
) -> Meeting:
    access = access_for(steward, collaborative.slug)
    return services.meeting_schedule(
        access=access,
        title=title,
        date=date,
        start_time=dt.time(9, 30),
        end_time=dt.time(11, 0),
        gathering="body" if body else "all_partners",
        body_id=body.pk if body else None,
        **kw,
    )


def make_series(
    steward: Any,
    collaborative: Any,
    body: GovernanceBody,
    *,
    date: dt.date = dt.date(2026, 1, 13),
    count: int = 4,
    frequency: str = "monthly",
    **kw: Any,
) -> Series:
    access = access_for(steward, collaborative.slug)
    return services.series_schedule(
        access=access,
        title="Steering committee",
        frequency=frequency,
        date=date,
        start_time=dt.time(9, 30),
        end_time=dt.time(11, 0),
        count=count,
        body_id=body.pk,
        **kw,
    )

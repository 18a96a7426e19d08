from __future__ import annotations

import datetime as dt
from typing import Any

from braid.agenda.models import Activity, Goal, Objective
from braid.collaboratives.tests.factories import OrganisationFactory


def make_objective(collaborative: Any, title: str = "Keep students in school") -> Objective:
    goal = Goal.objects.create(collaborative=collaborative, title="Youth connected")
    return Objective.objects.create(collaborative=collaborative, goal=goal, title=title)


def make_activity(collaborative: Any, lead: Any = None, **kwargs: Any) -> Activity:
    lead = lead or OrganisationFactory(collaborative=collaborative, status="partner")
    fields = {
        "title": "Mentoring",
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        **kwargs,
    }
    return Activity.objects.create(collaborative=collaborative, lead=lead, **fields)

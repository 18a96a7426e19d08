"""Link the demo's indicators to the common agenda's objectives (after measures has run)."""

from __future__ import annotations

from braid.agenda.models import Objective
from braid.collaboratives.models import Collaborative
from braid.demo.agenda import INDICATOR_LINKS
from braid.measures.models import Indicator


def seed(collaborative: Collaborative) -> None:
    objectives = {o.title: o for o in Objective.objects.filter(collaborative=collaborative)}
    for indicator in Indicator.objects.filter(
        collaborative=collaborative, code__in=INDICATOR_LINKS
    ):
        objective = objectives.get(INDICATOR_LINKS[indicator.code])
        if objective is not None:
            indicator.objectives.add(objective)

from __future__ import annotations

import pytest

from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.measures.tests.factories import indicator, period


@pytest.fixture
def measures(collaborative, organisation):  # type: ignore[no-untyped-def]
    police = OrganisationFactory(collaborative=collaborative, name="Riverside Police")
    served = indicator(
        collaborative,
        "youth-served",
        [organisation, police],
        min_value=0,
        disaggregations={"gender": ["girls", "boys"]},
        baseline_value=10,
    )
    periods = [period(collaborative, f"2026-{m:02d}", m) for m in range(1, 5)]
    from braid.measures.models import Target

    Target.objects.create(
        collaborative=collaborative, indicator=served, period=periods[-1], value=30
    )
    return {"served": served, "periods": periods, "org": organisation, "police": police}


@pytest.fixture
def setup(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    police = OrganisationFactory(collaborative=collaborative, name="Riverside Police")
    served = indicator(
        collaborative,
        "youth-served",
        [organisation, police],
        min_value=0,
        max_value=10_000,
        disaggregations={"gender": ["girls", "boys"]},
    )
    pct = indicator(
        collaborative,
        "school-return",
        [organisation],
        quadrant="better_off_pct",
        aggregation="weighted_mean",
    )
    for m in range(1, 4):
        period(collaborative, f"2026-{m:02d}", m)
    return {
        "access": access_for(steward, collaborative.slug),
        "served": served,
        "pct": pct,
        "org": organisation,
        "police": police,
    }

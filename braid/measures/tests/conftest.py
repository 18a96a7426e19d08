from __future__ import annotations

import pytest

from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.measures.tests.factories import indicator, period


def _served(collaborative, organisation, **extra):  # type: ignore[no-untyped-def]
    """Riverside Police and the youth-served count both partners report, by gender."""
    police = OrganisationFactory(collaborative=collaborative, name="Riverside Police")
    served = indicator(
        collaborative,
        "youth-served",
        [organisation, police],
        min_value=0,
        disaggregations={"gender": ["girls", "boys"]},
        **extra,
    )
    return police, served


@pytest.fixture
def measures(collaborative, organisation):  # type: ignore[no-untyped-def]
    police, served = _served(collaborative, organisation, baseline_value=10)
    periods = [period(collaborative, f"2026-{m:02d}", m) for m in range(1, 5)]
    from braid.measures.models import Target

    Target.objects.create(
        collaborative=collaborative, indicator=served, period=periods[-1], value=30
    )
    return {"served": served, "periods": periods, "org": organisation, "police": police}


@pytest.fixture
def setup(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """The values-import tests' collaborative: a count with a range and a percentage."""
    police, served = _served(collaborative, organisation, max_value=10_000)
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

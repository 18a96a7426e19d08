"""What the reports tests share: one indicator with approved figures and a story."""

from __future__ import annotations

import pytest

from braid.measures.models import Story, Submission, Value
from braid.measures.services import aggregates_refresh
from braid.measures.tests.factories import indicator, period


@pytest.fixture
def figures(collaborative, organisation):  # type: ignore[no-untyped-def]
    """One indicator, 120 then 150 served in January and February 2026, approved."""
    collaborative.suppression_threshold = 5
    collaborative.save()
    ind = indicator(collaborative, "served", [organisation], name="Young people served")
    jan, feb = period(collaborative, "2026-01", 1), period(collaborative, "2026-02", 2)
    for p, v in ((jan, 120), (feb, 150)):
        Value.objects.create(
            collaborative=collaborative, indicator=ind, organisation=organisation, period=p, value=v
        )
        Submission.objects.create(
            collaborative=collaborative, organisation=organisation, period=p, status="approved"
        )
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={ind.pk})
    Story.objects.create(
        collaborative=collaborative, indicator=ind, period=feb, text="Two new youth hubs opened."
    )
    return {"indicator": ind, "jan": jan, "feb": feb}

"""Demo data: the health centre corrects the figure its returned report was returned for, so
the value history has a change to show (who, when, before, after, why)."""

from __future__ import annotations

from braid.accounts.models import User
from braid.collaboratives.access import access_for
from braid.collaboratives.models import Collaborative
from braid.measures.models import Indicator, Submission, Value, ValueHistory
from braid.measures.services import values_save


def seed(collaborative: Collaborative) -> None:
    if ValueHistory.objects.filter(collaborative_id=collaborative.pk).exists():
        return  # seeded already: the demo loads once
    returned = Submission.objects.filter(collaborative=collaborative, status="returned").first()
    ind = Indicator.objects.filter(collaborative=collaborative, code="ed-assault-visits").first()
    if returned is None or ind is None:
        return
    value = Value.objects.filter(
        collaborative=collaborative,
        indicator=ind,
        organisation_id=returned.organisation_id,
        period_id=returned.period_id,
        disaggregation="",
    ).first()
    if value is None or value.value is None:
        return
    values_save(
        access=access_for(User.objects.get(email="partner@demo.braid"), collaborative.slug),
        organisation_id=returned.organisation_id,
        period_id=returned.period_id,
        values={(ind.pk, ""): max(0, int(value.value) - 3)},
        reason="Three visits were counted twice.",
    )

"""`selectors.period_results`: what a report of a period shows of the surveys, through the floor."""

from __future__ import annotations

import datetime as dt

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership, Role
from braid.demo.seed import load_demo
from braid.surveys import results, selectors
from braid.surveys.models import Round


def test_a_period_holds_the_rounds_that_closed_in_it_with_the_factors_shown(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo()
    steward = Membership.objects.filter(collaborative=demo, role=Role.STEWARD).first().user  # type: ignore[union-attr]
    audience = access_for(steward, demo.slug).audience
    latest = Round.objects.filter(collaborative=demo).order_by("-closes_on").first()
    assert latest is not None
    found = selectors.period_results(audience, demo, latest.closes_on, latest.closes_on)
    assert {r.round_title for r in found} == {latest.title}
    factors = next(r for r in found if r.factors)
    direct = next(
        r
        for r in results.round_results(audience, latest)
        if str(r.instrument.title) == factors.instrument
    )
    assert direct.scored is not None
    shown = [s for s in direct.scored.factors if direct.shown_score(s)]
    assert [m for _f, m, _c in factors.factors] == [s.mean for s in shown]
    before = latest.closes_on - dt.timedelta(days=1)
    assert all(
        r.round_title != latest.title
        for r in selectors.period_results(
            audience, demo, latest.opens_on - dt.timedelta(days=400), before
        )
    )

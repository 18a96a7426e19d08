"""The demo's survey story: two closed check-ups a year apart, a sector below the floor, pairs
that disagree, scores that moved, a network that densified."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.demo.seed import load_demo
from braid.surveys import results, selectors
from braid.surveys.models import Round


def test_demo_rounds_tell_their_story(db) -> None:  # type: ignore[no-untyped-def]
    collaborative = load_demo()
    load_demo()  # twice changes nothing
    rounds = list(Round.objects.filter(collaborative=collaborative).order_by("opens_on"))
    assert [r.title for r in rounds] == [
        "Partnership check-up, last year",
        "Partnership check-up, this year",
    ]
    access = access_for(collaborative_steward(collaborative), collaborative.slug)
    factors = results.instrument_result(access.audience, rounds[1], "braid-factors@1")
    assert factors is not None and factors.shown and factors.previous == rounds[0]
    assert factors.changes["open_communication"] > 0.5 and factors.changes["means"] < -0.3
    hidden = {g.key: g.reason for g in factors.sectors if g.reason}
    assert hidden.get("philanthropy") == "small" and "complementary" in hidden.values()
    net = [
        selectors.network_ratings(collaborative, r.id)
        for r in selectors.network_rounds(collaborative)
    ]
    assert len(net) == 2
    level = {(r.rater_id, r.ratee_id): r.level for r in net[1].ratings}
    disagree = [p for p, v in level.items() if abs(v - level.get((p[1], p[0]), v)) >= 2]
    assert len(disagree) >= 4  # two pairs, both directions
    mean = lambda n: sum(r.level for r in n.ratings) / len(n.ratings)  # noqa: E731
    assert mean(net[1]) > mean(net[0])
    page = Client()
    page.login(email="steward@demo.braid", password="demo-steward")
    body = page.get(
        reverse("surveys:results", args=[collaborative.slug, rounds[1].pk])
    ).content.decode()
    assert "hidden: too few answered" in body and "compared with" in body


def collaborative_steward(collaborative):  # type: ignore[no-untyped-def]
    from braid.collaboratives.models import Membership

    return Membership.objects.filter(collaborative=collaborative, role="steward").first().user

"""What reports read of the networks module: the collaborative's health signals."""

from __future__ import annotations

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership, Role
from braid.demo.seed import load_demo
from braid.networks import selectors
from braid.networks.health import collaboration_health


def test_health_overall_is_the_collaboratives_signals_as_the_page_shows_them(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo()
    steward = Membership.objects.filter(collaborative=demo, role=Role.STEWARD).first().user  # type: ignore[union-attr]
    access = access_for(steward, demo.slug)
    signals = selectors.health_overall(access)
    assert signals and [(s.label, s.value) for s in signals] == [
        (s.label, s.value) for s in collaboration_health(access).overall
    ]

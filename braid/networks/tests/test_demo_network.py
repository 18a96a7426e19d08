"""The demo's network tells the issue's story (on the surveys demo's two check-ups): ties got
stronger between the rounds, City Parks and Recreation drifted away, pairs disagree, and one
key player holds the network (the residents' association reaches it only through the Youth
Wraparound Network)."""

from __future__ import annotations

import pytest

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership
from braid.demo.seed import load_demo
from braid.networks import selectors
from braid.networks.health import collaboration_health
from braid.networks.models import LogEntry, TargetLevel


@pytest.fixture
def demo(db):
    collaborative = load_demo()
    steward = Membership.objects.filter(collaborative=collaborative, role="steward").first().user
    return access_for(steward, collaborative.slug)


def test_demo_network_story(demo):
    first, second = selectors.survey_networks(demo)[-2:]

    def mean_level(n):
        return sum(n.levels.values()) / len(n.levels)

    assert mean_level(second) > mean_level(first)
    strong = [sum(1 for t in n.ties if t.strength >= 3) for n in (first, second)]
    assert strong[1] > strong[0]
    names = {n.id: n.name for n in second.nodes}
    parks = next(pk for pk, name in names.items() if name == "City Parks and Recreation")
    assert second.measures.by_node()[parks].degree < first.measures.by_node()[parks].degree
    assert first.measures.by_node()[parks].core and not second.measures.by_node()[parks].core
    health = {p.name: p for p in collaboration_health(demo).partners}
    drift = "It has drifted from the core of the network to its periphery since the last round."
    assert [name for name, p in health.items() if drift in p.attention] == [
        "City Parks and Recreation"
    ]
    assert [names[k] for k in second.measures.key_players] == ["Youth Wraparound Network"]
    assert len(selectors.disagreeing_pairs(second)) >= 2
    assert LogEntry.objects.filter(visibility="public").count() == 2
    assert TargetLevel.objects.filter(partner__isnull=False).count() == 1
    # Seeding again changes nothing.
    load_demo(force=True)
    assert len(selectors.survey_networks(demo)) == 2
    assert LogEntry.objects.count() == 4

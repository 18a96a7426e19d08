"""The demo's network tells the issue's story: it densified between the two rounds, City Parks
and Recreation drifted to the periphery, two pairs disagree, and one key player holds it."""

from __future__ import annotations

import pytest

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership
from braid.demo.seed import load_demo
from braid.networks import selectors
from braid.networks.models import LogEntry


@pytest.fixture
def demo(db):
    collaborative = load_demo()
    steward = Membership.objects.filter(collaborative=collaborative, role="steward").first().user
    return access_for(steward, collaborative.slug)


def test_demo_network_story(demo):
    first, second = selectors.survey_networks(demo)[-2:]
    assert second.measures.density > first.measures.density
    names = {n.id: n.name for n in second.nodes}
    parks = next(pk for pk, name in names.items() if name == "City Parks and Recreation")
    assert first.measures.by_node()[parks].core and not second.measures.by_node()[parks].core
    assert [names[k] for k in second.measures.key_players] == ["Youth Wraparound Network"]
    pairs = selectors.disagreeing_pairs(second)
    assert len(pairs) == 2
    assert LogEntry.objects.filter(visibility="public").count() == 2
    # Seeding again changes nothing.
    load_demo(force=True)
    assert len(selectors.survey_networks(demo)) == 2

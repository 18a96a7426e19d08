"""Collaboration health: signals with their definitions, what needs attention, and who sees
another partner's weak spots (the disclosure policy's sees_weak_spots_of)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.networks.models import HealthSharing


@pytest.fixture
def plan(collaborative, organisation):
    """The partner persona's organisation leads one late activity; another partner leads one
    on track."""
    other = OrganisationFactory(collaborative=collaborative, name="Parks")
    make_activity(
        collaborative,
        organisation,
        title="Late",
        status="under_way",
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 30),
    )
    make_activity(
        collaborative,
        other,
        title="Fine",
        status="under_way",
        start=dt.date(2020, 1, 1),
        end=dt.date(2099, 1, 1),
    )
    return organisation, other


def url(c):
    return reverse("networks:health", args=[c.slug])


def test_steward_sees_every_partner_with_definitions(steward_client, collaborative, plan):
    own, other = plan
    response = steward_client.get(url(collaborative))
    health = response.context["health"]
    names = {p.name for p in health.partners}
    assert {own.name, other.name} <= names
    by = {p.name: p for p in health.partners}
    signal = {s.key: s for s in by[own.name].signals}["activities"]
    assert signal.value == "0 of 1" and signal.weak
    assert "1 of the activities it leads are stalled or past their end." in by[own.name].attention
    overall = {s.key: s for s in health.overall}
    assert overall["activities"].value == "1 of 2"
    body = response.content.decode()
    assert "the share neither stalled nor past its end" in body


def test_partner_sees_only_its_own(partner_client, collaborative, plan):
    own, _other = plan
    health = partner_client.get(url(collaborative)).context["health"]
    assert [p.name for p in health.partners] == [own.name]
    assert health.hidden_partners >= 1


def test_viewer_sees_the_collaborative_until_the_stewards_share(
    viewer_client, steward_client, collaborative, plan
):
    body = viewer_client.get(url(collaborative)).content.decode()
    health = viewer_client.get(url(collaborative)).context["health"]
    assert health.partners == [] and health.overall
    assert "Late" not in body
    assert viewer_client.post(url(collaborative), {"shared": "1"}).status_code == 403
    assert steward_client.post(url(collaborative), {"shared": "1"}).status_code == 302
    assert HealthSharing.objects.get().shared
    health = viewer_client.get(url(collaborative)).context["health"]
    assert {p.name for p in health.partners} >= {plan[0].name, plan[1].name}


def test_empty_collaborative(steward_client, collaborative):
    body = steward_client.get(url(collaborative)).content.decode()
    assert "Nothing to measure yet" in body

"""Who sees the backbone's candid stakeholder analysis and contacts' details is the
collaborative's choice (default: stewards only), read through the disclosure policy; pages
tell the steward who else sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.partners.models import Contact, StakeholderRating


@pytest.fixture
def rated(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    StakeholderRating.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        influence=5,
        proximity=2,
        stance="sceptic",
        apprehensions="Fears losing its funding",
        rated_by=steward,
    )
    Contact.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        name="Dana Roy",
        email="dana@eastside.example",
    )
    return organisation


def _pages(client, collaborative, org):  # type: ignore[no-untyped-def]
    slug = collaborative.slug
    return "".join(
        client.get(url).content.decode()
        for url in (
            reverse("partners:detail", args=[slug, org.pk]),
            reverse("partners:stakeholders", args=[slug]),
            reverse("partners:export", args=[slug]) + "?format=csv",
        )
    )


def test_by_default_only_stewards_see_ratings_and_contact_details(
    steward_client, viewer_client, collaborative, rated
):  # type: ignore[no-untyped-def]
    steward = _pages(steward_client, collaborative, rated)
    assert "Fears losing its funding" in steward and "dana@eastside.example" in steward
    assert "Only the stewards see this." in steward
    viewer = _pages(viewer_client, collaborative, rated)
    assert "Fears losing its funding" not in viewer and "Sceptic" not in viewer
    assert "dana@eastside.example" not in viewer
    assert "Dana Roy" in viewer  # the person, not how to reach them
    assert "keep the stakeholder analysis to themselves" in viewer


def test_api_follows_the_same_rule(client, viewer, collaborative, rated):  # type: ignore[no-untyped-def]
    base = f"/api/v1/collaboratives/{collaborative.slug}"
    headers = bearer(viewer)
    assert client.get(f"{base}/stakeholders", **headers).json() == []
    assert client.get(f"{base}/organisations/{rated.pk}/ratings", **headers).json() == []
    detail = client.get(f"{base}/organisations/{rated.pk}", **headers).json()
    assert [(c["name"], c["email"]) for c in detail["contacts"]] == [("Dana Roy", "")]


def test_a_partner_sees_its_own_contacts_details(partner_client, collaborative, rated):  # type: ignore[no-untyped-def]
    page = _pages(partner_client, collaborative, rated)
    assert "dana@eastside.example" in page
    assert "Fears losing its funding" not in page


def test_a_collaborative_may_share_them_with_every_member(
    steward_client, viewer_client, steward, collaborative, rated
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.services import collaborative_update

    collaborative_update(
        access=access_for(steward, collaborative.slug), shares_stakeholder_analysis=True
    )
    viewer = _pages(viewer_client, collaborative, rated)
    assert "Fears losing its funding" in viewer and "dana@eastside.example" in viewer
    steward_page = _pages(steward_client, collaborative, rated)
    assert "Every member of the collaborative (partners and viewers) sees this." in steward_page
    settings_page = steward_client.get(
        reverse("collaboratives:settings", args=[collaborative.slug])
    ).content.decode()
    assert "Partners and viewers see the stakeholder analysis" in settings_page

"""Target levels: set per partner or pair by stewards, shown beside the observed level (the
levels evidence) and the reported one, with the gap."""

from __future__ import annotations

from django.urls import reverse

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.networks.models import TargetLevel


def test_partner_target_against_observed_and_pair_against_shared_work(
    steward_client, collaborative
):
    police = OrganisationFactory(collaborative=collaborative, name="Police")
    schools = OrganisationFactory(collaborative=collaborative, name="Schools")
    a = make_activity(collaborative, police)
    a.supporters.set([schools])
    url = reverse("networks:targets", args=[collaborative.slug])
    response = steward_client.post(url, {"organisation_id": police.pk, "level": 3})
    assert response.status_code == 302
    response = steward_client.post(
        url,
        {"organisation_id": schools.pk, "partner_id": police.pk, "level": 3, "by": "2027-06-30"},
    )
    assert response.status_code == 302
    rows = steward_client.get(url).context["rows"]
    by_who = {r.who: r for r in rows}
    partner_row = by_who["Police"]
    # A partner with a status of partner and no other evidence is observed at networking (1)
    # or below: the gap is the target minus it.
    assert partner_row.observed is not None and partner_row.gap == 3 - partner_row.observed
    pair = by_who["Police – Schools"]
    assert pair.shared_activities == 1 and pair.reported is None and pair.gap is None
    body = steward_client.get(url).content.decode()
    assert "1 shared activity" in body


def test_bad_target_keeps_the_form(steward_client, collaborative):
    police = OrganisationFactory(collaborative=collaborative, name="Police")
    url = reverse("networks:targets", args=[collaborative.slug])
    response = steward_client.post(
        url, {"organisation_id": police.pk, "partner_id": police.pk, "level": 2}
    )
    assert response.status_code == 200
    assert "A pair needs two different organisations." in response.content.decode()
    assert not TargetLevel.objects.exists()


def test_viewer_sees_no_form_and_cannot_post(viewer_client, collaborative):
    police = OrganisationFactory(collaborative=collaborative, name="Police")
    url = reverse("networks:targets", args=[collaborative.slug])
    assert "Set a target level" not in viewer_client.get(url).content.decode()
    assert viewer_client.post(url, {"organisation_id": police.pk, "level": 2}).status_code == 403

"""The common agenda: versions, conflicts between two stewards, endorsements."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.agenda import services
from braid.agenda.models import AgendaVersion, Endorsement
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer, make_persona
from braid.core.errors import ConflictError, ServiceError

API = "/api/v1/collaboratives/riverside"


@pytest.fixture
def partner_org(organisation):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    return organisation


def test_each_save_is_a_new_version_and_history_shows_what_changed(steward, steward_client):  # type: ignore[no-untyped-def]
    url = reverse("agenda:agenda_edit", args=["riverside"])
    r = steward_client.post(
        url, {"base_number": 0, "problem": "Youth violence is rising.", "vision": "Safe streets"}
    )
    assert r.status_code == 302
    r = steward_client.post(
        url,
        {
            "base_number": 1,
            "problem": "Youth violence is rising fast.",
            "vision": "Safe streets",
            "change_note": "sharper",
        },
    )
    assert r.status_code == 302
    versions = list(AgendaVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].problem == "Youth violence is rising."  # the old text is kept
    page = steward_client.get(reverse("agenda:agenda", args=["riverside"])).content.decode()
    assert "Youth violence is rising fast." in page and "Version 2" in page
    history = steward_client.get(
        reverse("agenda:agenda_history", args=["riverside"])
    ).content.decode()
    assert "<del>rising.</del>" in history and "<ins>rising fast.</ins>" in history
    assert "sharper" in history


def test_second_steward_saving_an_old_version_is_refused_and_shown_the_changes(
    collaborative, steward, steward_client
):  # type: ignore[no-untyped-def]
    other = make_persona(collaborative, "steward", email="second@example.org")
    access = access_for(other, "riverside")
    services.agenda_save(access=access, base_number=0, problem="Original")
    # Both open version 1; the other steward saves first.
    services.agenda_save(access=access, base_number=1, problem="Original", vision="Theirs")
    r = steward_client.post(
        reverse("agenda:agenda_edit", args=["riverside"]),
        {"base_number": 1, "problem": "Mine", "vision": ""},
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "saved version 2 while you were editing version 1" in page
    assert "Theirs" in page  # their change is shown
    assert "Mine</textarea>" in page  # and mine is still in the form
    assert 'name="base_number" value="2"' in page  # saving again after merging is accepted
    assert AgendaVersion.objects.count() == 2
    assert AgendaVersion.objects.get(number=2).vision == "Theirs"  # nothing lost


def test_conflict_in_the_api_is_409_with_the_changes(steward):  # type: ignore[no-untyped-def]
    from django.test import Client

    client, headers = Client(), bearer(steward)
    r = client.post(
        API + "/agenda/versions",
        {"base_number": 0, "problem": "A"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201 and r.json()["number"] == 1
    r = client.post(
        API + "/agenda/versions",
        {"base_number": 1, "problem": "B"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201
    r = client.post(
        API + "/agenda/versions",
        {"base_number": 1, "problem": "C"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 409
    body = r.json()
    assert body["current"]["number"] == 2
    assert body["current"]["changes"]["problem"] == {
        "label": "Problem statement",
        "before": "A",
        "theirs": "B",
    }
    assert client.get(API + "/agenda", **headers).json()["problem"] == "B"


def test_saving_nothing_new_or_empty_is_refused(steward):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    with pytest.raises(ServiceError, match="problem statement"):
        services.agenda_save(access=access, base_number=0)
    services.agenda_save(access=access, base_number=0, problem="P")
    with pytest.raises(ServiceError, match="Nothing changed"):
        services.agenda_save(access=access, base_number=1, problem="P")


def test_partner_endorses_for_its_own_organisation_once(
    steward, partner, partner_client, partner_org
):  # type: ignore[no-untyped-def]
    services.agenda_save(access=access_for(steward, "riverside"), base_number=0, problem="P")
    page = partner_client.get(reverse("agenda:agenda", args=["riverside"])).content.decode()
    assert "Endorse version 1 for my organisation" in page
    partner_client.post(reverse("agenda:agenda_endorse", args=["riverside"]), {"number": 1})
    e = Endorsement.objects.get()
    assert e.organisation == partner_org and e.version.number == 1
    page = partner_client.get(reverse("agenda:agenda", args=["riverside"])).content.decode()
    assert "Endorse version 1" not in page and "endorsed" in page
    with pytest.raises(ConflictError):
        services.agenda_endorse(access=access_for(partner, "riverside"), number=1)
    from django.test import Client

    r = Client().post(
        API + "/agenda/versions/1/endorsements",
        {},
        content_type="application/json",
        **bearer(partner),
    )
    assert r.status_code == 409
    assert Endorsement.objects.count() == 1


def test_a_new_version_needs_new_endorsements(steward, partner, partner_org):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    services.agenda_save(access=access, base_number=0, problem="P")
    services.agenda_endorse(access=access_for(partner, "riverside"), number=1)
    # Over an endorsed version nothing is saved until the editor confirms (form, API, any
    # caller: the rule is the service's).
    with pytest.raises(ServiceError) as refused:
        services.agenda_save(access=access, base_number=1, problem="P2")
    assert [p.field for p in refused.value.problems] == ["confirm_new_version"]
    assert "1 endorsements" in refused.value.message
    assert services.agenda_current(access.collaborative.pk).number == 1
    services.agenda_save(access=access, base_number=1, problem="P2", confirm_new_version=True)
    from braid.agenda.selectors import endorsements

    (row,) = endorsements(access, services.agenda_current(access.collaborative.pk))
    assert row.endorsement is None and row.latest_endorsed == 1


def test_partner_cannot_endorse_for_another_organisation_or_edit(
    partner, partner_client, steward, collaborative
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.tests.factories import OrganisationFactory

    services.agenda_save(access=access_for(steward, "riverside"), base_number=0, problem="P")
    other = OrganisationFactory(collaborative=collaborative, status="partner")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.agenda_endorse(
            access=access_for(partner, "riverside"), number=1, organisation_id=other.pk
        )
    assert partner_client.get(reverse("agenda:agenda_edit", args=["riverside"])).status_code == 403
    assert (
        partner_client.post(
            reverse("agenda:agenda_edit", args=["riverside"]), {"base_number": 1, "problem": "x"}
        ).status_code
        == 403
    )
    assert AgendaVersion.objects.count() == 1


def test_steward_records_an_endorsement_but_not_for_a_prospect(steward, collaborative):  # type: ignore[no-untyped-def]
    from braid.collaboratives.tests.factories import OrganisationFactory

    access = access_for(steward, "riverside")
    services.agenda_save(access=access, base_number=0, problem="P")
    prospect = OrganisationFactory(collaborative=collaborative, status="prospect")
    with pytest.raises(ServiceError, match="not a partner yet"):
        services.agenda_endorse(access=access, number=1, organisation_id=prospect.pk)
    partner = OrganisationFactory(collaborative=collaborative, status="partner")
    e = services.agenda_endorse(access=access, number=1, organisation_id=partner.pk)
    assert e.endorsed_by == steward


def test_the_api_asks_before_a_new_version_restarts_endorsements(steward, partner, partner_org):  # type: ignore[no-untyped-def]
    from django.test import Client

    services.agenda_save(access=access_for(steward, "riverside"), base_number=0, problem="P")
    services.agenda_endorse(access=access_for(partner, "riverside"), number=1)
    client, headers = Client(), bearer(steward)
    body = {"base_number": 1, "problem": "P2"}
    refused = client.post(
        API + "/agenda/versions", body, content_type="application/json", **headers
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "confirm_new_version"
    assert AgendaVersion.objects.count() == 1 and Endorsement.objects.count() == 1
    ok = client.post(
        API + "/agenda/versions",
        body | {"confirm_new_version": True},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201 and ok.json()["number"] == 2
    assert Endorsement.objects.count() == 1  # version 1's endorsement stays in the history

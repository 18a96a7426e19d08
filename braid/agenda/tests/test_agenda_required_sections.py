"""A required section of the common agenda cannot be blanked: nothing is saved, the endorsements stay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.agenda import services
from braid.agenda.models import AgendaVersion, Endorsement
from braid.collaboratives.access import access_for
from braid.core.errors import ServiceError


@pytest.fixture
def partner_org(organisation):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    return organisation


def test_blanking_the_problem_statement_is_refused_and_endorsements_stay(
    steward, partner, partner_org, steward_client
):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    services.agenda_save(
        access=access, base_number=0, problem="Youth leave school", vision="All graduate"
    )
    services.agenda_endorse(access=access_for(partner, "riverside"), number=1)
    with pytest.raises(ServiceError) as exc:
        services.agenda_save(access=access, base_number=1, problem="  ", vision="All graduate")
    assert [p.field for p in exc.value.problems] == ["problem"]
    assert AgendaVersion.objects.count() == 1 and Endorsement.objects.count() == 1

    # The page says so beside the field and keeps what was typed in the other sections.
    url = reverse("agenda:agenda_edit", args=["riverside"])
    response = steward_client.post(
        url,
        {
            "base_number": 1,
            "problem": "",
            "vision": "All graduate, together",
            "mission": "M",
            "confirm_new_version": "on",
        },
    )
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "cannot be emptied" in html and "All graduate, together" in html
    assert AgendaVersion.objects.count() == 1


def test_saving_over_an_endorsed_version_says_so_and_asks_first(
    steward, partner, partner_org, steward_client
):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    services.agenda_save(access=access, base_number=0, problem="P", vision="V")
    services.agenda_endorse(access=access_for(partner, "riverside"), number=1)
    url = reverse("agenda:agenda_edit", args=["riverside"])
    page = steward_client.get(url).content.decode()
    assert "Version 1 has 1 endorsement." in page
    assert "partners are asked to endorse it again" in page
    typed = {"base_number": 1, "problem": "P, sharper", "vision": "V"}
    refused = steward_client.post(url, typed)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Tick this to save: a new version starts without endorsements." in html
    assert "P, sharper" in html and AgendaVersion.objects.count() == 1
    saved = steward_client.post(url, {**typed, "confirm_new_version": "on"})
    assert saved.status_code == 302 and AgendaVersion.objects.count() == 2
    assert Endorsement.objects.get().version.number == 1  # the endorsement stays with v1


def test_a_first_agenda_or_one_nobody_endorsed_asks_nothing(steward, steward_client):  # type: ignore[no-untyped-def]
    url = reverse("agenda:agenda_edit", args=["riverside"])
    assert "confirm_new_version" not in steward_client.get(url).content.decode()
    assert steward_client.post(url, {"base_number": 0, "problem": "P"}).status_code == 302
    assert steward_client.post(url, {"base_number": 1, "problem": "P2"}).status_code == 302

"""The register, the pipeline, outreach, ratings and what each role may do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.core.errors import ServiceError
from braid.partners import selectors, services
from braid.partners.models import Contact, Organisation, OutreachEntry, StakeholderRating


@pytest.fixture
def steward_access(steward, collaborative):  # type: ignore[no-untyped-def]
    return access_for(steward, collaborative.slug)


@pytest.mark.parametrize(
    "typed", ["eastside health centre", "Eastside  Health Centre", "Eastside Heälth Centre"]
)
def test_duplicate_names_are_caught_across_case_accents_and_spaces(
    steward_access, organisation, typed
):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.organisation_create(access=steward_access, name=typed, sector="health")
    assert exc.value.problems[0].field == "name"
    assert "Eastside Health Centre" in exc.value.problems[0].message
    assert Organisation.objects.count() == 1


def test_near_duplicate_gets_a_did_you_mean(steward_access, organisation):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.organisation_create(access=steward_access, name="Eastside Helth Centre")
    assert exc.value.problems[0].message.startswith("Did you mean “Eastside Health Centre”")


def test_unknown_sector_and_bad_website_are_reported_together(steward_access):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.organisation_create(
            access=steward_access, name="New", sector="spaceship", website="nope"
        )
    assert {p.field for p in exc.value.problems} == {"sector", "website"}


def test_custom_sector_becomes_valid(steward_access):  # type: ignore[no-untyped-def]
    services.custom_sector_add(access=steward_access, code="", label="Faith communities")
    org = services.organisation_create(
        access=steward_access, name="St. Mark's", sector="faith_communities"
    )
    assert org.sector == "faith_communities"


def test_becoming_a_partner_sets_the_joining_date_and_is_audited(steward_access, organisation):  # type: ignore[no-untyped-def]
    organisation.status = "in_discussion"
    organisation.save()
    services.organisation_set_status(
        access=steward_access,
        organisation_id=organisation.pk,
        status="partner",
        on=dt.date(2026, 3, 1),
    )
    organisation.refresh_from_db()
    assert organisation.joined_on == dt.date(2026, 3, 1) and organisation.role == "partner"
    event = AuditEvent.objects.get(action="organisation.status_changed")
    assert event.details == {
        "organisation": organisation.pk,
        "name": organisation.name,
        "before": "in_discussion",
        "after": "partner",
    }


def test_logging_a_contact_moves_a_prospect_to_contacted_and_lists_the_follow_up(steward_access):  # type: ignore[no-untyped-def]
    org = services.organisation_create(access=steward_access, name="School Board")
    today = dt.date.today()
    services.outreach_log(
        access=steward_access,
        organisation_id=org.pk,
        channel="call",
        next_step="Send deck",
        follow_up_on=today + dt.timedelta(days=3),
    )
    org.refresh_from_db()
    assert org.status == "contacted"
    assert [e.organisation.name for e in selectors.follow_ups_due(steward_access)] == [
        "School Board"
    ]


def test_follow_up_before_the_contact_is_refused(steward_access, organisation):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.outreach_log(
            access=steward_access,
            organisation_id=organisation.pk,
            channel="call",
            date=dt.date(2026, 5, 1),
            follow_up_on=dt.date(2026, 4, 1),
        )
    assert exc.value.problems[0].field == "follow_up_on"


def test_ratings_keep_their_history_and_the_grid_uses_the_latest(steward_access, organisation):  # type: ignore[no-untyped-def]
    services.rating_record(
        access=steward_access,
        organisation_id=organisation.pk,
        influence=2,
        proximity=2,
        stance="neutral",
    )
    services.rating_record(
        access=steward_access,
        organisation_id=organisation.pk,
        influence=5,
        proximity=4,
        stance="champion",
    )
    assert StakeholderRating.objects.filter(organisation=organisation).count() == 2
    [row] = selectors.stakeholder_grid(steward_access)
    assert (row.influence, row.proximity, row.stance, row.quadrant) == (
        5,
        4,
        "champion",
        "engage_first",
    )


@pytest.mark.parametrize(("influence", "proximity"), [(0, 3), (6, 3), (3, 9)])
def test_rating_outside_one_to_five_is_refused(steward_access, organisation, influence, proximity):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.rating_record(
            access=steward_access,
            organisation_id=organisation.pk,
            influence=influence,
            proximity=proximity,
            stance="neutral",
        )
    assert "Rate from 1 to 5" in exc.value.problems[0].message
    assert not StakeholderRating.objects.exists()


def test_partner_edits_its_own_profile_and_nothing_else(
    partner_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    other = Organisation.objects.create(
        collaborative=collaborative, name="Police", normalised_name="police"
    )
    own = reverse("partners:edit", args=[collaborative.slug, organisation.pk])
    response = partner_client.post(
        own,
        {
            "name": organisation.name,
            "sector": "health",
            "priorities": "Youth mental health",
            "mandate": "",
            "website": "",
            "size": "",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.priorities == "Youth mental health"
    theirs = reverse("partners:edit", args=[collaborative.slug, other.pk])
    assert partner_client.post(theirs, {"name": "Hacked", "sector": "other"}).status_code == 403
    assert (
        partner_client.post(
            reverse("partners:status", args=[collaborative.slug, organisation.pk]),
            {"status": "declined"},
        ).status_code
        == 403
    )
    assert (
        partner_client.post(
            reverse("partners:rating_add", args=[collaborative.slug, organisation.pk]),
            {"influence": 5, "proximity": 5, "stance": "champion"},
        ).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.name == "Police"
    assert not StakeholderRating.objects.exists()


def test_partner_cannot_change_its_status_through_the_api(
    client, partner, collaborative, organisation
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}"
    response = client.patch(
        url, data={"notes": "x"}, content_type="application/json", **bearer(partner)
    )
    assert response.status_code == 400
    assert "notes" in response.json()["detail"]


def test_viewer_reads_but_cannot_add(viewer_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    assert viewer_client.get(reverse("partners:list", args=[collaborative.slug])).status_code == 200
    assert (
        viewer_client.post(
            reverse("partners:new", args=[collaborative.slug]), {"name": "X", "sector": "other"}
        ).status_code
        == 403
    )
    assert (
        viewer_client.post(
            reverse("partners:contact_add", args=[collaborative.slug, organisation.pk]),
            {"name": "X", "preferred_language": "en"},
        ).status_code
        == 403
    )
    assert not Contact.objects.exists()


def test_list_filters_and_searches(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    Organisation.objects.create(
        collaborative=collaborative,
        name="Riverside Police",
        normalised_name="riverside police",
        sector="police_justice",
    )
    url = reverse("partners:list", args=[collaborative.slug])
    html = steward_client.get(url, {"sector": "police_justice"}).content.decode()
    assert "Riverside Police" in html and "Eastside Health Centre" not in html
    html = steward_client.get(url, {"q": "health"}).content.decode()
    assert "Eastside Health Centre" in html and "Riverside Police" not in html


def test_list_query_count_does_not_grow_with_organisations(
    steward_client, collaborative, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    url = reverse("partners:list", args=[collaborative.slug])
    with django_assert_max_num_queries(30) as few:
        steward_client.get(url)
    for n in range(15):
        Organisation.objects.create(
            collaborative=collaborative, name=f"Org {n}", normalised_name=f"org {n}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        steward_client.get(url)


def test_api_creates_and_lists_organisations(client, steward, collaborative):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    base = f"/api/v1/collaboratives/{collaborative.slug}/organisations"
    created = client.post(
        base,
        data={"name": "City Parks", "sector": "city_planning"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201 and created.json()["sector"] == "city_planning"
    dup = client.post(
        base, data={"name": "city  parks"}, content_type="application/json", **headers
    )
    assert dup.status_code == 400 and dup.json()["errors"][0]["field"] == "name"
    listing = client.get(base + "?sector=city_planning", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["name"] == "City Parks"


def test_outreach_draft_uses_the_sector_framing_and_the_contacts_language(
    steward_access, organisation
):  # type: ignore[no-untyped-def]
    organisation.priorities = "youth mental health"
    organisation.save()
    Contact.objects.create(
        collaborative=organisation.collaborative,
        organisation=organisation,
        name="Léa",
        preferred_language="fr",
    )
    services.framing_set(
        access=steward_access, sector="health", framing="support young people's mental health"
    )
    text = selectors.outreach_draft(
        steward_access,
        organisation,
        framing=selectors.framings(steward_access)["health"].text,
        sender="Amina",
    )
    assert text.startswith("Léa,") or "Léa" in text.splitlines()[0]
    assert "support young people's mental health" in text


def test_draft_page_saves_the_message_to_the_outreach_log(
    steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    url = reverse("partners:draft", args=[collaborative.slug, organisation.pk])
    assert "Could we meet" in steward_client.get(url).content.decode()
    steward_client.post(url, {"message": "Hello, edited", "channel": "email", "follow_up_on": ""})
    entry = OutreachEntry.objects.get(organisation=organisation)
    assert entry.offered == "Hello, edited" and entry.channel == "email"


def test_context_factor_with_end_before_start_is_refused(steward_access):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.context_factor_add(
            access=steward_access,
            date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 1),
            category="politics",
            title="Budget",
            effect="opens",
        )
    assert exc.value.problems[0].field == "end_date"

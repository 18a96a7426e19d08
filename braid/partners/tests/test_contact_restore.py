"""A removed contact can be brought back for 30 days: gone from the organisation's page, its
contact count, the API, the outreach log entries that name them and the governance bodies they
sit on, until restored; the chair of a body cannot be removed (choose another chair first);
a partner restores only its own organisation's contacts; outsiders restore nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from braid.agenda.models import GovernanceBody
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.testing import table_digest
from braid.partners import services
from braid.partners.models import Contact, OutreachEntry

NAME = "Amélie Tremblay"


@pytest.fixture
def contact(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    access = access_for(steward, collaborative.slug)
    c = services.contact_add(
        access=access, organisation_id=organisation.pk, name=NAME, email="amelie@example.org"
    )
    services.outreach_log(
        access=access, organisation_id=organisation.pk, channel="call", contact_id=c.pk
    )
    body = GovernanceBody.objects.create(collaborative=collaborative, name="Youth table")
    body.member_contacts.set([c])
    return c


def _seen(client: Client, collaborative, organisation) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    slug = collaborative.slug
    page = client.get(reverse("partners:detail", args=[slug, organisation.pk])).content.decode()
    api = client.get(f"/api/v1/collaboratives/{slug}/organisations/{organisation.pk}").json()
    body = GovernanceBody.objects.get(name="Youth table")
    bodies = client.get(reverse("agenda:gov_body", args=[slug, body.pk])).content.decode()
    listed = client.get(reverse("partners:list", args=[slug])).content.decode()
    return {
        "page": NAME in page.split("data-recently-removed")[0],
        "outreach log": f"→ {NAME}" in page,
        "api": any(c["name"] == NAME for c in api["contacts"]),
        "count": '<td class="num">1</td>' in listed,
        "body": NAME in bodies,
    }


def test_removed_then_undone_from_the_message(steward_client, collaborative, organisation, contact):
    assert all(_seen(steward_client, collaborative, organisation).values())
    slug = collaborative.slug
    remove = reverse("partners:contact_remove", args=[slug, organisation.pk, contact.pk])
    page = steward_client.post(remove, follow=True).content.decode()
    restore = reverse("partners:contact_restore", args=[slug, contact.pk])
    assert f'action="{restore}"' in page and "Undo" in page
    assert "Recently removed (30 days) · 1" in page
    seen = _seen(steward_client, collaborative, organisation)
    assert not any(seen.values()), seen
    assert OutreachEntry.objects.get().contact_id == contact.pk  # the log keeps the link
    page = steward_client.post(restore, follow=True).content.decode()
    assert "is back" in page
    assert all(_seen(steward_client, collaborative, organisation).values())
    assert AuditEvent.objects.filter(action="contact.restored").count() == 1


def test_the_chair_cannot_be_removed(steward_client, collaborative, organisation, contact):
    GovernanceBody.objects.filter(name="Youth table").update(chair=contact)
    remove = reverse(
        "partners:contact_remove", args=[collaborative.slug, organisation.pk, contact.pk]
    )
    page = steward_client.post(remove, follow=True).content.decode()
    assert f"{NAME} chairs Youth table: choose another chair" in page
    assert "Undo" not in page
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_past_the_window_it_stays_removed(steward_client, collaborative, organisation, contact):
    slug = collaborative.slug
    steward_client.post(
        reverse("partners:contact_remove", args=[slug, organisation.pk, contact.pk])
    )
    Contact.with_removed.filter(pk=contact.pk).update(
        removed_at=timezone.now() - dt.timedelta(days=31)
    )
    page = steward_client.get(reverse("partners:detail", args=[slug, organisation.pk]))
    assert "data-recently-removed" not in page.content.decode()
    assert (
        steward_client.post(
            reverse("partners:contact_restore", args=[slug, contact.pk])
        ).status_code
        == 404
    )
    assert not Contact.objects.exists()


def test_a_partner_restores_its_own_contacts_only(
    partner_client, steward_client, steward, collaborative, organisation, contact
):
    slug = collaborative.slug
    other = OrganisationFactory(collaborative=collaborative, name="Library", status="partner")
    theirs = services.contact_add(
        access=access_for(steward, slug),
        organisation_id=other.pk,
        name="Omar Haddad",
    )
    steward_client.post(reverse("partners:contact_remove", args=[slug, other.pk, theirs.pk]))
    page = partner_client.get(reverse("partners:detail", args=[slug, other.pk])).content.decode()
    assert "data-recently-removed" not in page
    restore = reverse("partners:contact_restore", args=[slug, theirs.pk])
    assert partner_client.post(restore).status_code == 403
    assert not Contact.objects.filter(pk=theirs.pk).exists()
    partner_client.post(
        reverse("partners:contact_remove", args=[slug, organisation.pk, contact.pk])
    )
    assert (
        partner_client.post(
            reverse("partners:contact_restore", args=[slug, contact.pk])
        ).status_code
        == 302
    )
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_outsider_restores_nothing(
    outsider_client, steward_client, collaborative, organisation, contact
):
    slug = collaborative.slug
    steward_client.post(
        reverse("partners:contact_remove", args=[slug, organisation.pk, contact.pk])
    )
    before = table_digest()
    page = outsider_client.post(reverse("partners:contact_restore", args=[slug, contact.pk]))
    assert page.status_code == 404
    assert table_digest() == before

"""Creating collaboratives, inviting, accepting, changing roles and removing members."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from braid.accounts.models import User
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent, Collaborative, Membership, Role
from braid.collaboratives.services import (
    collaborative_create,
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)
from braid.core.errors import ServiceError


def _accept_path(message_body: str) -> str:
    match = re.search(r"http://[^/]+(/invitations/[^/\s]+/)", message_body)
    assert match, message_body
    return match.group(1)


def test_creator_becomes_steward_and_it_is_audited(db):  # type: ignore[no-untyped-def]
    user = User.objects.create_user(email="amina@example.org", password="x")
    c = collaborative_create(user=user, name="Eastside Partnership", issue="Youth violence")
    assert c.slug == "eastside-partnership"
    assert Membership.objects.get(collaborative=c, user=user).role == Role.STEWARD
    event = AuditEvent.objects.get(collaborative=c)
    assert event.actor == user and event.action == "collaborative.created"


def test_duplicate_slug_is_refused_with_a_clear_message(steward, collaborative):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        collaborative_create(user=steward, name="Another", slug=collaborative.slug)
    assert "taken" in exc.value.message
    assert exc.value.problems[0].field == "slug"


def test_invitation_email_link_lets_a_new_person_join_with_the_role(
    client, steward, collaborative, organisation, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            access=access, email="Marc@Example.org", role="partner", organisation_id=organisation.pk
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["marc@example.org"]
    path = _accept_path(mail.outbox[0].body)
    response = client.post(
        path,
        {"full_name": "Marc T", "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("collaboratives:home", args=[collaborative.slug])
    membership = Membership.objects.get(user__email="marc@example.org")
    assert membership.role == "partner" and membership.organisation == organisation
    assert (
        AuditEvent.objects.filter(collaborative=collaborative, action="membership.joined").count()
        == 1
    )
    # the link is single-use
    assert client.get(path).status_code == 404


def test_partner_invitation_needs_an_organisation_of_this_collaborative(
    steward, collaborative, other_collaborative
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.tests.factories import OrganisationFactory

    foreign = OrganisationFactory(collaborative=other_collaborative)
    access = access_for(steward, collaborative.slug)
    with pytest.raises(ServiceError) as exc:
        invitation_create(access=access, email="p@example.org", role="partner")
    assert exc.value.problems[0].field == "organisation"
    with pytest.raises(ServiceError):
        invitation_create(
            access=access, email="p@example.org", role="partner", organisation_id=foreign.pk
        )


def test_malformed_email_is_refused(steward, collaborative):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        invitation_create(
            access=access_for(steward, collaborative.slug), email="not-an-email", role="viewer"
        )
    assert "not an e-mail address" in exc.value.message


def test_accepting_with_a_different_account_is_refused(steward, collaborative, viewer):  # type: ignore[no-untyped-def]
    issued = invitation_create(
        access=access_for(steward, collaborative.slug), email="someone@example.org", role="viewer"
    )
    with pytest.raises(ServiceError):
        invitation_accept(secret=issued.secret, user=viewer)


def test_last_steward_cannot_be_demoted_or_removed(steward, collaborative):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    own = Membership.objects.get(user=steward)
    with pytest.raises(ServiceError):
        membership_change_role(access=access, membership_id=own.pk, role="viewer")
    with pytest.raises(ServiceError):
        membership_remove(access=access, membership_id=own.pk)
    assert Membership.objects.get(pk=own.pk).role == "steward"


def test_role_change_and_removal_are_audited_with_before_and_after(
    steward, viewer, collaborative, organisation
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    m = Membership.objects.get(user=viewer)
    membership_change_role(
        access=access, membership_id=m.pk, role="partner", organisation_id=organisation.pk
    )
    event = AuditEvent.objects.filter(action="membership.role_changed").get()
    assert event.details["before"]["role"] == "viewer"
    assert event.details["after"] == {"role": "partner", "organisation": organisation.name}
    membership_remove(access=access, membership_id=m.pk)
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed", actor=steward).count() == 1


@pytest.mark.parametrize("persona", ["partner_client", "viewer_client"])
def test_non_stewards_cannot_invite_or_see_the_audit_log(request, persona, collaborative):  # type: ignore[no-untyped-def]
    client = request.getfixturevalue(persona)
    response = client.post(
        reverse("collaboratives:invite", args=[collaborative.slug]),
        {"email": "z@example.org", "role": "viewer"},
    )
    assert response.status_code == 403
    assert client.get(reverse("collaboratives:audit", args=[collaborative.slug])).status_code == 403
    assert (
        not collaborative.invitation_set.exists()
        if hasattr(collaborative, "invitation_set")
        else True
    )


def test_steward_invites_through_the_page_and_sees_the_link(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("collaboratives:invite", args=[collaborative.slug]),
        {"email": "louise@example.org", "role": "viewer"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Invitation sent to louise@example.org" in response.content.decode()
    assert "louise@example.org" in response.content.decode()


def test_invite_form_shows_field_errors(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("collaboratives:invite", args=[collaborative.slug]),
        {"email": "nope", "role": "partner"},
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_home_page_shows_the_four_stages(steward_client, collaborative):  # type: ignore[no-untyped-def]
    html = steward_client.get(
        reverse("collaboratives:home", args=[collaborative.slug])
    ).content.decode()
    for stage in ("Diagnose", "Design", "Implement", "Assess"):
        assert stage in html


def test_collaborative_list_shows_only_mine_and_creates(
    steward_client, collaborative, other_collaborative, settings
):  # type: ignore[no-untyped-def]
    settings.BRAID_ANYONE_MAY_CREATE = True  # the installation lets anyone start one
    html = steward_client.get(reverse("collaboratives:list")).content.decode()
    assert collaborative.name in html and other_collaborative.name not in html
    response = steward_client.post(
        reverse("collaboratives:list"), {"name": "New Network", "slug": "", "issue": ""}
    )
    assert response.status_code == 302
    assert Collaborative.objects.filter(slug="new-network").exists()


def test_french_interface(steward_client, collaborative):  # type: ignore[no-untyped-def]
    steward_client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = steward_client.get(
        reverse("collaboratives:home", args=[collaborative.slug])
    ).content.decode()
    assert "Diagnostiquer" in html and 'lang="fr"' in html


def test_steward_changes_settings_and_the_audit_keeps_before_and_after(
    steward_client, collaborative
):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:settings", args=[collaborative.slug])
    response = steward_client.post(
        url,
        {
            "name": "Riverside Partnership",
            "issue": "Youth violence",
            "description": "",
            "suppression_threshold": 10,
            "min_group_size": 3,
        },
    )
    assert response.status_code == 302
    collaborative.refresh_from_db()
    assert (
        collaborative.name == "Riverside Partnership" and collaborative.suppression_threshold == 10
    )
    event = AuditEvent.objects.get(action="collaborative.updated")
    assert event.details["changes"]["suppression_threshold"] == {"before": 5, "after": 10}


def test_settings_reject_a_threshold_out_of_range(steward_client, collaborative):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:settings", args=[collaborative.slug])
    response = steward_client.post(
        url, {"name": "X", "suppression_threshold": 0, "min_group_size": 3}
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    collaborative.refresh_from_db()
    assert collaborative.suppression_threshold == 5


def test_partner_cannot_change_settings(partner_client, collaborative):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:settings", args=[collaborative.slug])
    assert (
        partner_client.post(
            url, {"name": "Hijacked", "suppression_threshold": 1, "min_group_size": 1}
        ).status_code
        == 403
    )
    collaborative.refresh_from_db()
    assert collaborative.name == "Riverside Youth Partnership"


def test_api_patch_settings_validates_and_saves(client, steward, collaborative):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import bearer

    headers = bearer(steward)
    url = f"/api/v1/collaboratives/{collaborative.slug}/settings"
    bad = client.patch(
        url, data={"suppression_threshold": 500}, content_type="application/json", **headers
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "suppression_threshold"
    ok = client.patch(
        url, data={"suppression_threshold": 7}, content_type="application/json", **headers
    )
    assert ok.status_code == 200 and ok.json()["suppression_threshold"] == 7


def test_members_api_query_count_does_not_grow_with_members(
    client, steward, collaborative, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import bearer, make_persona

    headers = bearer(steward)
    url = f"/api/v1/collaboratives/{collaborative.slug}/members?limit=100"
    with django_assert_max_num_queries(6) as few:
        client.get(url, **headers)
    for n in range(20):
        make_persona(collaborative, "viewer", email=f"v{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, **headers).json()["count"] == 21


def test_members_page_query_count_does_not_grow_with_members(
    steward_client, collaborative, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import make_persona

    url = reverse("collaboratives:members", args=[collaborative.slug])
    with django_assert_max_num_queries(20) as few:
        steward_client.get(url)
    for n in range(20):
        make_persona(collaborative, "viewer", email=f"v{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        steward_client.get(url)

"""A way through: login lands inside the only collaborative; invitations start at the least powerful role."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from braid.collaboratives.forms import InvitationForm
from braid.collaboratives.models import Collaborative, Membership
from braid.collaboratives.testing import make_persona


def _login(email: str) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": "pass-2026-x"}
    )
    assert response.status_code == 302
    client.landing = client.get(response["Location"])  # type: ignore[attr-defined]
    return client


def test_login_lands_in_the_only_collaborative_and_on_the_list_otherwise(db):  # type: ignore[no-untyped-def]
    one = Collaborative.objects.create(name="Eastside", slug="eastside")
    two = Collaborative.objects.create(name="Westside", slug="westside")
    single = make_persona(one, "viewer", email="one@example.org")
    single.set_password("pass-2026-x")
    single.save()
    double = make_persona(one, "steward", email="two@example.org")
    double.set_password("pass-2026-x")
    double.save()
    Membership.objects.create(collaborative=two, user=double, role="viewer")

    landing = _login("one@example.org").landing  # type: ignore[attr-defined]
    assert landing.status_code == 302 and landing["Location"] == "/c/eastside/"
    landing = _login("two@example.org").landing  # type: ignore[attr-defined]
    assert landing.status_code == 302 and landing["Location"] == reverse("collaboratives:list")


def test_invitation_form_starts_at_viewer() -> None:
    assert InvitationForm().fields["role"].initial == "viewer"
    assert 'value="viewer" selected' in str(InvitationForm()["role"])

"""Log in, switch to French, create a collaborative, invite a member, accept in a second browser."""

from __future__ import annotations

import re

from django.core import mail

from braid.accounts.models import User
from braid.collaboratives.models import Membership
from braid.tests_e2e.conftest import login


def test_steward_journey_in_french_with_invitation_accepted_elsewhere(pages, transactional_db):  # type: ignore[no-untyped-def]
    # Starting a collaborative is a right the installation grants: Amina is its site admin.
    User.objects.create_user(
        email="amina@example.org",
        password="amina-pass-2026",
        full_name="Amina Diallo",
        is_staff=True,
    )
    page = pages.new_page()
    page.goto("/accounts/login/")
    pages.check(page, "01-login")
    login(page, "amina@example.org", "amina-pass-2026")
    pages.check(page, "02-collaboratives-empty")

    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Vos collaborations").is_visible()

    page.locator("#id_name").fill("Partenariat jeunesse Est")
    page.locator("[name=issue]").fill("Prévention de la violence chez les jeunes")
    page.get_by_role("button", name="Créer la collaboration").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Partenariat jeunesse Est").is_visible()
    assert page.get_by_role("heading", name=re.compile("Diagnostiquer")).is_visible()
    pages.check(page, "03-home-fr")

    page.get_by_role("link", name="Membres").first.click()
    page.get_by_label("Adresse courriel").fill("louise@example.org")
    page.locator("#id_role").select_option("viewer")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Invitation envoyée à louise@example.org").is_visible()
    pages.check(page, "04-members-fr")

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    path = link[link.index("/invitations/") :]

    guest = pages.new_page()
    guest.goto(path)
    pages.check(guest, "05-accept")
    guest.get_by_label("Your name").fill("Louise Gagnon")
    guest.locator("#id_password1").fill("louise-pass-2026")
    guest.get_by_label("Password again").fill("louise-pass-2026")
    guest.get_by_role("button", name="Accept and join").click()
    guest.wait_for_load_state("networkidle")
    assert guest.get_by_role("heading", name="Partenariat jeunesse Est").is_visible()
    pages.check(guest, "06-guest-home")
    assert Membership.objects.get(user__email="louise@example.org").role == "viewer"

    page.reload()
    assert page.get_by_role("cell", name="louise@example.org", exact=True).is_visible()

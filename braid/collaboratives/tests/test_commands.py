"""The command line: createsteward and serve's production guard."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from braid.collaboratives.models import AuditEvent, Membership


def test_createsteward_creates_user_and_collaborative(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRAID_STEWARD_PASSWORD", "a-good-password")
    call_command("createsteward", "amina@example.org", collaborative="eastside", name="Eastside")
    membership = Membership.objects.get(user__email="amina@example.org")
    assert membership.role == "steward" and membership.collaborative.slug == "eastside"
    assert membership.user.check_password("a-good-password")


def test_createsteward_promotes_an_existing_member_and_audits(collaborative, viewer):  # type: ignore[no-untyped-def]
    call_command("createsteward", viewer.email, collaborative=collaborative.slug)
    assert Membership.objects.get(user=viewer).role == "steward"
    event = AuditEvent.objects.get(collaborative=collaborative, action="steward.appointed")
    assert event.actor is None
    assert event.via == f"braid createsteward {viewer.email} --collaborative {collaborative.slug}"


def test_createsteward_unknown_collaborative_without_name_is_a_clear_error(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRAID_STEWARD_PASSWORD", "a-good-password")
    with pytest.raises(CommandError, match="Pass --name"):
        call_command("createsteward", "x@example.org", collaborative="nowhere")


def test_serve_refuses_to_start_without_a_secret_key(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("BRAID_SECRET_KEY", raising=False)
    with pytest.raises(CommandError, match="BRAID_SECRET_KEY"):
        call_command("serve")


def test_commands_with_unknown_collaborative_list_the_known_ones(collaborative):  # type: ignore[no-untyped-def]
    from braid.collaboratives.commands import CollaborativeCommand

    with pytest.raises(CommandError, match="riverside"):
        CollaborativeCommand().get_collaborative({"collaborative": "nope"})

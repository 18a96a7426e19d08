"""The session's user, found again on each request through the Accounts backend: the same
answers as Django's ModelBackend (an inactive, a deleted or a re-passworded account is signed
out), from one statement."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from braid.accounts.backends import Accounts
from braid.accounts.models import User


def test_it_finds_the_same_user_as_djangos_backend(db):  # type: ignore[no-untyped-def]
    amina = User.objects.create_user(email="amina@example.org", password="x", full_name="Amina")
    User.objects.create_user(email="marc@example.org", password="x")
    for key in (amina.pk, str(amina.pk)):
        got, expected = Accounts().get_user(key), ModelBackend().get_user(key)
        assert got == expected and got.full_name == "Amina" and got.email == "amina@example.org"
        assert got.password == expected.password and got.last_login == expected.last_login
    assert Accounts().get_user(10_000) is None and Accounts().get_user("not a number") is None
    amina.is_active = False
    amina.save()
    assert Accounts().get_user(amina.pk) is None


def test_a_page_finds_the_user_in_one_statement_and_signs_out_who_may_not_stay(
    client, steward, collaborative
):  # type: ignore[no-untyped-def]
    assert "braid.accounts.backends.Accounts" in settings.AUTHENTICATION_BACKENDS
    home = reverse("collaboratives:home", args=[collaborative.slug])
    client.post(reverse("accounts:login"), {"username": steward.email, "password": "pw-steward"})
    assert client.get(home).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    assert sum('FROM "accounts_user"' in q["sql"] for q in queries) == 1
    steward.set_password("a-new-passphrase")
    steward.save()
    assert client.get(home).status_code == 302  # the old password's session ends
    client.post(
        reverse("accounts:login"), {"username": steward.email, "password": "a-new-passphrase"}
    )
    assert client.get(home).status_code == 200
    User.objects.filter(pk=steward.pk).update(is_active=False)
    assert client.get(home).status_code == 302

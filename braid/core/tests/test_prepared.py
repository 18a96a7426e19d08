"""A queryset compiled once (braid.core.prepared): the same rows, columns and related objects
as the queryset itself returns, for each parameter, on each database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from braid.accounts.models import User
from braid.collaboratives.access import access_for, memberships_list, memberships_of
from braid.collaboratives.models import Collaborative, Membership
from braid.collaboratives.tests.factories import CollaborativeFactory, OrganisationFactory
from braid.core.prepared import Prepared


def _fields(obj):  # type: ignore[no-untyped-def]
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _same(got, expected):  # type: ignore[no-untyped-def]
    assert [m.pk for m in got] == [m.pk for m in expected]
    for a, b in zip(got, expected, strict=True):
        assert _fields(a) == _fields(b)
        assert _fields(a.collaborative) == _fields(b.collaborative)
        assert _fields(a.organisation) == _fields(b.organisation)


@pytest.fixture
def amina(db):  # type: ignore[no-untyped-def]
    user = User.objects.create_user(email="amina@example.org", password="x")
    zeta = CollaborativeFactory(name="Zeta Youth Table", description="Wards 3 and 4")
    alpha = CollaborativeFactory(name="Alpha Network")
    gone = CollaborativeFactory(name="Archived Circle", archived_at=timezone.now())
    clinic = OrganisationFactory(collaborative=alpha, name="Alpha Clinic")
    Membership.objects.create(collaborative=zeta, user=user, role="steward")
    Membership.objects.create(collaborative=alpha, user=user, role="partner", organisation=clinic)
    Membership.objects.create(collaborative=gone, user=user, role="viewer")
    return user


def test_the_list_is_the_querysets_rows_in_its_order(amina):  # type: ignore[no-untyped-def]
    got = memberships_list(amina)
    assert [m.collaborative.name for m in got] == ["Alpha Network", "Zeta Youth Table"]
    assert got[0].organisation.name == "Alpha Clinic" and got[1].organisation is None
    _same(got, list(memberships_of(amina)))


def test_one_statement_with_the_related_rows_attached(amina):  # type: ignore[no-untyped-def]
    memberships_list(amina)  # the SQL is built once; later calls only run it
    with CaptureQueriesContext(connection) as queries:
        got = memberships_list(amina)
        names = [(m.collaborative.slug, m.organisation and m.organisation.name) for m in got]
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert len(names) == 2


def test_each_user_gets_their_own_and_changes_show_at_once(amina):  # type: ignore[no-untyped-def]
    other = User.objects.create_user(email="marc@example.org", password="x")
    assert memberships_list(other) == []
    alpha = Collaborative.objects.get(name="Alpha Network")
    Membership.objects.create(collaborative=alpha, user=other, role="viewer")
    assert [m.role for m in memberships_list(other)] == ["viewer"]
    assert len(memberships_list(amina)) == 2
    Collaborative.objects.filter(pk=alpha.pk).update(archived_at=timezone.now())
    assert [m.collaborative.name for m in memberships_list(amina)] == ["Zeta Youth Table"]
    assert memberships_list(other) == []
    _same(memberships_list(amina), list(memberships_of(amina)))


def test_access_reads_through_it(amina):  # type: ignore[no-untyped-def]
    zeta = Collaborative.objects.get(name="Zeta Youth Table")
    assert access_for(amina, zeta.slug).role == "steward"
    gone = Collaborative.objects.get(name="Archived Circle")
    from django.http import Http404

    with pytest.raises(Http404):
        access_for(amina, gone.slug)


def test_anonymous_has_none(db):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert memberships_list(AnonymousUser()) == []


def test_a_queryset_without_its_parameter_is_refused(db):  # type: ignore[no-untyped-def]
    prepared = Prepared(Membership, lambda value: Membership.objects.filter(role="steward"))
    with pytest.raises(ValueError, match="does not use its parameter"):
        prepared(1)


def test_a_text_parameter_and_a_sliced_queryset(db):  # type: ignore[no-untyped-def]
    from braid.accounts.models import ApiToken
    from braid.accounts.services import api_token_authenticate, api_token_create

    user = User.objects.create_user(email="amina@example.org", password="x", full_name="Amina")
    issued = api_token_create(user=user, name="script")
    assert api_token_authenticate(issued.secret) == user
    assert api_token_authenticate(issued.secret).full_name == "Amina"
    assert api_token_authenticate(issued.secret[:-1] + "x") is None
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    assert api_token_authenticate(issued.secret) is None
    ApiToken.objects.filter(user=user).update(revoked_at=None)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert api_token_authenticate(issued.secret) is None

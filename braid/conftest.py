"""Personas shared by every app's tests: steward, partner, viewer and outsider; and the watch that
fails a test in which a service writes data without writing its audit line."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from braid.collaboratives.testing import make_persona, watch_services
from braid.collaboratives.tests.factories import CollaborativeFactory, OrganisationFactory

# Every public service, wherever it is called from in a test, checks it audited what it wrote.
watch_services()


@pytest.fixture(autouse=True)
def _language_back_to_english():  # type: ignore[no-untyped-def]
    """A request in French leaves French active in the test's thread (the test client runs
    the middleware in it); the next test starts in English again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _database_leg(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Each leg runs on the database it names: PostgreSQL when BRAID_TEST_LEG=postgresql,
    SQLite otherwise."""
    wanted = "postgresql" if os.environ.get("BRAID_TEST_LEG") == "postgresql" else "sqlite"
    with django_db_blocker.unblock():
        assert connection.vendor == wanted, f"the {wanted} leg ran on {connection.vendor}"


@pytest.fixture(autouse=True)
def _fresh_readings() -> None:
    """Each test reads its own data: cached readings (braid.collaboratives.freshness) are
    keyed by ids that the next test's fresh database reuses."""
    from braid.collaboratives import freshness

    freshness.forget()


@pytest.fixture
def collaborative(db):  # type: ignore[no-untyped-def]
    return CollaborativeFactory(slug="riverside", name="Riverside Youth Partnership")


@pytest.fixture
def other_collaborative(db):  # type: ignore[no-untyped-def]
    return CollaborativeFactory(slug="elsewhere", name="Elsewhere Network")


@pytest.fixture
def organisation(collaborative):  # type: ignore[no-untyped-def]
    return OrganisationFactory(
        collaborative=collaborative, name="Eastside Health Centre", sector="health"
    )


@pytest.fixture
def steward(collaborative):  # type: ignore[no-untyped-def]
    return make_persona(collaborative, "steward")


@pytest.fixture
def partner(collaborative, organisation):  # type: ignore[no-untyped-def]
    return make_persona(collaborative, "partner", organisation=organisation)


@pytest.fixture
def viewer(collaborative):  # type: ignore[no-untyped-def]
    return make_persona(collaborative, "viewer")


@pytest.fixture
def outsider(other_collaborative):  # type: ignore[no-untyped-def]
    """A steward of another collaborative: the strongest role, in the wrong tenant."""
    return make_persona(other_collaborative, "steward", email="outsider@example.org")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def steward_client(steward) -> Client:  # type: ignore[no-untyped-def]
    return _client(steward)


@pytest.fixture
def partner_client(partner) -> Client:  # type: ignore[no-untyped-def]
    return _client(partner)


@pytest.fixture
def viewer_client(viewer) -> Client:  # type: ignore[no-untyped-def]
    return _client(viewer)


@pytest.fixture
def outsider_client(outsider) -> Client:  # type: ignore[no-untyped-def]
    return _client(outsider)

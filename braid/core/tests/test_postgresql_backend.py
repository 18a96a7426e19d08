"""Braid's PostgreSQL backend: a kept connection is checked without a round trip, and one the
server ended is still found out and replaced before the request uses it."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend (the PostgreSQL leg)"
)


@pytest.fixture
def kept(db):  # type: ignore[no-untyped-def]
    """A second connection to the test database, as a web process keeps one between
    requests (outside the test's transaction)."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _pid(wrapper) -> int:  # type: ignore[no-untyped-def]
    return int(wrapper.connection.info.backend_pid)


def test_settings_use_braids_backend() -> None:
    assert connection.settings_dict["ENGINE"] == "braid.core.postgresql"


def test_a_connection_in_good_order_is_usable_without_a_statement(kept, monkeypatch):  # type: ignore[no-untyped-def]
    def no_round_trip(self):  # type: ignore[no-untyped-def]
        raise AssertionError("SELECT 1 was sent")

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", no_round_trip)
    with kept.cursor() as cursor:
        cursor.execute("SELECT 2")
    assert kept.is_usable() is True


def test_a_connection_the_server_ended_is_replaced_before_use(kept):  # type: ignore[no-untyped-def]
    ended = _pid(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)  # the server's goodbye reaches the socket
    assert kept.is_usable() is False
    # What Django does at the start of each request with a kept connection.
    kept.health_check_enabled, kept.health_check_done = True, False  # as in config.settings
    kept.close_if_health_check_failed()
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert _pid(kept) != ended


def test_a_connection_inside_a_failed_transaction_is_asked(kept):  # type: ignore[no-untyped-def]
    raw = kept.connection
    raw.autocommit = False
    with raw.cursor() as cursor, pytest.raises(Exception):  # noqa: B017
        cursor.execute("SELECT 1/0")
    assert kept.is_usable() is False  # Django's SELECT 1 fails in an aborted transaction
    raw.rollback()
    raw.autocommit = True
    assert kept.is_usable() is True

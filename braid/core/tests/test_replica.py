"""The read-replica router: which reads may go to a replica, and which must stay on the primary."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.contrib.sessions.middleware import SessionMiddleware
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from braid.collaboratives.models import Collaborative
from braid.core import replica

ROUTER = replica.ReplicaRouter()


def _through(method: str, session: Any = None, inside: Any = None) -> tuple[str, Any]:
    """Where a read made by the view of a `method` request goes, and the request's session."""
    seen: list[str] = []

    def view(request: Any) -> HttpResponse:
        if inside is not None:
            with inside():
                seen.append(ROUTER.db_for_read(Collaborative) or "default")
        else:
            seen.append(ROUTER.db_for_read(Collaborative) or "default")
        return HttpResponse()

    request = getattr(RequestFactory(), method.lower())("/c/x/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    if session is not None:
        request.session = session
    replica.ReplicaMiddleware(view)(request)
    return seen[0], request.session


def test_without_a_replica_every_read_stays_on_the_primary(db) -> None:  # type: ignore[no-untyped-def]
    assert not replica.configured()
    assert _through("GET")[0] == "default"


def test_reads_of_a_get_go_to_the_replica_and_writes_pin_the_session(
    transactional_db, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    assert _through("GET")[0] == "replica"
    assert _through("HEAD")[0] == "replica"
    where, session = _through("POST")
    assert where == "default"  # a write request reads the primary
    assert _through("GET", session)[0] == "default"  # the page after a save sees the save
    later = replica.time.time() + settings.BRAID_REPLICA_PIN_SECONDS + 1
    monkeypatch.setattr(replica.time, "time", lambda: later)
    assert _through("GET", session)[0] == "replica"
    assert _through("GET", inside=transaction.atomic)[0] == "default"  # a service's own reads
    assert ROUTER.db_for_write(Collaborative) == "default"
    assert ROUTER.allow_migrate("replica", "collaboratives") is False
    assert ROUTER.db_for_read(Collaborative) is None  # outside a request: the primary


def test_braid_starts_with_a_replica_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    env = {**os.environ, "BRAID_DATABASE_URL": url, "BRAID_REPLICA_URL": url}
    env.pop("BRAID_TEST_DATABASE_URL", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
        "django.setup(); from django.conf import settings;"
        "print(sorted(settings.DATABASES), settings.DATABASES['replica']['TEST'])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "['default', 'replica'] {'MIRROR': 'default'" in out.stdout

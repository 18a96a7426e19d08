"""Reads of read-only requests from a PostgreSQL streaming replica (docs/scaling.md §3).

With `BRAID_REPLICA_URL` set, `DATABASES["replica"]` exists and `ReplicaRouter` sends the reads
of a GET or HEAD request there; every write, every read inside a transaction (a service
reading what it validates) and every read of any other request stay on the primary. A
session that wrote is pinned to the primary for `BRAID_REPLICA_PIN_SECONDS` (the page after a
save shows the save, whatever the replica's lag). Without a replica nothing changes.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_WROTE = "braid_wrote_at"
_reading = contextvars.ContextVar("braid_replica_reads", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading.get() and configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


class ReplicaMiddleware:
    """Marks which requests may read from the replica, and pins a session that wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        session = getattr(request, "session", None)
        safe = request.method in ("GET", "HEAD")
        wrote = session.get(_WROTE, 0) if session is not None else 0
        pinned = time.time() - wrote < settings.BRAID_REPLICA_PIN_SECONDS
        token = _reading.set(safe and not pinned)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if not safe and session is not None:
            session[_WROTE] = time.time()
        return response

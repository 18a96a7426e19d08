"""`/healthz` (liveness: the process answers) and `/readyz` (readiness: the database answers,
and the broker and the shared cache when they are configured). Plain JSON, no session, no
database query for liveness, never cached."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check(fn: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        fn()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker() -> None:
    from braid.core.background import celery_app

    with celery_app().connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _cache() -> None:
    from django.core.cache import cache

    cache.set("braid:readyz", 1, 10)
    if cache.get("braid:readyz") != 1:
        raise RuntimeError("the cache did not keep a value")


def _outbox() -> int:
    from braid.core.models import OutboxTask

    return OutboxTask.objects.filter(sent_at__isnull=True, started_at__isnull=True).count()


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(_database)}
    if settings.BRAID_BROKER_URL:
        checks["broker"] = _check(_broker)
    if settings.BRAID_CACHE_URL:
        checks["cache"] = _check(_cache)
    ready = all(c["ok"] for c in checks.values())
    body: dict[str, Any] = {"status": "ready" if ready else "unavailable", "checks": checks}
    if ready and settings.BRAID_BROKER_URL:
        body["outbox_waiting"] = _outbox()  # work kept while the broker was away
    return JsonResponse(body, status=200 if ready else 503)

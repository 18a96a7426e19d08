"""Housekeeping: the small chores that keep background work honest, run by whoever is alive.

A module registers a chore in its AppConfig.ready() (`register("measures.reap_imports", fn)`);
`run_all()` runs them all, each in its own try so one broken chore does not stop the others,
and returns what each one reports. Three callers, so that no installation depends on one:

- `braid housekeeping` (a cron line or the systemd timer in deploy/),
- the Celery beat schedule of `braid worker` (config/celery.py), every minute,
- the web process itself, at most once a minute (`maybe_run_soon`, called by
  `HousekeepingMiddleware` after a response), so the embedded default without a broker keeps
  its promises too.

Long work reports that it is alive with `beat(key)`: a timestamp in the cache, which every
process of the installation sees; a chore that finds a job whose beat is older than its
patience marks it failed with its reason.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("braid.housekeeping")

Chore = Callable[[], Any]
CHORES: dict[str, Chore] = {}
EVERY_SECONDS = 60
LOCK_KEY = "braid:housekeeping:lock"
_last_local = 0.0
_running = threading.Lock()


def register(name: str, chore: Chore) -> None:
    CHORES[name] = chore


def run_all() -> dict[str, Any]:
    """Run every chore; {name: what it returned, or the error it raised}."""
    done: dict[str, Any] = {}
    for name, chore in list(CHORES.items()):
        try:
            done[name] = chore()
        except Exception as exc:  # one chore's bug must not stop the others
            log.exception("housekeeping chore %s failed", name)
            done[name] = f"error: {exc}"
    return done


def beat(key: str) -> None:
    """Say that the work known as `key` is alive now."""
    from django.core.cache import cache

    cache.set(f"braid:beat:{key}", time.time(), 86_400)


def last_beat(key: str) -> float | None:
    from django.core.cache import cache

    value = cache.get(f"braid:beat:{key}")
    return float(value) if value is not None else None


def maybe_run_soon() -> bool:
    """Run the chores in a thread if nobody on this installation ran them in the last minute
    (a lock in the shared cache, and one in this process); True when started."""
    global _last_local
    now = time.monotonic()
    if now - _last_local < EVERY_SECONDS or _running.locked():
        return False
    _last_local = now
    from django.core.cache import cache

    try:
        if not cache.add(LOCK_KEY, 1, EVERY_SECONDS):
            return False
    except Exception:  # the cache unreachable: housekeeping waits for the next chance
        log.warning("housekeeping skipped: the cache is unreachable", exc_info=True)
        return False

    def work() -> None:
        from django.db import connection

        with _running:
            try:
                run_all()
            finally:
                connection.close()

    threading.Thread(target=work, name="braid-housekeeping", daemon=True).start()
    return True

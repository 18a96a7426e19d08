"""Celery tasks of the plumbing: the outbox runner (defined in background.py) and the
housekeeping chores, which the worker's beat runs every minute."""

from __future__ import annotations

from typing import Any

from braid.core.background import (
    run_outbox,  # noqa: F401 - registered with the worker
    task,
)


@task(name="braid.core.housekeeping")
def housekeeping() -> dict[str, Any]:
    from braid.core.housekeeping import run_all

    return run_all()

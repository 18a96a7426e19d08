"""Background work: Celery when BRAID_BROKER_URL is set, the same task in-process otherwise.

Tasks are defined with `@task` (below) in an app's `tasks.py` and always started with
`enqueue(task, ...)`, which waits for the surrounding transaction to commit so a worker never
sees rows that were rolled back. Without a broker Celery runs the task eagerly (settings:
CELERY_TASK_ALWAYS_EAGER), so the embedded default needs no extra server.

With a broker, work goes through a transactional outbox (ADR 0011): `enqueue` writes an
`OutboxTask` row in the caller's transaction, and after commit asks the broker to run
`run_outbox(row id)`. A broker that is down costs a warning in the log, never an error to the
person: the row waits and the housekeeping chore `core.drain_outbox` (web process, `braid
housekeeping`, the worker's beat) sends it when the broker is back. The worker claims the row
before running the task, so a message delivered twice (sent, then re-sent because the mark
was lost) runs once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction

log = logging.getLogger("braid.background")
SEND_BATCH = 500
_TASKS: dict[str, Task] = {}
_APP: Any = None


class Task:
    """A background task that loads Celery only when it is first sent (Celery takes about a
    sixth of a second to import, which every `braid` command would otherwise pay). Bound to
    the Celery app of config/celery.py as soon as that is loaded; `run`/`__call__` call the
    function itself."""

    def __init__(self, fn: Any, name: str) -> None:
        self.fn, self.name = fn, name
        self.__doc__, self.__name__ = fn.__doc__, fn.__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    run = __call__

    def celery(self) -> Any:
        return celery_app().tasks[self.name]

    def delay(self, *args: Any, **kwargs: Any) -> Any:
        return self.celery().delay(*args, **kwargs)

    def apply_async(self, *args: Any, **kwargs: Any) -> Any:
        return self.celery().apply_async(*args, **kwargs)


def task(fn: Any = None, *, name: str | None = None) -> Any:
    """`@task` or `@task(name=...)`: the name defaults to module.function, as Celery's."""

    def wrap(f: Any) -> Task:
        t = Task(f, name or f"{f.__module__}.{f.__name__}")
        _TASKS[t.name] = t
        if _APP is not None:
            _APP.task(name=t.name)(f)
        return t

    return wrap(fn) if fn is not None else wrap


def bind(app: Any) -> None:
    """Register every task defined so far (and, from now on, each new one) with `app`."""
    global _APP
    _APP = app
    for t in list(_TASKS.values()):
        app.task(name=t.name)(t.fn)


def celery_app() -> Any:
    """The configured Celery app, imported on first use."""
    if _APP is None:
        import config.celery  # noqa: F401 - creating the app binds it (see config/celery.py)
    return _APP


def _broker() -> bool:
    from django.conf import settings

    return bool(settings.BRAID_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    if not _broker():
        transaction.on_commit(lambda: task.delay(*args, **kwargs))
        return
    from braid.core.models import OutboxTask

    row = OutboxTask.objects.create(name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: send(row.pk))


def send(pk: int) -> bool:
    """Ask the broker to run outbox row `pk`; False (and the row left to re-send) when the
    broker does not answer."""
    from django.db.models import F
    from django.utils import timezone

    from braid.core.models import OutboxTask

    try:
        run_outbox.apply_async(args=[pk], retry=False)
    except Exception as exc:  # the broker down or unreachable: the row waits for the drain
        log.warning("broker unavailable, task %s kept in the outbox: %s", pk, exc)
        OutboxTask.objects.filter(pk=pk).update(attempts=F("attempts") + 1, error=str(exc)[:500])
        return False
    OutboxTask.objects.filter(pk=pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )
    return True


def drain_outbox() -> dict[str, int]:
    """Send what the outbox holds unsent (oldest first), stopping at the first refusal; mark
    failed what a worker claimed and never finished within a day."""
    from django.utils import timezone

    from braid.core.models import OutboxTask

    if not _broker():
        return {"sent": 0, "waiting": 0}
    sent = 0
    pending = list(
        OutboxTask.objects.filter(sent_at__isnull=True, started_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SEND_BATCH]
    )
    for pk in pending:
        if not send(pk):
            break
        sent += 1
    stuck = OutboxTask.objects.filter(
        started_at__lt=timezone.now() - timedelta(days=1), finished_at__isnull=True
    ).update(finished_at=timezone.now(), error="claimed by a worker that never finished")
    waiting = OutboxTask.objects.filter(sent_at__isnull=True, started_at__isnull=True).count()
    return {"sent": sent, "waiting": waiting, "abandoned": stuck}


@task(name="braid.core.run_outbox")
def run_outbox(pk: int) -> None:
    """Run outbox row `pk` once: claim it (a second delivery finds it claimed and does
    nothing), run its task in this worker, record how it ended."""
    from django.utils import timezone

    from braid.core.models import OutboxTask

    claimed = OutboxTask.objects.filter(pk=pk, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    if not claimed:
        return
    row = OutboxTask.objects.get(pk=pk)
    try:
        celery_app().tasks[row.name].run(*row.args, **row.kwargs)
    except Exception as exc:
        log.exception("background task %s (outbox %s) failed", row.name, pk)
        OutboxTask.objects.filter(pk=pk).update(finished_at=timezone.now(), error=str(exc)[:500])
        raise
    OutboxTask.objects.filter(pk=pk).update(finished_at=timezone.now())


def start(task: Any, *args: Any) -> None:
    """Like `enqueue`, for long work a person waits on (a large import): without a broker it
    runs in a thread of this process, so the request returns and the page can show progress."""
    from django.conf import settings

    if settings.BRAID_BROKER_URL or not getattr(settings, "BRAID_TASKS_IN_THREAD", True):
        enqueue(task, *args)
        return

    def run() -> None:
        from django.db import connection

        try:
            task(*args)
        finally:
            connection.close()

    import threading

    transaction.on_commit(lambda: threading.Thread(target=run, daemon=True).start())

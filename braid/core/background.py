"""Background work: Celery when BRAID_BROKER_URL is set, the same task in-process otherwise.

Tasks are defined with `@shared_task` in an app's `tasks.py` and always started with
`enqueue(task, ...)`, which waits for the surrounding transaction to commit so a worker never
sees rows that were rolled back. Without a broker Celery runs the task eagerly (settings:
CELERY_TASK_ALWAYS_EAGER), so the embedded default needs no extra server.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


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

"""Celery application; configured from Django settings (CELERY_*)."""

import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("braid")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Braid's tasks (braid.core.background.task) register themselves once the app exists.
from braid.core.background import bind  # noqa: E402

bind(app)


@worker_process_init.connect
def _memory_ceiling(**_kwargs: Any) -> None:
    """Each worker process gets an address-space ceiling: a file that would take more memory
    fails its task (and its job, with the reason) instead of the machine."""
    import resource

    from django.conf import settings

    limit = settings.BRAID_WORKER_MEMORY_MB * 1024 * 1024
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

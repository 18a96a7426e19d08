"""`braid worker`: the Celery worker for background work (imports, reminders, notices), with
the beat that runs the housekeeping chores every minute unless --no-beat (run one beat per
installation: `celery -A config.celery beat` on its own when you start several workers)."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background worker (Celery) with its beat; needs BRAID_BROKER_URL."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=int(os.environ.get("BRAID_WORKER_CONCURRENCY", "0")) or None,
            help="Worker processes (default: the number of cores).",
        )
        parser.add_argument("--no-beat", action="store_true", help="Do not run the beat here.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.BRAID_BROKER_URL:
            raise CommandError(
                "BRAID_BROKER_URL is not set: without a broker, background work runs in the web "
                "process and no worker is needed. Set it (e.g. redis://127.0.0.1:6379/0) to "
                "run one."
            )
        argv = ["celery", "-A", "config.celery", "worker", "--loglevel", "INFO"]
        argv += ["--concurrency", str(options["concurrency"] or os.cpu_count() or 1)]
        if not options["no_beat"]:
            argv += ["--beat", "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")]
        os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 - becomes the worker

"""`braid serve`: the production server (gunicorn, DEBUG off, static files by WhiteNoise)."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run Braid in production: migrate, collect static files, serve with gunicorn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("BRAID_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("BRAID_WORKERS", "0")) or (os.cpu_count() or 1) + 1,
            help="gunicorn worker processes (default: the number of cores plus one).",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply migrations first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not os.environ.get("BRAID_SECRET_KEY"):
            raise CommandError(
                "BRAID_SECRET_KEY is not set. Production needs a fixed secret key: "
                "set BRAID_SECRET_KEY to a long random string (e.g. `python -c "
                "'import secrets; print(secrets.token_urlsafe(50))'`)."
            )
        os.environ["BRAID_DEBUG"] = "0"
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            # A worker stuck past this is replaced (imports run in the background, not here).
            "--timeout",
            os.environ.get("BRAID_REQUEST_TIMEOUT", "60"),
            "--graceful-timeout",
            "30",
            # Recycled now and then, so a slow leak never grows into an outage.
            # The application (and every URL and API module, config/wsgi.py) loads once,
            # before the workers are forked: none waits seconds on its first request.
            "--preload",
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
        ]
        self.stdout.write(f"Serving Braid on http://{options['bind']}")
        os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 - replaces this process with gunicorn

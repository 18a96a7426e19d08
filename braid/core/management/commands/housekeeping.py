"""`braid housekeeping`: run the chores once (reap dead import jobs, remove their files, send
what the outbox holds); for cron or the systemd timer in deploy/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from braid.core.housekeeping import run_all


class Command(BaseCommand):
    help = "Run the housekeeping chores once: dead jobs marked failed, stray files removed, the outbox sent."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, outcome in run_all().items():
            self.stdout.write(f"{name}: {outcome}")

"""`braid demo`: load the demo collaborative (idempotent)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from braid.demo.seed import LOGINS, SLUG, DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo collaborative (slug 'demo'); running it twice changes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though the database holds non-demo collaboratives.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            collaborative = load_demo(force=options["force"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Demo collaborative '{collaborative.name}' is ready.")
        )
        self.stdout.write(f"  Open {settings.SITE_URL}/c/{SLUG}/ and log in as:")
        for login in LOGINS:
            who = f"{login.role}" + (
                f" ({login.organisation})" if login.organisation and login.role == "partner" else ""
            )
            self.stdout.write(f"    {login.email:24} password {login.password:14} {who}")

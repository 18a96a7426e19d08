"""`braid digest send [--all]`: send the notifications that are due (immediate ones quiet for a
few minutes, daily and weekly digests whose time came), with the action-item reminders. For an
installation without a broker: run it from cron every five minutes."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the notifications and digests that are due (and queue action reminders)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["send"], help="send: e-mail what is due")
        parser.add_argument(
            "--all", action="store_true", help="send every pending line now, digests included"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from braid.meetings.notifications import remind_actions, send_pending

        if options["what"] != "send":
            raise CommandError("Only `braid digest send` exists.")
        reminders = remind_actions()
        sent = send_pending(force=options["all"])
        self.stdout.write(f"{reminders} action reminders queued; {sent} e-mails sent.")

"""`braid restore FILE [--replace]`: put a `braid backup` into the configured database."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from braid.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a `braid backup` file into the database BRAID_DATABASE_URL names (a fresh one;"
        " --replace to overwrite one holding data). Stop Braid's web and worker first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already holds collaboratives.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(restore(Path(options["file"]), replace=options["replace"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

"""`braid backup --out FILE`: the whole installation's database, with the database's own tool."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from braid.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole installation: SQLite's online backup, or pg_dump (custom format) "
        "for PostgreSQL. Restore with `braid restore FILE`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"No folder {out.parent} to write {out.name} in.")
        try:
            self.stdout.write(backup(out))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

"""`braid import WHAT FILE --collaborative SLUG`: organisations, values, ... (all-or-nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.core.commands import CollaborativeCommand
from braid.core.transfer import IMPORTERS
from braid.lib.tabular import TabularError


class Command(CollaborativeCommand):
    help = (
        "Import a CSV or XLSX file into a collaborative: nothing lands unless every row is right."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", help="What the file holds: " + ", ".join(sorted(IMPORTERS)))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to write the error report (default: FILE.errors.csv beside the file).",
        )
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        entry = IMPORTERS.get(options["what"])
        if entry is None:
            raise CommandError(
                f"Cannot import '{options['what']}'; choose one of: {', '.join(sorted(IMPORTERS))}."
            )
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        access = self.steward_access(self.get_collaborative(options))
        report = (
            Path(options["report"])
            if options["report"]
            else path.with_name(path.name + ".errors.csv")
        )
        try:
            summary = entry.fn(access, path, report)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"rows read: {summary.rows}, inserted: {summary.inserted}, updated: {summary.updated}, "
            f"warnings: {summary.details.get('warnings', summary.warnings)}, errors: {summary.errors}"
        )
        if summary.errors:
            raise CommandError(f"Nothing was imported: {summary.errors} problems; see {report}.")
        self.stdout.write(self.style.SUCCESS("Imported."))

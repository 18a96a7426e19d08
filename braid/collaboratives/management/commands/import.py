"""`braid import WHAT FILE --collaborative SLUG`: organisations, values, ... (all-or-nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.collaboratives.moving import BundleError, collaborative_import
from braid.core.errors import ServiceError
from braid.core.forms import file_too_large
from braid.core.transfer import IMPORTERS
from braid.lib.tabular import TabularError


class Command(CollaborativeCommand):
    help = (
        "Import a CSV or XLSX file into a collaborative: nothing lands unless every row is right."
        " `braid import collaborative FILE.zip [--slug NEW]` makes a collaborative from an export."
    )
    collaborative_required = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", help="What the file holds: " + ", ".join(sorted(IMPORTERS)))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to write the error report (default: FILE.errors.csv beside the file).",
        )
        parser.add_argument(
            "--decimal",
            choices=("point", "comma"),
            help="The decimal mark of the file's numbers (values): point (1,234.5) or comma"
            " (1 234,5). Default: found from the file.",
        )
        parser.add_argument(
            "--map",
            action="append",
            metavar="COLUMN=FIELD",
            help="Which field a column of the file is, when Braid cannot tell from its header"
            " (organisations, plan; repeat for several; FIELD - leaves the column out).",
        )
        parser.add_argument(
            "--slug",
            help="Short name of the collaborative an export makes (default: the one it had).",
        )
        super().add_arguments(parser)

    def _collaborative(self, path: Path, slug: str | None) -> None:
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        try:
            made = collaborative_import(path=path, slug=slug)
        except (BundleError, ServiceError) as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported as '{made.slug}' ({made.name})."))

    def command_line(self, options: dict[str, Any]) -> str:
        if options.get("what") == "collaborative":
            return f"braid import collaborative {Path(str(options.get('file', ''))).name}"
        return (
            f"braid import {options.get('what', '')} {options.get('file', '')} "
            f"--collaborative {options.get('collaborative', '')}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "collaborative":
            self._collaborative(Path(options["file"]), options.get("slug"))
            return
        if not options.get("collaborative"):
            raise CommandError("Name the collaborative to import into with --collaborative SLUG.")
        if options.get("slug"):
            raise CommandError("--slug applies to `braid import collaborative` only; leave it out.")
        entry = IMPORTERS.get(options["what"])
        if entry is None:
            raise CommandError(
                f"Cannot import '{options['what']}'; choose one of: {', '.join(sorted(IMPORTERS))}."
            )
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        if too_large := file_too_large(path.stat().st_size):
            raise CommandError(too_large)
        access = self.steward_access(self.get_collaborative(options))
        report = (
            Path(options["report"])
            if options["report"]
            else path.with_name(path.name + ".errors.csv")
        )
        given = {k: options[k] for k in ("decimal", "map") if options.get(k)}
        refused = sorted(set(given) - set(entry.options))
        if refused:
            raise CommandError(
                f"--{refused[0]} does not apply to '{options['what']}'; leave it out."
            )
        try:
            summary = entry.fn(access, path, report, **given)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"rows read: {summary.rows}, inserted: {summary.inserted}, updated: {summary.updated}, "
            f"warnings: {summary.details.get('warnings', summary.warnings)}, errors: {summary.errors}"
        )
        if summary.errors:
            raise CommandError(f"Nothing was imported: {summary.errors} problems; see {report}.")
        self.stdout.write(self.style.SUCCESS("Imported."))

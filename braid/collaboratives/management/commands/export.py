"""`braid export WHAT --collaborative SLUG --format csv|xlsx [--output FILE]`."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.core.transfer import EXPORTERS


class Command(CollaborativeCommand):
    help = "Export a collaborative's data as CSV or XLSX (formulas neutralised)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", help="What to export: " + ", ".join(sorted(EXPORTERS)))
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx", "pdf"])
        parser.add_argument(
            "--lang", default="en", choices=["en", "fr"], help="Language of a PDF document."
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="File to write (default: standard output for csv, WHAT.xlsx for xlsx).",
        )
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        entry = EXPORTERS.get(options["what"])
        if entry is None:
            raise CommandError(
                f"Cannot export '{options['what']}'; choose one of: {', '.join(sorted(EXPORTERS))}."
            )
        fmt = options["format"]
        if fmt not in entry.formats:
            raise CommandError(f"'{options['what']}' exports as {', '.join(entry.formats)} only.")
        access = self.steward_access(self.get_collaborative(options))
        output = Path(options["output"]) if options["output"] else None
        if fmt in ("xlsx", "pdf"):
            output = output or Path(f"{options['what']}.{fmt}")
            with output.open("wb") as fh:
                if fmt == "pdf":
                    from django.utils import translation

                    with translation.override(options["lang"]):
                        entry.fn(access, fmt, fh)
                else:
                    entry.fn(access, fmt, fh)
        elif output is None:
            entry.fn(access, fmt, sys.stdout)
            return
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                entry.fn(access, fmt, fh)
        self.stderr.write(f"Wrote {output}")

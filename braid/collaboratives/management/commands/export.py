"""`braid export WHAT --collaborative SLUG --format csv|xlsx [--output FILE]`."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand, reader_audience
from braid.core.transfer import EXPORTERS, Entry


class Command(CollaborativeCommand):
    help = "Export a collaborative's data as CSV or XLSX (formulas neutralised)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", help="What to export: " + ", ".join(sorted(EXPORTERS)))
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "pdf", "zip"],
            help="Default: the first the export offers (csv; zip for a collaborative).",
        )
        parser.add_argument(
            "--lang", default="en", choices=["en", "fr"], help="Language of a PDF document."
        )
        parser.add_argument(
            "--as",
            dest="reader",
            default="steward",
            choices=["steward", "viewer", "public"],
            help="Whose view to export: everything (steward), what a viewer sees, or what the "
            "public sees (approved figures only, small counts hidden).",
        )
        parser.add_argument(
            "--output",
            "--out",
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
        fmt = options["format"] or entry.formats[0]
        if fmt not in entry.formats:
            raise CommandError(f"'{options['what']}' exports as {', '.join(entry.formats)} only.")
        access = self.steward_access(self.get_collaborative(options))
        entry = _for_reader(entry, access, options)
        output = Path(options["output"]) if options["output"] else None
        if fmt in ("xlsx", "pdf", "zip"):
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
            with output.open("w", encoding="utf-8", newline="") as text:
                entry.fn(access, fmt, text)
        self.stderr.write(f"Wrote {output}")


def _for_reader(entry: Entry, access: Any, options: dict[str, Any]) -> Entry:
    """The exporter writing for `--as viewer|public`: only what that audience may see."""
    reader = options["reader"]
    if reader == "steward":
        return entry
    if reader not in entry.audiences:
        offered = ", ".join(sorted(k for k, e in EXPORTERS.items() if e.audiences))
        raise CommandError(
            f"'{options['what']}' exports as a steward sees it only; "
            f"--as {reader} is offered for: {offered}."
        )
    fn, audience = entry.fn, reader_audience(access.collaborative, reader)
    return replace(entry, fn=lambda a, f, fh: fn(a, f, fh, audience=audience))

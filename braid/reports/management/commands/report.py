"""`braid report --collaborative SLUG --period 2026-Q4 --template annual --format pdf|html
--lang fr --out FILE`: the report the page shows, from the same builder."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import translation

from braid.collaboratives.commands import CollaborativeCommand
from braid.core.errors import ServiceError
from braid.reports import document, selectors
from braid.reports.models import Template
from braid.reports.reader import public_reader


class Command(CollaborativeCommand):
    help = (
        "Write a report as PDF or HTML: the saved report of that template and period (published"
        " first), or the template's sections built for the period."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", required=True, help="2026, 2026-Q4, 2026-H1 or 2026-03.")
        parser.add_argument("--template", default="annual", choices=Template.values)
        parser.add_argument("--title", default="", help="Which report, when several match.")
        parser.add_argument("--format", default="pdf", choices=["pdf", "html"])
        parser.add_argument("--lang", default="en", choices=list(document.LANGUAGES))
        parser.add_argument(
            "--as",
            dest="reader",
            default="steward",
            choices=["steward", "public"],
            help="A draft as a steward sees it, or as the public may (approved figures only,"
            " small counts hidden). A published report is its frozen snapshot either way.",
        )
        parser.add_argument("--out", type=Path, required=True, help="File to write.")
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        access = self.steward_access(self.get_collaborative(options))
        lang = options["lang"]
        with translation.override(lang):
            try:
                report = selectors.report_for_period(
                    access, options["period"], options["template"], options["title"]
                )
            except ServiceError as exc:
                raise CommandError(str(exc)) from exc
        reader = public_reader(access.collaborative) if options["reader"] == "public" else access
        out = Path(options["out"])
        if options["format"] == "pdf":
            out.write_bytes(document.render_pdf(report, reader, lang))
        else:
            out.write_text(document.render_html(report, reader, lang), encoding="utf-8")
        state = "saved" if report.pk else "built from the template, not saved"
        self.stderr.write(f"Wrote {out}: “{report.title}” ({report.period}, {state}).")

"""`braid survey rounds|results --collaborative SLUG [--round ID] [--format json|csv]
[--as steward|viewer|public]`: the rounds with their response, and a round's results as the
API gives them (braid.surveys.documents), under the reader's privacy floor. Never an
individual answer."""

from __future__ import annotations

import io
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand, reader_audience
from braid.lib.tabular import write_csv
from braid.surveys import documents, results, selectors

ROUND_COLUMNS = [
    "id",
    "title",
    "title_fr",
    "status",
    "opens_on",
    "closes_on",
    "instruments",
    "invited",
    "finished",
]


class Command(CollaborativeCommand):
    help = "Survey rounds and their results (scores under the privacy floor; no answers)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=("rounds", "results"))
        parser.add_argument("--round", type=int, help="The round's id (see `braid survey rounds`).")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--as",
            dest="reader",
            default="steward",
            choices=("steward", "viewer", "public"),
            help="Whose view of the results: a steward's, a viewer's or the public's.",
        )
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        collaborative = self.get_collaborative(options)
        rounds = selectors.rounds(collaborative)
        if options["what"] == "rounds":
            self._print([documents.round_document(r) for r in rounds], ROUND_COLUMNS, options)
            return
        found = rounds.filter(pk=options["round"]).first() if options["round"] else None
        if found is None:
            known = ", ".join(f"{r.pk} ({r.shown_title})" for r in rounds[:20]) or "none"
            raise CommandError(f"Give --round ID of a round of this collaborative. Known: {known}.")
        audience = (
            self.steward_access(collaborative).audience
            if options["reader"] == "steward"
            else reader_audience(collaborative, options["reader"])
        )
        if not results.may_read(audience, found):
            raise CommandError("The results of this round are shared once it is closed.")
        document = documents.results_document(audience, found)
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, indent=1, default=str))
            return
        table = documents.result_table(audience, found)
        self._print(
            [dict(zip(documents.EXPORT_COLUMNS, row, strict=True)) for row in table],
            list(documents.EXPORT_COLUMNS),
            options,
        )

    def _print(
        self, rows: list[dict[str, Any]], columns: list[str], options: dict[str, Any]
    ) -> None:
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=1, default=str))
            return
        flat = [[_cell(row.get(c)) for c in columns] for row in rows]
        text = io.StringIO()
        write_csv(flat, columns, text)
        self.stdout.write(text.getvalue(), ending="")


def _cell(value: Any) -> Any:
    return ", ".join(map(str, value)) if isinstance(value, list) else value

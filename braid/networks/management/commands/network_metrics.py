"""`braid network-metrics EDGES.csv [--undirected] [--format json|csv]`: the network measures
of any edge list (INSTRUMENTS.md §2), the same figures as the network pages, printed as JSON
(network figures and one object per organisation) or as a CSV of organisations. A file with
problems is refused with every problem listed (row, column, value, what to fix), like every
Braid import; nothing is computed from a file that is partly wrong."""

from __future__ import annotations

import io
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from braid.core.transfer import write_problem_report
from braid.lib.tabular import TabularError, write_csv
from braid.networks.edgelist import metrics_document, organisation_rows, read_edges


class Command(BaseCommand):
    help = (
        "Network measures of an edge list (columns source, target, optional level 0..4, "
        "optional trust_*/value_* or trust, value): density, centralisation, betweenness, "
        "reciprocity, key players, per organisation."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="CSV or XLSX edge list.")
        parser.add_argument(
            "--undirected",
            action="store_true",
            help="Ties have no direction (co-attendance, shared work); default: directed "
            "(source rates target).",
        )
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--report",
            type=Path,
            help="Also write the problems of a refused file to this CSV (row, column, value, "
            "problem).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        directed = not options["undirected"]
        try:
            edges = read_edges(path, filename=path.name)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        if edges.problem_count:
            for p in edges.problems:
                self.stderr.write(f"row {p.row}, {p.field}: “{p.value}” — {p.message}")
            if options["report"]:
                write_problem_report(edges.problems, options["report"])
            raise CommandError(
                f"Nothing was computed: {edges.problem_count} problem"
                f"{'s' if edges.problem_count != 1 else ''} in {edges.rows} rows; fix "
                "them and run again."
            )
        doc = metrics_document(edges, directed=directed)
        if options["format"] == "csv":
            headers, rows = organisation_rows(doc)
            buffer = io.StringIO()
            write_csv(rows, headers, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))

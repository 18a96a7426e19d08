"""The registry behind `braid import WHAT FILE` and `braid export WHAT`.

A module registers, in its AppConfig.ready():

    register_importer("organisations", import_fn, help="...")
    register_exporter("organisations", export_fn, formats=("csv", "xlsx"))

`import_fn(access, path, report_path, **options) -> ImportSummary` reads the file and, when it finds
problems, writes them to `report_path` and returns a summary with `errors > 0`.
`export_fn(access, fmt, fileobj)` writes the export (a text file for csv, binary for xlsx).
The core knows no module: it only keeps the names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


@dataclass
class ImportSummary:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    warnings: int = 0
    errors: int = 0
    details: dict[str, Any] = field(default_factory=dict)


Importer = Callable[[Any, Path, Path], ImportSummary]
Exporter = Callable[[Any, str, IO[Any]], None]


@dataclass(frozen=True)
class Entry:
    fn: Callable[..., Any]
    help: str
    formats: tuple[str, ...] = ()
    # Options of `braid import` this importer takes, passed as keywords (e.g. "decimal").
    options: tuple[str, ...] = ()
    # Readers other than a steward an exporter can write for (`braid export --as viewer`):
    # it then takes an `audience` keyword and shows only what that audience may see.
    audiences: tuple[str, ...] = ()


IMPORTERS: dict[str, Entry] = {}
EXPORTERS: dict[str, Entry] = {}


def register_importer(
    name: str, fn: Importer, *, help: str = "", options: tuple[str, ...] = ()
) -> None:
    IMPORTERS[name] = Entry(fn, help, options=options)


def register_exporter(
    name: str,
    fn: Exporter,
    *,
    formats: tuple[str, ...] = ("csv", "xlsx"),
    help: str = "",
    audiences: tuple[str, ...] = (),
) -> None:
    EXPORTERS[name] = Entry(fn, help, formats, audiences=audiences)


def write_problem_report(problems: Any, path: Path | str) -> None:
    """The error report `braid import` leaves beside a refused file: one line per problem,
    with its row, column, value and what to fix."""
    from braid.lib.tabular import write_csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_csv(
            ([p.row, p.field, p.value, p.message] for p in problems),
            ["row", "column", "value", "problem"],
            fh,
        )


def import_summary(result: Any, report: Path | str, **details: Any) -> ImportSummary:
    """What `braid import` prints for an importer whose result counts rows, `created`,
    `updated` and `problems`; the problems, if any, go to the report file."""
    if result.problems:
        write_problem_report(result.problems, report)
    return ImportSummary(
        rows=result.rows,
        inserted=result.created,
        updated=result.updated,
        errors=len(result.problems),
        details=details,
    )

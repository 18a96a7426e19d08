"""The shared-measures cards on the home page, sidebar links, and the command-line hooks."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.stages import Card
from braid.measures.models import Indicator, Submission


def cards(access: Any) -> list[Card]:
    slug = access.collaborative.slug
    n = access.scope(Indicator).filter(archived_at__isnull=True).count()
    # Whose reports are waiting or late: every organisation's for a steward, a partner's own.
    reports = access.audience.reports(access.scope(Submission))
    waiting = reports.filter(status="submitted").count()
    late = reports.filter(
        status__in=["draft", "returned"], period__due_date__lt=timezone.localdate()
    ).count()
    figures = [(_("shared measures"), n), (_("to review"), waiting), (_("late reports"), late)]
    return [
        Card(
            title=_("Shared measures"),
            url=reverse("measures:scorecard", args=[slug]),
            figures=figures,
            empty_hint="" if n else _("Define the indicators partners will report."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    items: list[tuple[Any, str]] = [(_("Scorecard"), reverse("measures:scorecard", args=[slug]))]
    if access.is_partner:
        items.append((_("What we owe"), reverse("measures:report", args=[slug])))
    if access.is_steward:
        items.append((_("Submissions"), reverse("measures:review", args=[slug])))
    return items


UNCHECKED = "not looked for: over 50,000 rows"


def _cli_mapping(path: Path, given: Sequence[str]) -> list[str]:
    from braid.lib.tabular import TabularError, TabularReader
    from braid.measures.imports.columns import cli_mapping

    with open(path, "rb") as source:
        headers = TabularReader(source, filename=str(path)).raw_headers
    try:
        return cli_mapping(headers, given)
    except ValueError as exc:
        raise TabularError(str(exc)) from None


def cli_import(
    access: Any, path: Path, report: Path, decimal: str | None = None, map: Sequence[str] = ()
) -> Any:
    """`braid import values FILE [--decimal point|comma] [--map COLUMN=FIELD ...]`: progress on
    a terminal, the error report written to a file. Without `--decimal` the mark is found from
    the file; without `--map` the headers are recognised (English, French or both)."""
    from braid.core.transfer import ImportSummary, write_problem_report
    from braid.measures.imports import import_file

    mapping = _cli_mapping(path, map) if map else None

    tty = sys.stderr.isatty()

    def progress(rows: int) -> None:
        if tty:
            sys.stderr.write(f"\r{rows:>10,} rows read")
            sys.stderr.flush()

    result = import_file(
        access=access,
        path=path,
        # Only a terminal shows progress; without a callback the import may stream (PostgreSQL).
        progress=progress if tty else None,
        reason=f"braid import {path.name}",
        way="cli",
        decimal=decimal,
        mapping=mapping,
    )
    if tty:
        sys.stderr.write("\n")
    if not result.ok:
        write_problem_report(result.problems, report)
    return ImportSummary(
        rows=result.rows,
        inserted=result.inserted if result.ok else 0,
        updated=result.updated if result.ok else 0,
        warnings=len(result.warnings),
        errors=result.problem_count,
        details={} if result.warnings_checked else {"warnings": UNCHECKED},
    )


def cli_export(access: Any, fmt: str, fileobj: IO[Any], audience: Any = None) -> None:
    """`braid export values [--as viewer|public]`: as the steward, or as that audience sees it."""
    from braid.measures.exports import export_values

    export_values(access=access, fmt=fmt, fileobj=fileobj, audience=audience)

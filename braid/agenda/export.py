"""The action plan as a spreadsheet: `braid export plan` and the plan page's download.

XLSX has one sheet per part of the plan (activities, milestones, responsibility matrix,
contributions, funding deadlines); CSV, a single table, carries the activities. Every cell goes
through `neutralise`, so a title such as "=HYPERLINK(…)" stays text in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from braid.agenda.models import (
    Activity,
    Contribution,
    FundingDeadline,
    Milestone,
    Raci,
    Responsibility,
)
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.lib.tabular import neutralise, write_csv

# The activities sheet; `braid import plan` reads the same columns back (plan_import.py).
PLAN_COLUMNS = [
    "id",
    "activity",
    "lead",
    "supporters",
    "objectives",
    "body",
    "start",
    "end",
    "status",
    "reason",
    "description",
    "activity_fr",  # the title in French (ADR 0015); last, so older files still line up
    "objectives_fr",  # the objectives' titles in French (ADR 0015)
]


def _activity_rows(collaborative_id: int) -> tuple[list[str], list[list[Any]]]:
    headers = PLAN_COLUMNS
    rows = []
    for a in (
        Activity.objects.filter(collaborative_id=collaborative_id)
        .select_related("lead", "body")
        .prefetch_related("supporters", "objectives")
        .order_by("start", "title", "pk")
    ):
        rows.append(
            [
                a.pk,
                a.title,
                a.lead.name,
                "; ".join(sorted(o.name for o in a.supporters.all())),
                "; ".join(bilingual.pick(o, "title", "en").text for o in a.objectives.all()),
                a.body.name if a.body else "",
                a.start,
                a.end,
                a.get_status_display(),
                a.status_reason,
                a.description,
                a.title_fr,
                "; ".join(o.title_fr for o in a.objectives.all() if o.title_fr),
            ]
        )
    return headers, rows


def _sheets(collaborative_id: int) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    headers, rows = _activity_rows(collaborative_id)
    milestones = [
        [
            m.activity_id,
            str(m.activity),
            m.get_kind_display(),
            m.title,
            m.due_on,
            m.done_on,
            m.title_fr,
        ]
        for m in Milestone.objects.filter(collaborative_id=collaborative_id)
        .select_related("activity")
        .order_by("due_on", "pk")
    ]
    raci = [
        [str(r.activity), r.organisation.name, r.role, str(Raci(r.role).label)]
        for r in Responsibility.objects.filter(collaborative_id=collaborative_id)
        .select_related("activity", "organisation")
        .order_by("activity__start", "activity__title", "organisation__name")
    ]
    contributions = [
        [
            c.organisation.name,
            c.get_kind_display(),
            c.description,
            c.value,
            c.period_start,
            c.period_end,
        ]
        for c in Contribution.objects.filter(collaborative_id=collaborative_id)
        .select_related("organisation")
        .order_by("organisation__name", "period_start")
    ]
    deadlines = [
        [d.source.funder, d.title, d.due_on, "yes" if d.done else "no", d.title_fr]
        for d in FundingDeadline.objects.filter(collaborative_id=collaborative_id)
        .select_related("source")
        .order_by("due_on")
    ]
    return [
        (_("Activities"), headers, rows),
        (
            _("Milestones"),
            ["activity_id", "activity", "kind", "milestone", "due_on", "done_on", "milestone_fr"],
            milestones,
        ),
        (_("Responsibilities"), ["activity", "organisation", "code", "role"], raci),
        (
            _("Contributions"),
            ["organisation", "kind", "description", "value", "from", "to"],
            contributions,
        ),
        (_("Funding deadlines"), ["funder", "due", "due_on", "done", "due_fr"], deadlines),
    ]


def write_plan(collaborative: Any, fmt: str, fileobj: IO[Any]) -> None:
    if fmt == "csv":
        headers, rows = _activity_rows(collaborative.pk)
        write_csv(rows, headers, fileobj)
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, sheet_headers, sheet_rows in _sheets(collaborative.pk):
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append(list(sheet_headers))
        for row in sheet_rows:
            sheet.append([neutralise(v) for v in row])
    workbook.save(fileobj)


def cli_export(access: Access, fmt: str, fileobj: IO[Any]) -> None:
    write_plan(access.collaborative, fmt, fileobj)


def cli_export_terms(access: Access, fmt: str, fileobj: IO[Any]) -> None:
    """The current terms of reference as a PDF, in the active language."""
    from django.core.management.base import CommandError
    from django.utils import translation

    from braid.agenda.models import TermsVersion
    from braid.agenda.terms.document import render_pdf

    terms = access.scope(TermsVersion).order_by("-number").first()
    if terms is None:
        raise CommandError("No terms of reference issued yet: issue them in Braid first.")
    fileobj.write(render_pdf(terms, translation.get_language() or "en"))

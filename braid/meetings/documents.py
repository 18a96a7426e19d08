"""The meetings module's documents, one place for the page, the API and the command line: the
minutes as HTML or PDF (with a choice of sections, in English or French), and the rows of the
decisions register and of the open action items as `braid meetings decisions|actions` and
their CSV print them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.meetings import selectors
from braid.meetings.models import Decision, Meeting

SECTIONS = ("attendance", "decisions", "actions")
LANGUAGES = ("en", "fr")

DECISION_COLUMNS = [
    "number",
    "title",
    "title_fr",
    "method",
    "status",
    "decided_on",
    "meeting_id",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "reason",
    "supersedes_id",
    "superseded_by_id",
]
ACTION_COLUMNS = [
    "id",
    "title",
    "organisation",
    "owner",
    "due_on",
    "status",
    "overdue",
    "meeting_id",
]


def chosen_sections(asked: Sequence[str]) -> tuple[str, ...]:
    """The sections asked for that exist, in their usual order; all of them if none is."""
    chosen = tuple(s for s in SECTIONS if s in asked)
    return chosen or SECTIONS


def language(asked: str | None) -> str:
    return asked if asked in LANGUAGES else "en"


def minutes_context(access: Access, meeting: Meeting, sections: tuple[str, ...]) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "collaborative": access.collaborative,
        "sections": sections,
        "items": selectors.agenda_items(meeting),
        "attendance": list(meeting.attendance.select_related("user", "organisation")),
        "decisions": list(meeting.decisions.order_by("number")),
        "actions": list(
            meeting.actions.select_related("owner", "organisation").order_by("due_on", "pk")
        ),
        "corrections": list(meeting.corrections.select_related("author")),
    }


def minutes_html(access: Access, meeting: Meeting, sections: tuple[str, ...], lang: str) -> str:
    with translation.override(lang):
        return render_to_string(
            "meetings/minutes_pdf.html", minutes_context(access, meeting, sections)
        )


def minutes_pdf(access: Access, meeting: Meeting, sections: tuple[str, ...], lang: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=minutes_html(access, meeting, sections, lang)).write_pdf())


def decision_out(d: Decision) -> dict[str, Any]:
    nxt = getattr(d, "superseded_by", None)
    return {
        **{
            f: getattr(d, f)
            for f in (
                "number",
                *bilingual.both(Decision.TEXTS),
                "method",
                "status",
                "reason",
                "decided_on",
                "meeting_id",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "present",
                "members",
                "supersedes_id",
            )
        },
        "id": d.pk,
        "superseded_by_id": nxt.pk if nxt else None,
        "activity_ids": sorted(a.pk for a in d.activities.all()),
        "indicator_ids": sorted(i.pk for i in d.indicators.all()),
        "agenda_version_ids": sorted(v.pk for v in d.agenda_versions.all()),
        "terms_version_ids": sorted(t.pk for t in d.terms_versions.all()),
        "dissenting_ids": sorted(o.pk for o in d.dissenting.all()),
        "action_ids": sorted(a.pk for a in d.actions.all()),
    }


def decision_rows(access: Access, status: str = "") -> list[dict[str, Any]]:
    """The register as the API gives it, newest first, superseded and revoked ones kept."""
    qs = selectors.register(access).prefetch_related(
        "activities", "indicators", "agenda_versions", "terms_versions", "dissenting", "actions"
    )
    if status:
        qs = qs.filter(status=status)
    return [decision_out(d) for d in qs]


def open_action_rows(
    access: Access, today: dt.date, *, overdue_only: bool = False
) -> list[dict[str, Any]]:
    """Every open action item, by organisation then due date (a steward's view)."""
    rows = []
    for organisation, actions in selectors.open_actions_grouped(access):
        for a in actions:
            late = bool(a.due_on and a.due_on < today)
            if overdue_only and not late:
                continue
            owner = a.owner.full_name or a.owner.email if a.owner else ""
            rows.append(
                {
                    "id": a.pk,
                    "title": a.title,
                    "organisation": getattr(organisation, "name", "") or "",
                    "owner": owner,
                    "due_on": a.due_on,
                    "status": a.status,
                    "overdue": late,
                    "meeting_id": a.meeting_id,
                }
            )
    return rows

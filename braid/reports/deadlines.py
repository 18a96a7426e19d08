"""On the funders' deadline calendar (agenda's resources page): each deadline still to meet
with the report it asks for, or a link that starts it from the funder's template. A panel
(braid.core.panels), so agenda never imports reports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from braid.core.panels import Panel, PanelLine
from braid.reports import selectors
from braid.reports.models import Template
from braid.reports.periods import quarter_before

SHOWN = 12


def _line(access: Any, deadline: Any) -> PanelLine:
    slug = access.collaborative.slug
    text = f"{deadline.source.funder}: {deadline} ({date_format(deadline.due_on)})"
    report = selectors.report_due(access, deadline.source_id, deadline.due_on)
    if report is not None:
        status = _("published") if report.published else _("draft")
        return PanelLine(
            text,
            reverse("reports:detail", args=[slug, report.pk]),
            _("report: %(title)s, %(period)s (%(status)s)")
            % {"title": report.title, "period": report.period, "status": status},
        )
    if not access.can_manage():
        return PanelLine(text, "", _("no report yet"))
    query = urlencode(
        {
            "template": Template.FUNDER,
            "funding_source_id": deadline.source_id,
            "period": quarter_before(deadline.due_on),
            "title": f"{deadline.source.funder}: {deadline}"[:200],
        }
    )
    return PanelLine(text, f"{reverse('reports:new', args=[slug])}?{query}", _("start the report"))


def deadlines_panel(access: Any, _pk: int) -> Panel | None:
    from braid.agenda.resources.selectors import calendar

    ahead = [r.deadline for _m, rows in calendar(access) for r in rows if not r.deadline.done]
    if not ahead:
        return None
    return Panel(_("Reports due"), [_line(access, d) for d in ahead[:SHOWN]])

"""The chain from results back to meetings, as panels on lower modules' pages
(braid.core.panels): an indicator's and an activity's decisions and actions, a partner's
attendance rate, the decisions it dissented from and its open actions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from braid.core.panels import Panel, PanelLine, register_panel
from braid.meetings import selectors
from braid.meetings.models import ActionItem, ActionStatus, Decision


def _lines(access: Any, decisions: list[Decision], actions: list[ActionItem]) -> list[PanelLine]:
    slug = access.collaborative.slug
    today = selectors.today()
    lines = [
        PanelLine(
            str(d),
            reverse("meetings:decision", args=[slug, d.pk]),
            f"{d.decided_on.isoformat()} · {d.get_status_display()}",
        )
        for d in decisions
    ]
    for a in actions:
        note = a.get_status_display()
        if a.status == ActionStatus.OPEN and a.due_on and a.due_on < today:
            note = _("overdue since %(date)s") % {"date": a.due_on.isoformat()}
        lines.append(PanelLine(a.title, reverse("meetings:action", args=[slug, a.pk]), note))
    return lines


def indicator_panel(access: Any, pk: int) -> Panel:
    return Panel(
        _("Decisions and actions aimed at it"),
        _lines(
            access,
            selectors.decisions_for(access, indicator_id=pk),
            selectors.actions_for(access, indicator_id=pk),
        ),
        empty=_("No decision or action of the meetings aims at this indicator yet."),
    )


def activity_panel(access: Any, pk: int) -> Panel:
    return Panel(
        _("Decisions and actions aimed at it"),
        _lines(
            access,
            selectors.decisions_for(access, activity_id=pk),
            selectors.actions_for(access, activity_id=pk),
        ),
        empty=_("No decision or action of the meetings aims at this activity yet."),
    )


def partner_panel(access: Any, pk: int) -> Panel:
    slug = access.collaborative.slug
    rate = selectors.attendance_rates(access.collaborative).get(pk)
    lines = [
        PanelLine(
            _("Attendance over 12 months: %(pct)s %%") % {"pct": round(rate * 100)}
            if rate is not None
            else _("Attendance over 12 months: not expected at any recorded meeting")
        )
    ]
    for d in selectors.register(access).filter(dissenting__id=pk):
        lines.append(
            PanelLine(
                _("Dissented from D-%(n)s %(title)s") % {"n": d.number, "title": d.shown_title},
                reverse("meetings:decision", args=[slug, d.pk]),
            )
        )
    for a in selectors.open_actions_by_organisation(access.collaborative).get(pk, []):
        lines.append(
            PanelLine(
                a.title,
                reverse("meetings:action", args=[slug, a.pk]),
                _("open action, due %(date)s")
                % {"date": a.due_on.isoformat() if a.due_on else "—"},
            )
        )
    return Panel(_("In meetings"), lines)


def register_all() -> None:
    register_panel("measures.indicator", indicator_panel)
    register_panel("agenda.activity", activity_panel)
    register_panel("partners.detail", partner_panel)

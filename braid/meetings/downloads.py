"""The Meetings module's lists as downloads (`braid.core.http.downloadable`): each builds the
page's own rows, from the page's selector with the page's filters, for the same reader."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.http import Table, int_or_none
from braid.meetings import selectors
from braid.meetings.models import ActionItem, Meeting, Series


def meetings(request: HttpRequest, access: Access) -> Table:
    body_id = int_or_none(request.GET.get("body"))
    upcoming, past = selectors.upcoming_and_past(access, body_id=body_id)
    headers = [_("When"), _("Meeting"), _("Body"), _("Status"), _("Agenda items")]
    rows = (
        [
            localtime(m.starts_at).isoformat(timespec="minutes"),
            m.title,
            m.body.name if m.body else "",
            m.get_status_display(),
            m.n_items,  # type: ignore[attr-defined]
        ]
        for m in [*upcoming, *past]
    )
    return "meetings", headers, rows


def decisions(request: HttpRequest, access: Access) -> Table:
    status = request.GET.get("status", "")
    qs = selectors.register(access)
    if status:
        qs = qs.filter(status=status)
    headers = [_("Number"), _("Decided on"), _("Decision"), _("Meeting"), _("Method")]
    headers += [_("Status"), _("Superseded by")]
    rows = (
        [
            f"D-{d.number}",
            d.decided_on.isoformat() if d.decided_on else "",
            d.shown_title,
            d.meeting.title if d.meeting else "",
            d.get_method_display(),
            d.get_status_display(),
            f"D-{d.superseded_by.number}" if getattr(d, "superseded_by", None) else "",  # type: ignore[attr-defined]
        ]
        for d in qs
    )
    return "decisions", headers, rows


def _action_rows(actions: Iterable[ActionItem], today: Any) -> Iterator[list[Any]]:
    for a in actions:
        owner = (a.owner.full_name or a.owner.email) if a.owner else ""
        late = a.status == "open" and a.due_on and a.due_on < today
        yield [
            a.title,
            a.meeting.title if a.meeting else "",
            owner,
            a.organisation.name if a.organisation else "",
            a.due_on.isoformat() if a.due_on else "",
            a.get_status_display(),
            _("overdue") if late else "",
        ]


def _action_headers() -> list[str]:
    headers = [_("Action"), _("Meeting"), _("Owner"), _("Organisation"), _("Due on")]
    return [*headers, _("Status"), _("Overdue")]


def my_actions(request: HttpRequest, access: Access) -> Table:
    whose = request.GET.get("whose", "assigned")
    state = request.GET.get("state", "open")
    rows = selectors.my_actions(access, whose=whose, state=state)
    return "my-actions", _action_headers(), _action_rows(rows, selectors.today())


def actions_by_organisation(request: HttpRequest, access: Access) -> Table:
    groups = selectors.open_actions_grouped(access)
    rows = _action_rows((a for _org, actions in groups for a in actions), selectors.today())
    return "open-actions", _action_headers(), rows


def series_of(access: Access, pk: int) -> Series:
    return access.get_owned(Series.objects.select_related("body"), pk=pk)


def occurrences(series: Series) -> QuerySet[Meeting]:
    """A series' meetings in their order: the series page and its download."""
    return series.meetings.order_by("sequence")


def series_meetings(request: HttpRequest, access: Access, pk: int) -> Table:
    series = series_of(access, pk)
    headers = [_("Number"), _("When"), _("Meeting"), _("Status"), _("Changed on its own")]
    rows = (
        [
            m.sequence,
            localtime(m.starts_at).isoformat(timespec="minutes"),
            m.title,
            m.get_status_display(),
            _("yes") if m.detached else "",
        ]
        for m in occurrences(series)
    )
    return f"series-{series.pk}-meetings", headers, rows

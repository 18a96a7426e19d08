"""The Shared-measures module's lists as downloads (`braid.core.http.downloadable`): each
builds the page's own rows, from the page's selector with the page's filters, for the same
reader. The value history goes through `history.changes`, so the disclosure policy decides
whose changes a file holds exactly as it decides the page's (`Audience.reports`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from braid.collaboratives.access import Access
from braid.core.http import Table
from braid.measures import selectors
from braid.measures.history import Filters, changes

HISTORY_ROWS = 50_000  # the most changes one file holds (the page shows them 100 at a time)


def _date(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]


def periods(request: HttpRequest, access: Access) -> Table:
    headers = [_("Period"), _("Frequency"), _("From"), _("To"), _("Due"), _("Status")]
    rows = (
        [
            p.code,
            p.get_frequency_display(),
            _date(p.start),
            _date(p.end),
            _date(p.due_date),
            _("Closed") if p.closed else pgettext("period status", "Open"),
        ]
        for p in selectors.periods(access)
    )
    return "periods", headers, rows


def review(request: HttpRequest, access: Access) -> Table:
    """The completeness board, one row per partner and period, as the board shows it."""
    board = selectors.completeness(access, selectors.review_periods(access))
    headers = [_("Partner"), _("Period"), _("Status"), _("Submitted"), _("Reminded")]

    def status(cell: selectors.BoardCell) -> str:
        if not cell.owed:
            return _("not due")
        return cell.submission.get_status_display() if cell.submission else _("not started")

    rows = (
        [
            org.name,
            cell.period.code,
            status(cell),
            _when(cell.submission.submitted_at) if cell.submission else "",
            _when(cell.submission.reminded_at) if cell.submission else "",
        ]
        for org, cells in board
        for cell in cells
    )
    return "submissions", headers, rows


def _when(moment: object) -> str:
    return localtime(moment).isoformat(timespec="minutes") if moment else ""  # type: ignore[arg-type]


def history(request: HttpRequest, access: Access) -> Table:
    """Every change the page's filters keep (not only the page shown), newest first."""
    headers = [_("When"), _("Who"), _("How"), _("Indicator"), _("Code"), _("Organisation")]
    headers += [_("Period"), _("Breakdown"), _("Before"), _("After"), _("Why")]
    found = changes(access, Filters.parse(request.GET), limit=HISTORY_ROWS)[:HISTORY_ROWS]
    rows = (
        [
            _when(c.changed_at),
            c.who,
            c.way_label,
            c.indicator.name,
            c.indicator.code,
            c.organisation,
            c.period,
            c.disaggregation,
            c.before,
            c.after,
            c.reason,
        ]
        for c in found
    )
    return "value-history", headers, rows

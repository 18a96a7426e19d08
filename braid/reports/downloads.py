"""The reports list as a download (`braid.core.http.downloadable`): the page's own reports
for the same reader (drafts are the stewards'), titles in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.http import Table
from braid.reports import selectors


def reports(request: HttpRequest, access: Access) -> Table:
    headers = [_("Report"), _("Template"), _("Funder"), _("Period"), _("Status")]
    headers.append(_("Published on"))
    rows = (
        [
            bilingual.pick(r, "title").text,
            r.get_template_display(),
            r.funding_source.funder if r.funding_source else "",
            r.period,
            r.get_status_display(),
            localtime(r.published_at).date().isoformat() if r.published_at else "",
        ]
        for r in selectors.reports(access)
    )
    return "reports", headers, rows

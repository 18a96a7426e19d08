"""The members list and the audit log as downloads (`braid.core.http.downloadable`), from the
pages' own selectors for the same reader."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from braid.collaboratives import audit, selectors
from braid.collaboratives.access import Access
from braid.core.http import Table


def members(request: HttpRequest, access: Access) -> Table:
    rows = (
        [
            m.user.full_name,
            m.user.email,
            m.get_role_display(),
            m.organisation.name if m.organisation else "",
        ]
        for m in selectors.members(access)
    )
    return "members", [_("Name"), _("E-mail"), _("Role"), _("Organisation")], rows


def audit_log(request: HttpRequest, access: Access) -> Table:
    rows = (
        [line["event"].created_at.isoformat(), line["event"].via or line["who"], line["what"]]
        for line in audit.rendered(selectors.audit_events(access).iterator(2000))
    )
    return "audit-log", [_("When"), _("Who"), _("What")], rows

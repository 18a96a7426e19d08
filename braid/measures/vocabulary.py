"""How the shared-measures module's audit lines (and notices) read, in the reader's language;
see braid.collaboratives.audit. Imported by braid.measures.services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.audit import links, vocabulary


def _reminders_line(params: dict[str, str]) -> str:
    line = _("Reminders for %(period)s: %(sent)s e-mails sent") % params
    if params.get("nobody"):
        line += " · " + _("nobody to remind at %(nobody)s") % params
    return line


vocabulary(
    {
        "indicator.created": gettext_lazy("Indicator “%(name)s” (%(code)s) defined"),
        "indicator.links_set": gettext_lazy(
            "Indicator “%(name)s” linked to %(count)s objectives of the common agenda"
        ),
        "target.set": gettext_lazy("Target of “%(indicator)s” for %(period)s set to %(value)s"),
        "story.saved": gettext_lazy("Story behind “%(indicator)s” for %(period)s saved"),
        "values.saved": gettext_lazy(
            "Figures of %(organisation)s for %(period)s saved: %(inserted)s new, "
            "%(updated)s changed, %(cleared)s cleared"
        ),
        "submission.submitted": gettext_lazy("Report of %(organisation)s for %(period)s submitted"),
        "submission.returned": gettext_lazy(
            "Report of %(organisation)s for %(period)s returned: %(comment)s"
        ),
        "submission.approved": gettext_lazy("Report of %(organisation)s for %(period)s approved"),
        "reminders.sent": _reminders_line,
        "period.created": gettext_lazy("Period %(code)s opened"),
        "periods.scheduled": gettext_lazy("%(count)s periods opened (%(first)s to %(last)s)"),
        "period.closed": gettext_lazy("Period %(code)s closed"),
        "period.reopened": gettext_lazy("Period %(code)s reopened"),
    }
)

_INDICATOR_UPDATED = gettext_lazy("Indicator “%(name)s” changed: %(fields)s")
_VALUES_IMPORTED = gettext_lazy(
    "Figures imported (%(reason)s): %(rows)s rows, %(inserted)s new, %(updated)s changed"
)
vocabulary(
    {
        "indicator.updated": _INDICATOR_UPDATED,
        "framework.imported": gettext_lazy(
            "Framework imported: %(created)s indicators added, %(updated)s changed, "
            "%(targets)s targets"
        ),
        "targets.set": gettext_lazy("%(set)s targets set, %(removed)s removed"),
        "values.imported": _VALUES_IMPORTED,
        # The names the first writers used; kept so their lines read the same.
        "indicator.update": _INDICATOR_UPDATED,
        "values.import": _VALUES_IMPORTED,
        "framework.import": gettext_lazy(
            "Framework imported: %(created)s indicators added, %(updated)s changed, "
            "%(targets)s targets"
        ),
        "target.set_many": gettext_lazy("%(set)s targets set, %(removed)s removed"),
    }
)


def _history_link(event: Any, slug: str) -> str:
    """An import or a save that entered or changed figures leads to those first entries and
    changes in the value history."""
    details = event.details or {}
    written = ("inserted", "updated", "cleared")
    if not (details.get("changed_at") and any(details.get(k) for k in written)):
        return ""
    query = urlencode({"changed_at": details["changed_at"]})
    return reverse("measures:history", args=[slug]) + "?" + query


links(dict.fromkeys(("values.imported", "values.import", "values.saved"), _history_link))

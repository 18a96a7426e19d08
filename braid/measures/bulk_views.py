"""Pages' bulk actions: submit every complete report, approve every report without a warning."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.http import int_or_none
from braid.measures.bulk import submissions_approve, submissions_submit
from braid.measures.views_report import my_org


@require_POST
@collaborative_view(manage=True)
def approve_all(request: HttpRequest, access: Access) -> HttpResponse:
    """Approve every submitted report (of the chosen period) that has no warning."""
    result = submissions_approve(access=access, period_id=int_or_none(request.POST.get("period")))
    messages.success(
        request,
        _("%(n)s reports approved; the scorecard is updated.") % {"n": len(result.approved)},
    )
    if result.held:
        names = ", ".join(f"{s.organisation.name} · {s.period.code}" for s in result.held)
        messages.warning(
            request,
            _("Left for you to look at, as their figures have warnings: %(names)s.")
            % {"names": names},
        )
    return redirect("measures:review", slug=access.collaborative.slug)


@require_POST
@collaborative_view()
def submit_all(request: HttpRequest, access: Access) -> HttpResponse:
    """Submit every complete draft report of the partner's organisation."""
    org_id = my_org(access, request)
    result = submissions_submit(access=access, organisation_id=org_id)
    messages.success(
        request,
        _("%(n)s reports submitted. The backbone will review your figures.")
        % {"n": len(result.submitted)},
    )
    for code, missing in result.incomplete.items():
        messages.warning(
            request,
            _("%(period)s is not submitted: missing %(names)s.")
            % {"period": code, "names": ", ".join(missing)},
        )
    url = reverse("measures:report", args=[access.collaborative.slug])
    return redirect(url if access.audience.owns(org_id) else f"{url}?organisation={org_id}")

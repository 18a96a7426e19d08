"""The steward's review pages: the completeness board, approving or returning a report,
reminders."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.selectors import partner_members
from braid.core.errors import ServiceError
from braid.core.http import downloadable
from braid.measures import downloads, forms, notify, selectors, services
from braid.measures.models import Submission


@collaborative_view(manage=True)
@downloadable(downloads.review)
def review(request: HttpRequest, access: Access) -> HttpResponse:
    """Completeness board: who has submitted, who is late, who was reminded; approve or return."""
    periods = selectors.review_periods(access)
    board = selectors.completeness(access, periods)
    reachable = set(
        partner_members(access, [org.pk for org, _cells in board]).values_list(
            "organisation_id", flat=True
        )
    )
    waiting = (
        access.scope(Submission)
        .filter(status="submitted")
        .select_related("organisation", "period", "submitted_by")
        .order_by("period__start", "organisation__name")
    )
    return render(
        request,
        "measures/review.html",
        {
            "periods": periods,
            "board": board,
            "reachable": reachable,
            "waiting": waiting,
            "return_form": forms.ReturnForm(),
        },
    )


@require_POST
@collaborative_view(manage=True)
def approve(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    try:
        s = services.submission_approve(access=access, submission_id=submission_id)
        messages.success(request, _("Approved: %(s)s. The scorecard is updated.") % {"s": s})
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("measures:review", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def return_submission(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    try:
        s = services.submission_return(
            access=access, submission_id=submission_id, comment=request.POST.get("comment", "")
        )
        messages.success(
            request, _("Returned to %(org)s with your comment.") % {"org": s.organisation.name}
        )
        if not partner_members(access, [s.organisation_id]).exists():
            messages.warning(
                request,
                _(
                    "Nobody at %(org)s has an account, so nobody was told: invite someone "
                    "from the members page."
                )
                % {"org": s.organisation.name},
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("measures:review", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def remind(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    report = notify.reminders_send(access=access, period_id=period_id)
    period = report.period.code
    if report.sent:
        messages.success(
            request,
            ngettext(
                "Reminder for %(period)s e-mailed to %(people)s: %(who)s.",
                "Reminders for %(period)s e-mailed to %(people)s people: %(who)s.",
                len(report.sent),
            )
            % {
                "period": period,
                "people": len(report.sent),
                "who": ", ".join(f"{email} ({org})" for org, email in report.sent),
            },
        )
    elif not report.nobody:
        messages.info(
            request, _("Nobody owes %(period)s any more: no reminder sent.") % {"period": period}
        )
    if report.nobody:
        messages.warning(
            request,
            _(
                "No reminder could go to %(names)s: nobody has an account for them. "
                "Invite someone from each (see “Invite someone” on the board)."
            )
            % {"names": ", ".join(o.name for o in report.nobody)},
        )
    return redirect("measures:review", slug=access.collaborative.slug)

"""Pages of resources: contributions, funders and their mandates, the deadline calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import downloads
from braid.agenda.models import FundingSource
from braid.agenda.resources import forms, selectors, services
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable
from braid.partners.models import Organisation


def _orgs(access: Access) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")]


@collaborative_view()
@downloadable(downloads.contributions)
def contributions(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.ContributionForm(request.POST or None, organisations=_orgs(access))
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.contribution_add(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Contribution recorded."))
                return redirect("agenda:res_contributions", slug=access.collaborative.slug)
    items = list(selectors.contributions(access))
    totals = selectors.totals(items)
    return render(
        request,
        "agenda/resources/contributions.html",
        {
            "items": items,
            "totals": totals,
            "chart": selectors.contributions_spec(totals) if items else None,
            "form": form,
        },
    )


@require_POST
@collaborative_view(manage=True)
def contribution_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.contribution_delete(access=access, contribution_id=pk)
    messages.success(request, _("Contribution removed."))
    return redirect("agenda:res_contributions", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.funders)
def funders(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.FundingSourceForm(request.POST or None, organisations=_orgs(access))
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.funding_source_save(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Funding source added."))
                return redirect("agenda:res_funders", slug=access.collaborative.slug)
    return render(
        request,
        "agenda/resources/funders.html",
        {
            "sources": selectors.funding_sources(access),
            "form": form,
            "deadline_form": forms.DeadlineForm(),
        },
    )


@collaborative_view(manage=True)
def funder_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    source = access.get_owned(FundingSource.objects.all(), pk=pk)
    initial = {
        "funder": source.funder,
        "organisation_id": source.organisation_id,
        "programme": source.programme,
        "mandate": source.mandate,
        "reporting_requirements": source.reporting_requirements,
        "amount": source.amount,
        "starts_on": source.starts_on,
        "ends_on": source.ends_on,
        "version": source.version,
    }
    form = forms.FundingSourceForm(
        request.POST or None, initial=initial, organisations=_orgs(access)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_source_save(access=access, source_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Funding source updated."))
            return redirect("agenda:res_funders", slug=access.collaborative.slug)
    return render(
        request,
        "agenda/form.html",
        {"form": form, "title": _("Edit %s") % source.funder, "back": "agenda:res_funders"},
    )


@require_POST
@collaborative_view(manage=True)
def funder_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.funding_source_delete(access=access, source_id=pk)
    messages.success(request, _("Funding source removed."))
    return redirect("agenda:res_funders", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def deadline_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    form = forms.DeadlineForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Say what is due and when."))
        services.deadline_add(access=access, source_id=pk, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deadline added."))
    return redirect("agenda:res_funders", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def deadline_done(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.deadline_set_done(access=access, deadline_id=pk, done=request.POST.get("done") == "1")
    return redirect("agenda:res_deadlines", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def deadline_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.deadline_delete(access=access, deadline_id=pk)
    return redirect("agenda:res_funders", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.deadlines)
def deadlines(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    months = selectors.calendar(access, today=today)
    return render(
        request,
        "agenda/resources/deadlines.html",
        {
            "months": months,
            "chart": selectors.deadlines_spec(months, today) if months else None,
            "overdue": sum(1 for _m, rows in months for r in rows if r.overdue),
        },
    )

"""Pages of the Diagnose module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error, save_changed, track_what_was_loaded, version_of
from braid.core.http import downloadable, spreadsheet_response
from braid.lib.levels import Level
from braid.partners import downloads, forms, imports, selectors, services
from braid.partners.levels import LEVEL_LABELS
from braid.partners.models import PartnerStatus, Stance


def _back(access: Access, pk: int) -> HttpResponse:
    return redirect("partners:detail", slug=access.collaborative.slug, pk=pk)


@collaborative_view()
@downloadable(downloads.organisations)
def organisation_list(request: HttpRequest, access: Access) -> HttpResponse:
    sectors = selectors.sector_choices(access.collaborative.pk)
    params = {k: request.GET.get(k, "") for k in ("q", "sector", "status", "sort")}
    orgs = selectors.organisations(access, **{k: v for k, v in params.items() if v})
    return render(
        request,
        "partners/list.html",
        {
            "organisations": orgs,
            "params": params,
            "sectors": sectors,
            "sector_labels": dict(sectors),
            "statuses": PartnerStatus.choices,
            "shows_analysis": access.audience.shows_stakeholder_analysis,
        },
    )


@collaborative_view(manage=True)
def organisation_new(request: HttpRequest, access: Access) -> HttpResponse:
    sectors = selectors.sector_choices(access.collaborative.pk)
    form = forms.OrganisationForm(request.POST or None, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("%(name)s added to the register.") % {"name": org.name})
            return _back(access, org.pk)
    return render(request, "partners/form.html", {"form": form, "title": _("Add an organisation")})


@collaborative_view()
def organisation_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    org = access.get_owned(selectors.organisations(access), pk=pk)
    access.require_edit_for(org.pk)
    sectors = selectors.sector_choices(access.collaborative.pk)
    initial = {f: getattr(org, f) for f in services.PROFILE_FIELDS}
    initial["version"] = version_of(org)
    form = forms.OrganisationForm(
        request.POST or None, initial=initial, sectors=sectors, partner_only=not access.is_steward
    )
    track_what_was_loaded(form)
    # Only what this editor changed against what they loaded (never a stale value back).
    if (
        request.method == "POST"
        and form.is_valid()
        and save_changed(
            form,
            lambda version, changed: services.organisation_update(
                access=access, organisation_id=org.pk, version=version, **changed
            ),
        )
    ):
        messages.success(request, _("Profile saved."))
        return _back(access, org.pk)
    return render(
        request, "partners/form.html", {"form": form, "title": org.name, "organisation": org}
    )


# The forms on an organisation's page, by prefix: a failed one is shown again, filled in.
DETAIL_FORMS: dict[str, Any] = {
    "status": forms.StatusForm,
    "contact": forms.ContactForm,
    "outreach": forms.OutreachForm,
    "rating": forms.RatingForm,
    "level": forms.LevelForm,
}


def _detail_page(
    request: HttpRequest, access: Access, pk: int, failed: tuple[str, Any] | None = None
) -> HttpResponse:
    org = selectors.organisation_detail(access, pk)
    sectors = dict(selectors.sector_choices(access.collaborative.pk))
    level = {"level": org.reported_level, "note": org.reported_level_note}
    initial = {"status": {"status": org.status}, "outreach": {"date": timezone.localdate()}}
    initial["level"] = level
    context: dict[str, Any] = {
        f"{key}_form": form_class(initial=initial.get(key), auto_id=f"{key}_%s")
        for key, form_class in DETAIL_FORMS.items()
    }
    if failed:
        context[f"{failed[0]}_form"] = failed[1]
        context["failed_form"] = failed[0]
    context.update(
        org=org,
        sector_label=sectors.get(org.sector, org.sector),
        can_edit=access.can_edit_for(org.pk),
        shows_analysis=access.audience.shows_stakeholder_analysis,
        shows_contacts=access.audience.shows_contact_details(org.pk),
        removed=selectors.removed_contacts(access, org),
        level_label=LEVEL_LABELS.get(Level(org.reported_level))
        if org.reported_level is not None
        else None,
    )
    return render(request, "partners/detail.html", context, status=400 if failed else 200)


@collaborative_view()
@downloadable(downloads.organisation)
def organisation_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _detail_page(request, access, pk)


def _post(
    request: HttpRequest, access: Access, pk: int, key: str, action: Any, success: str
) -> HttpResponse:
    """Run one of the page's forms; on any problem show the page again with what was typed."""
    form = DETAIL_FORMS[key](request.POST, auto_id=f"{key}_%s")
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, success)
            return _back(access, pk)
    return _detail_page(request, access, pk, failed=(key, form))


@require_POST
@collaborative_view(manage=True)
def organisation_status(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _post(
        request,
        access,
        pk,
        "status",
        lambda d: services.organisation_set_status(
            access=access, organisation_id=pk, status=d["status"]
        ),
        _("Status changed."),
    )


@require_POST
@collaborative_view()
def contact_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _post(
        request,
        access,
        pk,
        "contact",
        lambda d: services.contact_add(access=access, organisation_id=pk, **d),
        _("Contact added."),
    )


@require_POST
@collaborative_view()
def contact_remove(request: HttpRequest, access: Access, pk: int, contact_id: int) -> HttpResponse:
    try:
        services.contact_remove(access=access, contact_id=contact_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        removal.undo_message(
            request,
            _("Contact removed."),
            reverse("partners:contact_restore", args=[access.collaborative.slug, contact_id]),
        )
    return _back(access, pk)


@require_POST
@collaborative_view()
def contact_restore(request: HttpRequest, access: Access, contact_id: int) -> HttpResponse:
    contact = services.contact_restore(access=access, contact_id=contact_id)
    messages.success(request, _("“%(title)s” is back.") % {"title": contact})
    return _back(access, contact.organisation_id)


@require_POST
@collaborative_view(manage=True)
def outreach_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _post(
        request,
        access,
        pk,
        "outreach",
        lambda d: services.outreach_log(access=access, organisation_id=pk, **d),
        _("Contact logged."),
    )


@require_POST
@collaborative_view(manage=True)
def follow_up_done(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    services.outreach_follow_up_done(access=access, entry_id=entry_id)
    messages.success(request, _("Follow-up marked done."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("partners:follow_ups", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def rating_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _post(
        request,
        access,
        pk,
        "rating",
        lambda d: services.rating_record(access=access, organisation_id=pk, **d),
        _("Rating saved."),
    )


@require_POST
@collaborative_view(manage=True)
def level_report(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _post(
        request,
        access,
        pk,
        "level",
        lambda d: services.level_report(access=access, organisation_id=pk, **d),
        _("Reported level saved."),
    )


@collaborative_view()
@downloadable(downloads.board)
def board(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "partners/board.html", {"columns": selectors.board(access)})


@collaborative_view(manage=True)
@downloadable(downloads.follow_ups)
def follow_ups(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "partners/follow_ups.html",
        {
            "entries": selectors.follow_ups_due(access, within_days=30),
            "today": timezone.localdate(),
        },
    )


@collaborative_view()
@downloadable(downloads.stakeholders)
def stakeholders(request: HttpRequest, access: Access) -> HttpResponse:
    if not access.audience.shows_stakeholder_analysis:
        return render(request, "partners/stakeholders.html", {"kept": True})
    rows = selectors.stakeholder_grid(access)
    stance_labels = {s.value: str(s.label) for s in Stance}
    return render(
        request,
        "partners/stakeholders.html",
        {
            "rows": rows,
            "chart": selectors.grid_chart(rows, stance_labels),
            "stance_labels": stance_labels,
            "quadrant_labels": downloads.quadrant_labels(),
            "unrated": selectors.organisations(access).filter(influence__isnull=True),  # type: ignore[misc]
        },
    )


@collaborative_view()
@downloadable(downloads.framings)
def framings(request: HttpRequest, access: Access) -> HttpResponse:
    sectors = selectors.sector_choices(access.collaborative.pk)
    form = forms.FramingForm(request.POST or None, sectors=sectors)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.framing_set(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Framing saved."))
                return redirect("partners:framings", slug=access.collaborative.slug)
    rows = selectors.framing_rows(access)
    sector_form = forms.CustomSectorForm()
    return render(
        request, "partners/framings.html", {"rows": rows, "form": form, "sector_form": sector_form}
    )


@require_POST
@collaborative_view(manage=True)
def sector_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.CustomSectorForm(request.POST)
    if form.is_valid():
        try:
            services.custom_sector_add(access=access, code="", label=form.cleaned_data["label"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Sector added."))
    return redirect("partners:framings", slug=access.collaborative.slug)


@collaborative_view(manage=True)
def draft(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    org = selectors.organisation_detail(access, pk)
    shown = selectors.framings(access).get(org.sector)
    framing = shown.text if shown else ""
    text = selectors.outreach_draft(access, org, framing=framing, sender=access.user.display_name)
    form = forms.DraftForm(request.POST or None, initial={"message": text, "channel": "email"})
    if request.method == "POST" and form.is_valid():
        services.outreach_log(
            access=access,
            organisation_id=org.pk,
            channel=form.cleaned_data["channel"],
            offered=form.cleaned_data["message"],
            next_step=_("Wait for a reply"),
            follow_up_on=form.cleaned_data["follow_up_on"],
        )
        messages.success(request, _("Message saved to the outreach log."))
        return _back(access, org.pk)
    return render(request, "partners/draft.html", {"org": org, "form": form, "framing": framing})


@collaborative_view()
def export(request: HttpRequest, access: Access) -> HttpResponse:
    return spreadsheet_response(
        lambda fmt, fh: imports.export_organisations(access=access, fmt=fmt, fileobj=fh),
        request.GET.get("format", "csv"),
        f"{access.collaborative.slug}-organisations",
    )

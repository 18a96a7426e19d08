"""Pages of governance: bodies, rules of procedure, the RACI matrix, leadership, backbone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import downloads
from braid.agenda.governance import forms, selectors, services
from braid.agenda.models import GovernanceBody, LeadershipRole, RulesOfProcedure
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable, int_or_none
from braid.partners.models import Contact, Organisation


def _body_choices(access: Access) -> dict[str, list[Any]]:
    return {
        "organisations": [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")],
        "contacts": [
            (c.pk, f"{c} ({c.organisation.name})")
            for c in access.scope(Contact).select_related("organisation").order_by("name")
        ],
        "rules": [(r.pk, r.name) for r in selectors.rules(access)],
    }


@collaborative_view()
@downloadable(downloads.bodies)
def bodies(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "agenda/governance/bodies.html", {"bodies": selectors.bodies(access)})


@collaborative_view()
def body_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    body = access.get_owned(selectors.bodies(access), pk=pk)
    return render(
        request,
        "agenda/governance/body.html",
        {
            "body": body,
            "leaders": body.leaders.select_related("organisation").order_by("-term_start"),
            "activities": body.activities.select_related("lead").order_by("start"),
        },
    )


@collaborative_view(manage=True)
def body_form(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    body = access.get_owned(selectors.bodies(access), pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if body:
        initial = {
            "name": body.name,
            "kind": body.kind,
            "purpose": body.purpose,
            "purpose_fr": body.purpose_fr,
            "member_organisation_ids": [o.pk for o in body.member_organisations.all()],
            "member_contact_ids": [c.pk for c in body.member_contacts.all()],
            "chair_id": body.chair_id,
            "rules_id": body.rules_id,
            "version": body.version,
        }
    form = forms.BodyForm(request.POST or None, initial=initial, **_body_choices(access))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.body_save(access=access, body_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("%s saved.") % saved.name)
            return redirect("agenda:gov_body", slug=access.collaborative.slug, pk=saved.pk)
    title = _("Edit %s") % body.name if body else _("Add a governance body")
    return render(
        request, "agenda/form.html", {"form": form, "title": title, "back": "agenda:gov_bodies"}
    )


@require_POST
@collaborative_view(manage=True)
def body_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.body_delete(access=access, body_id=pk)
    messages.success(request, _("Body deleted."))
    return redirect("agenda:gov_bodies", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.rules)
def rules(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "agenda/governance/rules.html",
        {"rules": selectors.rules(access).prefetch_related("bodies")},
    )


@collaborative_view(manage=True)
def rules_form(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    obj = access.get_owned(RulesOfProcedure.objects.all(), pk=pk) if pk else None
    initial = {f.name: getattr(obj, f.name) for f in RulesOfProcedure._meta.fields} if obj else {}
    form = forms.RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_save(access=access, rules_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Rules of procedure saved."))
            return redirect("agenda:gov_rules", slug=access.collaborative.slug)
    title = _("Edit %s") % obj.name if obj else _("Add rules of procedure")
    return render(
        request, "agenda/form.html", {"form": form, "title": title, "back": "agenda:gov_rules"}
    )


@require_POST
@collaborative_view(manage=True)
def rules_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.rules_delete(access=access, rules_id=pk)
    return redirect("agenda:gov_rules", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.raci)
def raci(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        access.require_manage()
        try:
            services.raci_set(
                access=access,
                activity_id=int_or_none(request.POST.get("activity")) or 0,
                organisation_id=int_or_none(request.POST.get("organisation")) or 0,
                role=request.POST.get("role", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("agenda:gov_raci", slug=access.collaborative.slug)
    return render(request, "agenda/governance/raci.html", {"m": selectors.raci_matrix(access)})


@collaborative_view()
@downloadable(downloads.leadership)
def leadership(request: HttpRequest, access: Access) -> HttpResponse:
    choices = {
        "organisations": [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")],
        "bodies": [(b.pk, b.name) for b in access.scope(GovernanceBody).order_by("name")],
    }
    form = forms.LeadershipForm(request.POST or None, **choices)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.leadership_save(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Leadership role added."))
                return redirect("agenda:gov_leadership", slug=access.collaborative.slug)
    data = selectors.leadership(access)
    return render(
        request,
        "agenda/governance/leadership.html",
        {
            "l": data,
            "chart": selectors.sector_spec(data.by_sector) if data.by_sector else None,
            "form": form,
        },
    )


@collaborative_view(manage=True)
def leadership_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    role = access.get_owned(LeadershipRole.objects.all(), pk=pk)
    choices = {
        "organisations": [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")],
        "bodies": [(b.pk, b.name) for b in access.scope(GovernanceBody).order_by("name")],
    }
    initial = {
        "title": role.title,
        "body_id": role.body_id,
        "person": role.person,
        "organisation_id": role.organisation_id,
        "term_start": role.term_start,
        "term_end": role.term_end,
        "version": role.version,
    }
    form = forms.LeadershipForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.leadership_save(access=access, role_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Leadership role updated."))
            return redirect("agenda:gov_leadership", slug=access.collaborative.slug)
    return render(
        request,
        "agenda/form.html",
        {"form": form, "title": _("Edit %s") % role.person, "back": "agenda:gov_leadership"},
    )


@require_POST
@collaborative_view(manage=True)
def leadership_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    access.get_owned(LeadershipRole.objects.all(), pk=pk)
    services.leadership_delete(access=access, role_id=pk)
    return redirect("agenda:gov_leadership", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.backbone)
def backbone(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        access.require_manage()
        try:
            services.backbone_assign(
                access=access,
                function=request.POST.get("function", ""),
                assignee=request.POST.get("assignee", ""),
                organisation_id=int_or_none(request.POST.get("organisation_id")),
                notes=request.POST.get("notes", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Backbone function saved."))
        return redirect("agenda:gov_backbone", slug=access.collaborative.slug)
    return render(
        request,
        "agenda/governance/backbone.html",
        {
            "functions": selectors.backbone(access),
            "organisations": [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")],
        },
    )

"""A round's pages: stewards create, open, close and reopen it and choose its respondents;
members follow the response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.selectors import partner_members
from braid.core.errors import FieldProblem, ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable
from braid.partners.models import Organisation
from braid.partners.selectors import contacts_with_email
from braid.surveys import downloads, forms, selectors
from braid.surveys.models import Round, RoundStatus
from braid.surveys.rounds import services as round_services


@collaborative_view()
@downloadable(downloads.rounds)
def round_list(request: HttpRequest, access: Access) -> HttpResponse:
    rows = [downloads.round_row(r) for r in selectors.rounds(access.collaborative)]
    return render(request, "surveys/rounds.html", {"rows": rows, "statuses": RoundStatus})


@collaborative_view(manage=True)
def round_new(request: HttpRequest, access: Access) -> HttpResponse:
    choices = [
        (ref, f"{inst.title} ({ref})")
        for ref, inst in selectors.instruments(access.collaborative).items()
    ]
    initial = {"instruments": request.GET.getlist("instrument")} if request.GET else None
    form = forms.RoundForm(request.POST or None, instruments=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_services.round_create(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Round created. Add respondents, then open it and send the links.")
            )
            return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)
    return render(request, "surveys/round_form.html", {"form": form})


def _respondents_form(access: Access, data: Any = None) -> forms.RespondentsForm:
    orgs = list(access.scope(Organisation).order_by("name").values_list("pk", "name"))
    return forms.RespondentsForm(data, organisations=orgs)


@collaborative_view()
@downloadable(downloads.round_response)
def round_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    round_ = access.get_owned(selectors.rounds(access.collaborative), pk=pk)
    context: dict[str, Any] = {
        **downloads.round_row(round_),
        "rates": selectors.response_rates(access.collaborative, round_.pk),
        "shows_people": access.audience.shows_steward_fields,
    }
    if context["shows_people"]:
        context["people"] = downloads.people(access, round_)
        context["respondents_form"] = _respondents_form(access)
        context["reopen_form"] = forms.ReopenForm()
    return render(request, "surveys/round.html", context)


@require_POST
@collaborative_view(manage=True)
def round_action(request: HttpRequest, access: Access, pk: int, action: str) -> HttpResponse:
    round_ = access.get_owned(Round, pk=pk)
    try:
        if action == "open":
            round_services.round_open(access=access, round_id=round_.pk)
            messages.success(request, _("The round is open. Send the invitations when ready."))
        elif action == "send":
            n = round_services.invitations_send(access=access, round_id=round_.pk)
            messages.success(request, _("Personal links sent to %(n)s people.") % {"n": n})
        elif action == "remind":
            done = round_services.reminders_send(access=access, round_id=round_.pk)
            messages.success(
                request,
                _(
                    "Reminders sent to %(sent)s people who have not finished "
                    "(%(capped)s already reminded %(cap)s times, %(soon)s reminded in the last "
                    "%(gap)s days)."
                )
                % {
                    "sent": done.sent,
                    "capped": done.capped,
                    "soon": done.too_soon,
                    "cap": round_services.REMINDER_CAP,
                    "gap": round_services.REMINDER_GAP_DAYS,
                },
            )
        elif action == "close":
            round_services.round_close(access=access, round_id=round_.pk)
            messages.success(request, _("The round is closed; its links no longer take answers."))
        elif action == "reopen":
            form = forms.ReopenForm(request.POST)
            if not form.is_valid():
                raise ServiceError(
                    _("Give a new closing date and the reason to reopen."),
                    [FieldProblem(k, str(v[0])) for k, v in form.errors.items()],
                )
            round_services.round_reopen(access=access, round_id=round_.pk, **form.cleaned_data)
            messages.success(request, _("The round is open again; the reopening is in the log."))
        else:
            raise ServiceError(_("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)


def _others(text: str, access: Access) -> tuple[list[round_services.Person], list[str]]:
    by_name = {o.name.strip().lower(): o.pk for o in access.scope(Organisation)}
    people, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        email, _sep, org = (part.strip() for part in line.partition(","))
        org_id = by_name.get(org.lower())
        if not org_id:
            problems.append(
                _(
                    "Line %(n)s: no organisation “%(org)s” in the register; write its name as listed."
                )
                % {"n": n, "org": org}
            )
            continue
        people.append(round_services.Person(email, org_id))
    return people, problems


@require_POST
@collaborative_view(manage=True)
def round_respondents(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    round_ = access.get_owned(Round, pk=pk)
    form = _respondents_form(access, request.POST)
    if form.is_valid():
        org_ids = [int(v) for v in form.cleaned_data["organisations"]]
        people = [
            round_services.Person(c.email, c.organisation_id, c.name, c.preferred_language)
            for c in contacts_with_email(access, org_ids)
        ] + [
            round_services.Person(
                m.user.email, m.organisation_id, m.user.full_name, m.user.preferred_language
            )
            for m in partner_members(access, org_ids)
            if m.organisation_id
        ]
        more, problems = _others(form.cleaned_data["others"], access)
        if problems:
            for text in problems:
                messages.error(request, text)
        else:
            try:
                n = round_services.respondents_add(
                    access=access, round_id=round_.pk, people=people + more
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
                for p in exc.problems[1:]:
                    messages.error(request, p.message)
            else:
                messages.success(request, _("%(n)s respondents added.") % {"n": n})
    return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)

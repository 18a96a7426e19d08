"""Pages of the agenda module: common agenda, results chain, action plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import downloads, export, forms, selectors, services
from braid.agenda.gantt import gantt_spec
from braid.agenda.models import (
    Activity,
    ActivityStatus,
    AgendaVersion,
    Goal,
    GovernanceBody,
    Objective,
)
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core import bilingual
from braid.core.errors import ConflictError, ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable, int_or_none, spreadsheet_response
from braid.partners.models import Organisation, PartnerStatus

# --- Common agenda -------------------------------------------------------------------------


@collaborative_view()
def agenda(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.agenda_current(access.collaborative.pk)
    rows = selectors.endorsements(access, current)
    partner_orgs = [(r.organisation.pk, r.organisation.name) for r in rows if not r.endorsement]
    return render(
        request,
        "agenda/agenda.html",
        {
            "current": current,
            "endorsements": rows,
            "endorsed": sum(1 for r in rows if r.endorsement),
            "own_endorsed": any(
                r.endorsement and r.organisation.pk == access.organisation_id for r in rows
            ),
            "own_is_partner": any(r.organisation.pk == access.organisation_id for r in rows),
            "endorse_form": forms.EndorseForm(organisations=partner_orgs),
            "sections": [
                (AgendaVersion.label(f), bilingual.pick(current, f))
                for f in AgendaVersion.TEXT_FIELDS
            ],
        },
    )


@collaborative_view(manage=True)
def agenda_edit(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.agenda_current(access.collaborative.pk)
    initial: dict[str, Any] = {"base_number": current.number if current else 0}
    if current:
        initial.update({f: getattr(current, f) for f in AgendaVersion.STORED_FIELDS})
    rows = selectors.endorsements(access, current) if current else []
    endorsed = sum(1 for r in rows if r.endorsement)
    asks = {"endorsed": endorsed, "number": current.number if current else 0}
    form = forms.AgendaForm(request.POST or None, initial=initial, **asks)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.agenda_save(
                access=access,
                base_number=data["base_number"],
                change_note=data["change_note"],
                change_note_fr=data["change_note_fr"],
                confirm_new_version=bool(data.get("confirm_new_version")),
                **{f: data[f] for f in AgendaVersion.STORED_FIELDS},
            )
        except ConflictError as exc:
            conflict = {"message": exc.message, **exc.current}
            # Keep the editor's text in the form, but move the base to the newest version so
            # that saving again, after merging, is accepted.
            form = forms.AgendaForm(
                {**request.POST.dict(), "base_number": exc.current["number"]},
                initial=initial,
                **asks,
            )
            form.is_valid()
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Version %s of the common agenda saved.") % version.number)
            return redirect("agenda:agenda", slug=access.collaborative.slug)
    return render(
        request,
        "agenda/agenda_edit.html",
        {"form": form, "current": current, "conflict": conflict, "endorsed": endorsed},
    )


@collaborative_view()
@downloadable(downloads.agenda_versions)
def agenda_history(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "agenda/history.html", {"history": downloads.history(access)})


@require_POST
@collaborative_view()
def agenda_endorse(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.agenda_current(access.collaborative.pk)
    if current is None:
        raise Http404("No agenda yet.")
    try:
        services.agenda_endorse(
            access=access,
            number=int_or_none(request.POST.get("number")) or current.number,
            organisation_id=int_or_none(request.POST.get("organisation")),
            comment=request.POST.get("comment", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Endorsement recorded."))
    return redirect("agenda:agenda", slug=access.collaborative.slug)


# --- Results chain -------------------------------------------------------------------------


@collaborative_view()
def results(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "agenda/results.html",
        {"chain": selectors.results_chain(access), "gaps": selectors.gaps(access)},
    )


@collaborative_view(manage=True)
def goal_form(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    goal = access.get_owned(Goal.objects.all(), pk=pk) if pk else None
    initial = (
        {f: getattr(goal, f) for f in (*bilingual.both(Goal.TEXTS), "version")} if goal else {}
    )
    form = forms.GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(access=access, goal_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("agenda:results", slug=access.collaborative.slug)
    title = _("Edit the goal") if goal else _("Add a goal")
    return render(
        request, "agenda/form.html", {"form": form, "title": title, "back": "agenda:results"}
    )


@require_POST
@collaborative_view(manage=True)
def goal_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        services.goal_delete(access=access, goal_id=pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("agenda:results", slug=access.collaborative.slug)


@collaborative_view(manage=True)
def objective_form(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    objective = access.get_owned(Objective.objects.all(), pk=pk) if pk else None
    goals = [(g.pk, str(g)) for g in access.scope(Goal)]
    if not goals:
        messages.info(request, _("Add a goal first: objectives sit under a goal."))
        return redirect("agenda:goal_new", slug=access.collaborative.slug)
    initial: dict[str, Any] = {"goal": int_or_none(request.GET.get("goal"))}
    if objective:
        initial = {
            "goal": objective.goal_id,
            **{f: getattr(objective, f) for f in bilingual.both(Objective.TEXTS)},
            "horizon": objective.horizon,
            "due_date": objective.due_date,
            "expected_results": "\n".join(r.text for r in objective.expected_results.all()),
            "version": objective.version,
        }
    form = forms.ObjectiveForm(request.POST or None, initial=initial, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objective_save(
                access=access, objective_id=pk, goal_id=data.pop("goal"), **data
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("agenda:results", slug=access.collaborative.slug)
    title = _("Edit the objective") if objective else _("Add an objective")
    return render(
        request, "agenda/form.html", {"form": form, "title": title, "back": "agenda:results"}
    )


@require_POST
@collaborative_view(manage=True)
def objective_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.objective_delete(access=access, objective_id=pk)
    messages.success(request, _("Objective deleted."))
    return redirect("agenda:results", slug=access.collaborative.slug)


# --- Action plan ---------------------------------------------------------------------------


def _choices(access: Access) -> dict[str, list[tuple[int, str]]]:
    return {
        "organisations": [
            (o.pk, o.name)
            for o in access.scope(Organisation)
            .filter(status__in=[PartnerStatus.PARTNER, PartnerStatus.IN_DISCUSSION])
            .order_by("name")
        ],
        "objectives": selectors.objective_choices(access),
        "bodies": [(b.pk, b.name) for b in access.scope(GovernanceBody).order_by("name")],
    }


@collaborative_view()
def plan(request: HttpRequest, access: Access) -> HttpResponse:
    params = {k: request.GET.get(k, "") for k in ("organisation", "objective", "status")}
    items = selectors.in_plan_order(
        selectors.activities(
            access,
            organisation=int_or_none(params["organisation"]),
            objective=int_or_none(params["objective"]),
            status=params["status"] if params["status"] in ActivityStatus.values else "",
        )
    )
    choices = _choices(access)
    return render(
        request,
        "agenda/plan.html",
        {
            "activities": items,
            "late": {a.pk for a in items if selectors.is_late(a)},
            "params": params,
            "organisations": [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")],
            "objectives": choices["objectives"],
            "statuses": ActivityStatus.choices,
            "gantt": gantt_spec(items) if items else None,
            "filtered": any(params.values()),
            "removed": selectors.removed_activities(access),
        },
    )


@collaborative_view(manage=True)
def activity_new(request: HttpRequest, access: Access) -> HttpResponse:
    choices = _choices(access)
    form = forms.ActivityForm(
        request.POST or None,
        initial={"objective_ids": [int_or_none(request.GET.get("objective"))]},
        organisations=choices["organisations"],
        objectives=choices["objectives"],
        bodies=choices["bodies"],
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            activity = services.activity_create(access=access, **data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Activity added to the plan."))
            return redirect("agenda:activity", slug=access.collaborative.slug, pk=activity.pk)
    return render(
        request,
        "agenda/form.html",
        {"form": form, "title": _("Add an activity"), "back": "agenda:plan"},
    )


@collaborative_view()
def activity_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    activity = access.get_owned(selectors.activities(access), pk=pk)
    can_edit = access.can_edit_for(activity.lead_id)
    return render(
        request,
        "agenda/activity.html",
        {
            "activity": activity,
            "can_edit": can_edit,
            "late": selectors.is_late(activity),
            "notes": activity.notes.select_related("author")[:50],
            "raci": activity.responsibilities.select_related("organisation").order_by(
                "role", "organisation__name"
            ),
            "milestone_form": forms.MilestoneForm(),
            "note_form": forms.NoteForm(),
        },
    )


@collaborative_view()
def activity_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    activity = access.get_owned(selectors.activities(access), pk=pk)
    access.require_edit_for(activity.lead_id)
    partner_only = not access.is_steward
    initial = {
        "version": activity.version,
        "title": activity.title,
        "title_fr": activity.title_fr,
        "description": activity.description,
        "lead_id": activity.lead_id,
        "supporter_ids": [o.pk for o in activity.supporters.all()],
        "objective_ids": [o.pk for o in activity.objectives.all()],
        "body_id": activity.body_id,
        "start": activity.start,
        "end": activity.end,
        "status": activity.status,
        "status_reason": activity.status_reason,
    }
    choices = _choices(access)
    form = forms.ActivityForm(
        request.POST or None,
        initial=initial,
        partner_only=partner_only,
        organisations=choices["organisations"],
        objectives=choices["objectives"],
        bodies=choices["bodies"],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if k in form.changed_data or k == "status_reason"}
        try:
            services.activity_update(
                access=access, activity_id=activity.pk, version=version, **changes
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Activity updated."))
            return redirect("agenda:activity", slug=access.collaborative.slug, pk=activity.pk)
    return render(
        request,
        "agenda/form.html",
        {"form": form, "title": _("Update “%s”") % activity, "back": "agenda:plan"},
    )


@require_POST
@collaborative_view(manage=True)
def activity_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.activity_delete(access=access, activity_id=pk)
    removal.undo_message(
        request,
        _("Activity removed."),
        reverse("agenda:activity_restore", args=[access.collaborative.slug, pk]),
    )
    return redirect("agenda:plan", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def activity_restore(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    activity = services.activity_restore(access=access, activity_id=pk)
    messages.success(request, _("“%(title)s” is back.") % {"title": str(activity)})
    return redirect("agenda:activity", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view()
def note_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        services.progress_note_add(access=access, activity_id=pk, text=request.POST.get("text", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("agenda:activity", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view()
def milestone_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the milestone a title, a kind and a due date."))
    else:
        try:
            services.milestone_save(access=access, activity_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Milestone added."))
    return redirect("agenda:activity", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view()
def milestone_done(request: HttpRequest, access: Access, pk: int, mid: int) -> HttpResponse:
    activity = access.get_owned(Activity.objects.all(), pk=pk)
    milestone = access.get_owned(activity.milestones.all(), pk=mid)
    services.milestone_save(
        access=access,
        activity_id=pk,
        milestone_id=mid,
        title=milestone.title,
        title_fr=milestone.title_fr,
        kind=milestone.kind,
        due_on=milestone.due_on,
        done_on=None if milestone.done_on else timezone.localdate(),
    )
    return redirect("agenda:activity", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view()
def milestone_delete(request: HttpRequest, access: Access, pk: int, mid: int) -> HttpResponse:
    services.milestone_delete(access=access, activity_id=pk, milestone_id=mid)
    return redirect("agenda:activity", slug=access.collaborative.slug, pk=pk)


@collaborative_view()
@downloadable(downloads.commitments)
def commitments(request: HttpRequest, access: Access, org: int) -> HttpResponse:
    organisation = access.get_owned(Organisation.objects.all(), pk=org)
    return render(
        request,
        "agenda/commitments.html",
        {"c": selectors.commitments(access, organisation), "today": timezone.localdate()},
    )


@collaborative_view()
def my_commitments(request: HttpRequest, access: Access) -> HttpResponse:
    if not access.organisation_id:
        messages.info(request, _("Choose an organisation to see what it committed to."))
        return redirect("agenda:plan", slug=access.collaborative.slug)
    return redirect(
        "agenda:commitments", slug=access.collaborative.slug, org=access.organisation_id
    )


@collaborative_view()
@downloadable(downloads.alignment)
def alignment(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "agenda/alignment.html",
        {"overlaps": selectors.overlaps(access), "gaps": selectors.gaps(access)},
    )


@collaborative_view()
def plan_export(request: HttpRequest, access: Access) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    return spreadsheet_response(
        lambda f, out: export.write_plan(access.collaborative, f, out),
        fmt,
        f"{access.collaborative.slug}-plan.{fmt}",
    )

"""Pages of the networks module (Assess): the map and its measures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.bilingual import both
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable
from braid.measures.models import Indicator
from braid.meetings import selectors as meeting_selectors
from braid.meetings import services as meeting_services
from braid.networks import downloads, forms, lesson_sources, selectors, services
from braid.networks.models import EntryKind, LogEntry


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@collaborative_view()
@downloadable(downloads.network)
def network_map(request: HttpRequest, access: Access) -> HttpResponse:
    context = downloads.map_page(access, request)
    context["kinds"] = [(k, str(v)) for k, v in selectors.KIND_LABELS.items()]
    context["rounds"] = selectors.survey_rounds(access)
    return render(request, "networks/map.html", context)


@collaborative_view()
def network_svg(request: HttpRequest, access: Access) -> HttpResponse:
    network = downloads.page_network(access, request)
    response = HttpResponse(selectors.svg(network), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="network-{network.kind}.svg"'
    return response


# --- Lessons and wins ----------------------------------------------------------------------


def _entry_form(
    access: Access, kind: str, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.EntryForm:
    activities = [
        (a.pk, str(a)) for a in agenda_selectors.in_plan_order(agenda_selectors.activities(access))
    ]
    indicators = [
        (i.pk, f"{i.code} · {i.name}") for i in access.scope(Indicator).order_by("code", "pk")
    ]
    return forms.EntryForm(
        data, kind=kind, activities=activities, indicators=indicators, initial=initial
    )


@collaborative_view()
@downloadable(downloads.lessons)
def lessons(request: HttpRequest, access: Access) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in EntryKind.values:
        kind = ""
    entries = list(selectors.log_entries(access, kind=kind))
    return render(
        request,
        "networks/lessons.html",
        {
            "entries": entries,
            "kind": kind,
            "may_write": access.can_contribute(),
            "may_edit": {e.pk for e in entries if access.can_edit_for(e.organisation_id)},
            "removed": list(removal.recently_removed(access, LogEntry))
            if access.can_manage()
            else [],
        },
    )


@collaborative_view()
def lesson_new(request: HttpRequest, access: Access) -> HttpResponse:
    """A new lesson or win; "add as a lesson" from a pair that disagrees or a health signal
    comes with `from=…` (`lesson_sources`): the form starts from it and the entry links back."""
    kind = request.GET.get("kind", EntryKind.LESSON)
    if kind not in EntryKind.values:
        kind = EntryKind.LESSON
    access.require_contribute("Only the collaborative's stewards may do this.")
    source = None
    if request.GET.get("from"):
        source = lesson_sources.lesson_source(access, request.GET)
        if source is None:
            raise Http404("No such pair or signal to learn from.")
    initial = source.initial() if source else None
    form = _entry_form(access, kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_add(
                access=access,
                kind=kind,
                source_label=source.label if source else "",
                source_url=source.url if source else "",
                **form.cleaned_data,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Lesson saved.") if kind == EntryKind.LESSON else _("Win saved.")
            )
            return redirect(
                reverse("networks:lessons", args=[access.collaborative.slug]) + f"?kind={kind}"
            )
    title = _("Add a lesson learned") if kind == EntryKind.LESSON else _("Add a win")
    return render(
        request,
        "networks/form.html",
        {"form": form, "title": title, "back": "networks:lessons", "source": source},
    )


@collaborative_view()
def lesson_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    entry = access.get_owned(LogEntry, pk=pk)
    access.require_edit_for(entry.organisation_id)
    initial = {
        **{f: getattr(entry, f) for f in both(LogEntry.TEXTS)},
        "happened_on": entry.happened_on,
        "visibility": entry.visibility,
        "activity_ids": [a.pk for a in entry.activities.all()],
        "indicator_ids": [i.pk for i in entry.indicators.all()],
    }
    form = _entry_form(access, entry.kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("activity_ids", [])
        data.setdefault("indicator_ids", [])
        try:
            services.entry_update(
                access=access,
                entry_id=entry.pk,
                version=int(request.POST.get("version", entry.version)),
                **data,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("networks:lessons", slug=access.collaborative.slug)
    return render(
        request,
        "networks/form.html",
        {
            "form": form,
            "title": str(entry),
            "back": "networks:lessons",
            "version": entry.version,
            "remove_url": reverse(
                "networks:lesson_remove", args=[access.collaborative.slug, entry.pk]
            ),
        },
    )


@require_POST
@collaborative_view()
def lesson_remove(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.entry_remove(access=access, entry_id=pk)
    removal.undo_message(
        request,
        _("Removed."),
        reverse("networks:lesson_restore", args=[access.collaborative.slug, pk]),
    )
    return redirect("networks:lessons", slug=access.collaborative.slug)


@require_POST
@collaborative_view()
def lesson_restore(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    entry = services.entry_restore(access=access, entry_id=pk)
    messages.success(request, _("“%(title)s” is back.") % {"title": str(entry)})
    return redirect("networks:lessons", slug=access.collaborative.slug)


# --- Target levels -------------------------------------------------------------------------


@collaborative_view()
@downloadable(downloads.targets)
def targets(request: HttpRequest, access: Access) -> HttpResponse:
    orgs = [(n.id, n.name) for n in selectors.activity_network(access).nodes]
    form = forms.TargetLevelForm(request.POST or None, organisations=orgs)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.target_level_set(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Target level saved."))
                return redirect("networks:targets", slug=access.collaborative.slug)
    rows = selectors.target_rows(access, reported_pairs=selectors.latest_pair_levels(access))
    return render(
        request,
        "networks/targets.html",
        {"rows": rows, "form": form, "level_labels": dict(forms.LEVEL_CHOICES)},
    )


@require_POST
@collaborative_view(manage=True)
def target_remove(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.target_level_remove(access=access, target_id=pk)
    messages.success(request, _("Removed."))
    return redirect("networks:targets", slug=access.collaborative.slug)


# --- Pairs and waves -----------------------------------------------------------------------


@collaborative_view()
@downloadable(downloads.pairs)
def pairs(request: HttpRequest, access: Access) -> HttpResponse:
    network = selectors.network_of(access, selectors.SURVEY, _int(request.GET.get("round")))
    return render(
        request,
        "networks/pairs.html",
        {
            "network": network,
            "pairs": selectors.disagreeing_pairs(network),
            "rounds": selectors.survey_rounds(access),
            "level_labels": selectors.STRENGTH_LABELS[selectors.SURVEY],
            "may_propose": access.can_contribute(),
        },
    )


@collaborative_view()
@downloadable(downloads.change)
def change(request: HttpRequest, access: Access) -> HttpResponse:
    before_id, after_id, result = downloads.page_waves(access, request)
    return render(
        request,
        "networks/change.html",
        {
            "waves": result,
            "rounds": selectors.survey_rounds(access),
            "before_id": before_id,
            "after_id": after_id,
            "rows": _before_after(result) if result else [],
        },
    )


def _before_after(result: selectors.Waves) -> list[tuple[str, str, str]]:
    """(measure, before, after) for the figures compared between two rounds."""
    from braid.networks.present import decimal

    b, a = result.before.measures, result.after.measures
    return [
        (_("Organisations"), str(b.nodes), str(a.nodes)),
        (_("Ties"), str(b.ties), str(a.ties)),
        (_("Density"), decimal(b.density), decimal(a.density)),
        (
            _("Degree centralisation"),
            decimal(b.degree_centralization),
            decimal(a.degree_centralization),
        ),
        (
            _("Betweenness centralisation"),
            decimal(b.betweenness_centralization),
            decimal(a.betweenness_centralization),
        ),
        (_("Reciprocity"), decimal(b.reciprocity), decimal(a.reciprocity)),
        (
            _("Answered"),
            f"{result.before.responded} / {result.before.invited}",
            f"{result.after.responded} / {result.after.invited}",
        ),
    ]


# --- Collaboration health ------------------------------------------------------------------


@collaborative_view()
@downloadable(downloads.health)
def health(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        access.require_manage()
        services.health_sharing_set(access=access, shared=request.POST.get("shared") == "1")
        messages.success(request, _("Saved."))
        return redirect("networks:health", slug=access.collaborative.slug)
    from braid.networks.health import collaboration_health

    return render(
        request,
        "networks/health.html",
        {"health": collaboration_health(access), "may_write": access.can_contribute()},
    )


@require_POST
@collaborative_view()
def pair_agenda(request: HttpRequest, access: Access) -> HttpResponse:
    """Put a pair that sees its collaboration differently on the next meeting's agenda
    (meetings' agenda_item_propose): a discussion item linking back to the pairs page."""
    round_id = _int(request.POST.get("round"))
    network = selectors.network_of(access, selectors.SURVEY, round_id)
    a, b = _int(request.POST.get("a")), _int(request.POST.get("b"))
    pair = next(
        (p for p in selectors.disagreeing_pairs(network) if {p.a.id, p.b.id} == {a, b}), None
    )
    back = reverse("networks:pairs", args=[access.collaborative.slug])
    back += f"?round={network.round_id}" if network.round_id else ""
    if pair is None:
        raise Http404("No such pair in this round.")
    meeting = meeting_selectors.next_meeting(access.collaborative)
    if meeting is None:
        messages.error(
            request,
            _("No meeting is scheduled yet: schedule the next one, then add the pair to it."),
        )
        return redirect(back)
    try:
        item = meeting_services.agenda_item_propose(
            access=access,
            meeting=meeting,
            title=_("How %(a)s and %(b)s see their collaboration")
            % {"a": pair.a.name, "b": pair.b.name},
            purpose="discussion",
            note=_(
                "In %(round)s, %(a)s rated the collaboration %(ab)s and %(b)s rated it %(ba)s"
                " (0 none to 4 full collaboration): a difference of %(gap)s levels to talk"
                " through."
            )
            % {
                "round": network.title,
                "a": pair.a.name,
                "b": pair.b.name,
                "ab": pair.a_rates_b,
                "ba": pair.b_rates_a,
                "gap": pair.gap,
            },
            link=(_("Pairs that see it differently"), back),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(
        request,
        _("Added to the agenda of %(meeting)s.") % {"meeting": meeting.title}
        if item.on_agenda
        else _("Proposed for the agenda of %(meeting)s.") % {"meeting": meeting.title},
    )
    return redirect(back)

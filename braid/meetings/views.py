"""Pages of meetings: the list, scheduling (one-off and series), a meeting with its agenda,
proposals and backlog."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda.models import Activity, GovernanceBody
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.models import Membership
from braid.core import bilingual
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error, save_changed, track_what_was_loaded
from braid.core.http import downloadable, int_or_none
from braid.measures.models import Indicator
from braid.meetings import downloads, forms, selectors, services
from braid.meetings.models import AgendaItem, Meeting, Series
from braid.partners.models import Organisation


def member_choices(access: Access) -> list[tuple[int, str]]:
    return [
        (m.user_id, m.user.full_name or m.user.email)
        for m in access.scope(Membership).select_related("user").order_by("user__full_name")
    ]


def organisation_choices(access: Access) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in access.scope(Organisation).order_by("name")]


def _when_choices(access: Access) -> dict[str, Any]:
    return {
        "bodies": [(b.pk, b.name) for b in access.scope(GovernanceBody).order_by("name")],
        "organisations": organisation_choices(access),
        "users": member_choices(access),
    }


def link_choices(access: Access) -> dict[str, Any]:
    """The indicators and activities an agenda item, a decision or an action can aim at."""
    return {
        "indicators": [
            (i.pk, bilingual.pick(i, "name").text)
            for i in bilingual.ordered(access.scope(Indicator), "name")
        ],
        "activities": [(a.pk, str(a)) for a in bilingual.ordered(access.scope(Activity), "title")],
    }


def owner_choices(access: Access) -> dict[str, Any]:
    """Who may own an agenda item or an action, and what it may aim at."""
    return {
        "users": member_choices(access),
        "organisations": organisation_choices(access),
        **link_choices(access),
    }


@collaborative_view()
@downloadable(downloads.meetings)
def meeting_list(request: HttpRequest, access: Access) -> HttpResponse:
    body_id = int_or_none(request.GET.get("body"))
    upcoming, past = selectors.upcoming_and_past(access, body_id=body_id)
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "bodies": access.scope(GovernanceBody).order_by("name"),
            "body_id": body_id,
            "series": access.scope(Series).select_related("body").order_by("title"),
        },
    )


def _schedule(request: HttpRequest, access: Access, series: bool) -> HttpResponse:
    form_class = forms.SeriesForm if series else forms.MeetingForm
    initial: dict[str, Any] = {}
    if request.GET.get("body"):
        initial = {"body_id": int_or_none(request.GET.get("body")), "gathering": "body"}
    form = form_class(request.POST or None, initial=initial, **_when_choices(access))
    if request.method == "POST" and form.is_valid():
        try:
            if series:
                saved = services.series_schedule(access=access, **form.cleaned_data)
                messages.success(
                    request,
                    _("%(n)s meetings of “%(title)s” scheduled.")
                    % {"n": saved.meetings.count(), "title": saved.title},
                )
                return redirect("meetings:series", slug=access.collaborative.slug, pk=saved.pk)
            meeting = services.meeting_schedule(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect("meetings:detail", slug=access.collaborative.slug, pk=meeting.pk)
    title = _("Schedule a series of meetings") if series else _("Schedule a meeting")
    return render(
        request,
        "meetings/schedule.html",
        {"form": form, "title": title, "series_form": series},
    )


@collaborative_view(manage=True)
def meeting_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _schedule(request, access, series=False)


@collaborative_view(manage=True)
def series_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _schedule(request, access, series=True)


@collaborative_view()
@downloadable(downloads.series_meetings)
def series_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    series = downloads.series_of(access, pk)
    return render(
        request,
        "meetings/series.html",
        {
            "series": series,
            "meetings": downloads.occurrences(series),
            "backlog": selectors.backlog(access, series.pk),
            "template": series.items.filter(template=True).order_by("position"),
        },
    )


@collaborative_view()
def meeting_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(access, pk)
    return render(request, "meetings/detail.html", _detail_context(access, meeting))


def _detail_context(access: Access, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    context = {
        "meeting": meeting,
        "local_start": meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)),
        "local_end": meeting.ends_at.astimezone(ZoneInfo(meeting.time_zone)),
        "items": selectors.agenda_items(meeting),
        "proposals": selectors.proposals(meeting),
        "backlog": selectors.backlog(access, meeting.series_id) if meeting.series_id else [],
        "next": selectors.next_occurrence(meeting),
        "can_propose": access.can_contribute(),
        "item_form": forms.ItemForm(**owner_choices(access)) if access.can_manage() else None,
        "propose_form": forms.ProposeForm(),
        "meeting_decisions": list(meeting.decisions.order_by("number")),
        "meeting_actions": list(
            meeting.actions.select_related("owner", "organisation").order_by("due_on", "pk")
        ),
    }
    from braid.meetings.views_minutes import minutes_panel

    context.update(minutes_panel(access, meeting))
    context.update(extra)
    return context


@collaborative_view(manage=True)
def meeting_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = access.get_owned(Meeting, pk=pk)
    zone = ZoneInfo(meeting.time_zone)
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    initial = {
        "title": meeting.title,
        "date": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "version": meeting.version,
        "scope": "occurrence",
    }
    form = forms.MeetingEditForm(
        request.POST or None, initial=initial, in_series=meeting.series_id is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(access=access, meeting_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Meeting changed."))
            return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)
    return render(
        request,
        "meetings/edit.html",
        {"form": form, "meeting": meeting, "title": _("Change “%s”") % meeting.title},
    )


@require_POST
@collaborative_view(manage=True)
def meeting_cancel(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    scope = "series" if request.POST.get("scope") == "series" else "occurrence"
    n = services.meeting_cancel(access=access, meeting_id=pk, scope=scope)
    messages.success(request, _("Meetings cancelled: %(n)s.") % {"n": n})
    return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view(manage=True)
def item_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    form = forms.ItemForm(request.POST, **owner_choices(access))
    if form.is_valid():
        try:
            services.agenda_item_add(access=access, meeting_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Item added to the agenda."))
            return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)
    meeting = selectors.meeting_detail(access, pk)
    return render(
        request,
        "meetings/detail.html",
        _detail_context(access, meeting, item_form=form),
        status=400,
    )


@require_POST
@collaborative_view()
def item_propose(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    form = forms.ProposeForm(request.POST)
    if form.is_valid():
        try:
            item = services.agenda_item_propose(access=access, meeting=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Item added to the agenda.")
                if item.on_agenda
                else _("Proposal sent: whoever drafts the agenda will put it on or decline it."),
            )
            return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)
    meeting = selectors.meeting_detail(access, pk)
    return render(
        request,
        "meetings/detail.html",
        _detail_context(access, meeting, propose_form=form),
        status=400,
    )


@collaborative_view(manage=True)
def item_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Change an item: only the fields this editor changed are saved, and a save over someone
    else's newer one shows theirs (braid.core.forms.save_changed)."""
    item = access.get_owned(AgendaItem.objects.select_related("meeting"), pk=pk)
    initial = {f: getattr(item, f) for f in services.ITEM_FIELDS} | {"version": item.version}
    form = forms.ItemEditForm(request.POST or None, initial=initial, **owner_choices(access))
    track_what_was_loaded(form)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_changed(
            form,
            lambda version, changed: services.agenda_item_update(
                access=access, item_id=pk, version=version, **changed
            ),
        )
    ):
        messages.success(request, _("Item saved."))
        return _back_to(access, item)
    return render(
        request, "meetings/item_edit.html", {"form": form, "item": item, "title": _("Edit item")}
    )


def _back_to(access: Access, item: AgendaItem) -> HttpResponse:
    if item.meeting_id:
        return redirect("meetings:detail", slug=access.collaborative.slug, pk=item.meeting_id)
    return redirect("meetings:series", slug=access.collaborative.slug, pk=item.series_id)


@require_POST
@collaborative_view(manage=True)
def item_action(request: HttpRequest, access: Access, pk: int, verb: str) -> HttpResponse:
    item = access.get_owned(AgendaItem, pk=pk)
    try:
        if verb == "accept":
            services.agenda_item_decide(access=access, item_id=pk, accept=True)
        elif verb == "decline":
            services.agenda_item_decide(access=access, item_id=pk, accept=False)
        elif verb == "park":
            services.agenda_item_park(access=access, item_id=pk)
        elif verb == "remove":
            services.agenda_item_remove(access=access, item_id=pk)
        elif verb == "bring":
            meeting_id = int_or_none(request.POST.get("meeting_id")) or 0
            item = services.agenda_item_bring(access=access, item_id=pk, meeting_id=meeting_id)
        else:
            raise ServiceError(_("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Agenda updated."))
    return _back_to(access, item)


@require_POST
@collaborative_view(manage=True)
def circulate(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        services.agenda_circulate(access=access, meeting_id=pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Agenda circulated to the invitees."))
    return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view(manage=True)
def carry(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    target = services.carry_forward(access=access, meeting_id=pk)
    if target is None:
        messages.error(
            request, _("There is no later meeting of this series or body to carry items to.")
        )
        return redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)
    messages.success(
        request, _("Unfinished items and overdue actions carried to the next meeting.")
    )
    return redirect("meetings:detail", slug=access.collaborative.slug, pk=target.pk)

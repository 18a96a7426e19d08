"""Pages of the decisions register, action items, calendars and notification preferences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import selectors as agenda_selectors
from braid.agenda.models import GovernanceBody
from braid.agenda.terms import selectors as terms_selectors
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable, int_or_none
from braid.meetings import actions, calendar, decisions, downloads, forms, notifications, selectors
from braid.meetings.models import ActionItem, Decision, Meeting, NotificationPreference, Notify
from braid.meetings.views import link_choices, organisation_choices, owner_choices

ACTIONS_PER_PAGE = 50


def _decision_choices(access: Access) -> dict[str, Any]:
    return {
        "meetings": [
            (m.pk, f"{m.starts_at:%Y-%m-%d} · {m.title}")
            for m in access.scope(Meeting).exclude(status="cancelled").order_by("-starts_at")[:200]
        ],
        "organisations": organisation_choices(access),
        **link_choices(access),
        "agenda_versions": [
            (v.pk, _("Version %(n)s") % {"n": v.number}) for v in agenda_selectors.versions(access)
        ],
        "terms_versions": [(t.pk, str(t)) for t in terms_selectors.issued(access)],
        "decisions": [
            (d.pk, str(d))
            for d in access.scope(Decision).filter(status="active").order_by("-number")
        ],
    }


@collaborative_view()
@downloadable(downloads.decisions)
def decision_list(request: HttpRequest, access: Access) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.register(access)
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "meetings/decisions.html",
        {"decisions": qs, "status": status, "statuses": Decision._meta.get_field("status").choices},
    )


@collaborative_view(manage=True)
def decision_new(request: HttpRequest, access: Access) -> HttpResponse:
    initial = {"meeting_id": int_or_none(request.GET.get("meeting"))}
    form = forms.DecisionForm(request.POST or None, initial=initial, **_decision_choices(access))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["objections"] = [
            decisions.ObjectionIn(text=line) for line in data.pop("objection_lines")
        ]
        resolution = data.pop("resolution")
        if resolution and data["objections"]:
            data["objections"] = [
                decisions.ObjectionIn(text=o.text, resolution=resolution)
                for o in data["objections"]
            ]
        try:
            saved = decisions.decision_record(access=access, **data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if saved.status == "not_adopted":
                messages.warning(
                    request, _("Recorded as not adopted: %(reason)s.") % {"reason": saved.reason}
                )
            else:
                messages.success(request, _("Decision D-%(n)s recorded.") % {"n": saved.number})
            return redirect("meetings:decision", slug=access.collaborative.slug, pk=saved.pk)
    return render(
        request, "meetings/decision_form.html", {"form": form, "title": _("Record a decision")}
    )


@collaborative_view()
def decision_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    decision = access.get_owned(selectors.register(access), pk=pk)
    return render(request, "meetings/decision.html", selectors.decision_chain(access, decision))


@require_POST
@collaborative_view(manage=True)
def decision_revoke(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        decisions.decision_revoke(
            access=access, decision_id=pk, reason=request.POST.get("reason", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision revoked; it stays in the register."))
    return redirect("meetings:decision", slug=access.collaborative.slug, pk=pk)


# --- Action items --------------------------------------------------------------------------


@collaborative_view()
@downloadable(downloads.my_actions)
def my_actions(request: HttpRequest, access: Access) -> HttpResponse:
    whose = request.GET.get("whose", "assigned")
    state = request.GET.get("state", "open")
    rows = selectors.my_actions(access, whose=whose, state=state)
    page = Paginator(rows, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/my_actions.html",
        {"page": page, "whose": whose, "state": state, "today": selectors.today()},
    )


@collaborative_view(manage=True)
@downloadable(downloads.actions_by_organisation)
def actions_by_organisation(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "meetings/actions_by_org.html",
        {"groups": selectors.open_actions_grouped(access), "today": selectors.today()},
    )


@collaborative_view()
def action_new(request: HttpRequest, access: Access) -> HttpResponse:
    initial = {
        "meeting_id": int_or_none(request.GET.get("meeting")),
        "decision_id": int_or_none(request.GET.get("decision")),
        "organisation_id": access.organisation_id,
    }
    form = forms.ActionForm(request.POST or None, initial=initial, **owner_choices(access))
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.action_create(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Action item created."))
            return redirect("meetings:action", slug=access.collaborative.slug, pk=saved.pk)
    return render(
        request, "meetings/action_form.html", {"form": form, "title": _("New action item")}
    )


@collaborative_view()
def action_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    action = access.get_owned(
        ActionItem.objects.select_related(
            "owner", "organisation", "meeting", "decision", "indicator", "created_by"
        ).prefetch_related(agenda_selectors.linked_activity()),
        pk=pk,
    )
    form = forms.ActionUpdateForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            actions.action_update(access=access, action_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Update added."))
            return redirect("meetings:action", slug=access.collaborative.slug, pk=pk)
    return render(
        request,
        "meetings/action.html",
        {
            "action": action,
            "updates": action.updates.select_related("author"),
            "form": form,
            "may_edit": actions.may_edit(access, action),
            "today": selectors.today(),
        },
    )


@require_POST
@collaborative_view()
def action_archive(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        actions.action_archive(
            access=access, action_id=pk, archived=request.POST.get("restore") != "1"
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:action", slug=access.collaborative.slug, pk=pk)


# --- Calendars -----------------------------------------------------------------------------


@collaborative_view()
def calendars(request: HttpRequest, access: Access) -> HttpResponse:
    new_url = ""
    if request.method == "POST":
        try:
            _feed, secret = calendar.feed_create(
                access=access, body_id=int_or_none(request.POST.get("body_id"))
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            new_url = calendar.feed_url(access.collaborative.slug, secret)
    return render(
        request,
        "meetings/calendars.html",
        {
            "feeds": calendar.feeds_of(access),
            "bodies": access.scope(GovernanceBody).order_by("name"),
            "new_url": new_url,
        },
    )


@require_POST
@collaborative_view()
def calendar_revoke(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    calendar.feed_revoke(access=access, feed_id=pk)
    messages.success(request, _("Feed revoked: calendars using its address get nothing any more."))
    return redirect("meetings:calendars", slug=access.collaborative.slug)


def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The feed itself, by its secret token: no login (calendar programs have none)."""
    feed = calendar.feed_by_token(slug, token)
    if feed is None:
        raise Http404("Not found.")
    name = feed.body.name if feed.body else f"{feed.collaborative.name}"
    body = calendar.feed_body(feed, name, slug)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@collaborative_view()
def meeting_ics(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = access.get_owned(Meeting.objects.select_related("collaborative"), pk=pk)
    response = HttpResponse(
        calendar.meeting_file(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Notification preferences --------------------------------------------------------------


@collaborative_view()
def notification_preferences(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        chosen = {k: request.POST.get(f"kind_{k}", "") for k in notifications.KINDS}
        try:
            notifications.preferences_save(access=access, chosen=chosen)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your notification choices are saved."))
            return redirect("meetings:notifications", slug=access.collaborative.slug)
    prefs = notifications.preferences(access.user)
    return render(
        request,
        "meetings/notifications.html",
        {
            "rows": [(k, kind.label, prefs[k]) for k, kind in notifications.KINDS.items()],
            "choices": Notify.choices,
            "unused": NotificationPreference,
        },
    )

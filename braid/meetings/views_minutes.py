"""Pages of attendance and minutes (lifecycle, amendments, corrections, PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.meetings import documents, forms, minutes, selectors
from braid.meetings.models import ItemState, Meeting, MinutesComment, MinutesStatus, Presence

SECTIONS = documents.SECTIONS


def _back(access: Access, pk: int, anchor: str = "minutes") -> HttpResponse:
    response = redirect("meetings:detail", slug=access.collaborative.slug, pk=pk)
    response["Location"] += f"#{anchor}"
    return response


@collaborative_view(manage=True)
def attendance(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(access, pk)
    rows = minutes.attendance_candidates(meeting, access)
    error = ""
    if request.method == "POST":
        try:
            minutes.attendance_record(
                access=access, meeting_id=pk, lines=minutes.lines_from_form(request.POST)
            )
        except ServiceError as exc:
            error = exc.message
            for r in rows:
                r["status"] = request.POST.get(f"status_{r['key']}", "")
                r["chaired"] = request.POST.get("chair") == r["key"]
        else:
            messages.success(request, _("Attendance recorded."))
            return _back(access, pk, "attendance")
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "rows": rows, "choices": Presence.choices, "error": error},
        status=400 if error else 200,
    )


@collaborative_view(manage=True)
def minutes_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(access, pk)
    items = selectors.agenda_items(meeting)
    form = forms.MinutesForm(
        request.POST or None, initial={"text": meeting.minutes, "version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        outcomes = {
            i.pk: (
                request.POST.get(f"state_{i.pk}") or i.state,
                request.POST.get(f"outcome_{i.pk}", ""),
            )
            for i in items
        }
        try:
            minutes.minutes_save(
                access=access,
                meeting_id=pk,
                text=form.cleaned_data["text"],
                outcomes=outcomes,
                version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return _back(access, pk)
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "form": form,
            "items": items,
            "states": [
                (ItemState.DONE, _("Dealt with")),
                (ItemState.UNFINISHED, _("Unfinished: carry forward")),
            ],
        },
    )


@require_POST
@collaborative_view(manage=True)
def minutes_step(request: HttpRequest, access: Access, pk: int, step: str) -> HttpResponse:
    try:
        if step == "circulate":
            minutes.minutes_circulate(access=access, meeting_id=pk)
            messages.success(request, _("Minutes circulated to the attendees for amendments."))
        elif step == "approve":
            minutes.minutes_approve(access=access, meeting_id=pk)
            messages.success(request, _("Minutes approved."))
        elif step == "freeze":
            minutes.minutes_freeze(access=access, meeting_id=pk)
            messages.success(request, _("Minutes frozen and published to every member."))
        else:
            raise ServiceError(_("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return _back(access, pk)


@require_POST
@collaborative_view()
def minutes_comment(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    try:
        minutes.minutes_comment(
            access=access,
            meeting_id=pk,
            text=request.POST.get("text", ""),
            amendment=request.POST.get("amendment") == "1",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your comment is with the minutes."))
    return _back(access, pk)


@require_POST
@collaborative_view(manage=True)
def amendment_decide(request: HttpRequest, access: Access, pk: int, verb: str) -> HttpResponse:
    comment = access.get_owned(MinutesComment, pk=pk)
    try:
        minutes.amendment_decide(access=access, comment_id=pk, accept=verb == "accept")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return _back(access, comment.meeting_id)


@collaborative_view(manage=True)
def minutes_correct(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = access.get_owned(Meeting, pk=pk)
    form = forms.CorrectionForm(request.POST or None, initial={"text": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            minutes.minutes_correct(access=access, meeting_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Correction recorded; the frozen text is kept."))
            return _back(access, pk)
    return render(
        request,
        "meetings/minutes_correct.html",
        {"meeting": meeting, "form": form, "title": _("Correct frozen minutes")},
    )


@collaborative_view()
def minutes_pdf(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(access, pk)
    attendee = minutes.is_attendee(meeting, access)
    if not access.audience.sees_minutes(meeting.minutes_status, attendee=attendee):
        raise PermissionDenied("These minutes are not shared with you yet.")
    sections = documents.chosen_sections(request.GET.getlist("sections"))
    lang = documents.language(request.GET.get("lang") or translation.get_language())
    pdf = documents.minutes_pdf(access, meeting, sections, lang)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{access.collaborative.slug}-minutes-{meeting.pk}-{lang}.pdf"'
    )
    return response


def minutes_panel(access: Access, meeting: Meeting) -> dict[str, Any]:
    """What the meeting page shows of the minutes, as the reader may see them."""
    attendee = minutes.is_attendee(meeting, access)
    visible = access.audience.sees_minutes(meeting.minutes_status, attendee=attendee)
    return {
        "minutes_visible": visible,
        "may_amend": meeting.minutes_status == MinutesStatus.CIRCULATED
        and minutes.was_present(meeting, access.user.pk),
        "may_comment": meeting.minutes_status == MinutesStatus.CIRCULATED and visible,
        "comments": list(meeting.comments.select_related("author")) if visible else [],
        "attendance": list(meeting.attendance.select_related("user", "organisation")),
        "corrections": list(meeting.corrections.select_related("author")) if visible else [],
        "sections": SECTIONS,
    }

"""Attendance and the minutes' lifecycle.

draft (the stewards write, Markdown, an outcome per agenda item) → circulated to the
attendees, who comment; only people recorded as present propose amendments, which a steward
takes or not → approved (usually at the next meeting, optionally by a decision of the
register) → frozen: the text is kept as it was (`Meeting.minutes_frozen`), and after that
only a correction recorded with who and why changes what is shown.
Who may read minutes at each stage is the disclosure policy's (`Audience.sees_minutes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.collaboratives.models import Membership
from braid.core.errors import ConflictError, FieldProblem, ServiceError, raise_problems
from braid.meetings.models import (
    AgendaItem,
    AmendmentStatus,
    Attendance,
    ItemState,
    Meeting,
    MeetingStatus,
    MinutesComment,
    MinutesCorrection,
    MinutesStatus,
    Presence,
)
from braid.meetings.timing import local_date
from braid.partners.models import Organisation

vocabulary(
    {
        "attendance.recorded": gettext_lazy(
            "Attendance at “%(meeting)s” of %(date)s: %(present)s present, %(apologies)s apologies, %(absent)s absent"
        ),
        "minutes.saved": gettext_lazy("Minutes of “%(meeting)s” of %(date)s saved"),
        "minutes.circulated": gettext_lazy(
            "Minutes of “%(meeting)s” of %(date)s circulated to the attendees"
        ),
        "minutes.commented": gettext_lazy("Comment on the minutes of “%(meeting)s” of %(date)s"),
        "minutes.amendment": gettext_lazy(
            "Amendment proposed to the minutes of “%(meeting)s” of %(date)s"
        ),
        "amendment.accepted": gettext_lazy("Amendment to the minutes of “%(meeting)s” taken"),
        "amendment.rejected": gettext_lazy("Amendment to the minutes of “%(meeting)s” not taken"),
        "minutes.approved": gettext_lazy("Minutes of “%(meeting)s” of %(date)s approved"),
        "minutes.frozen": gettext_lazy("Minutes of “%(meeting)s” of %(date)s frozen and published"),
        "minutes.corrected": gettext_lazy(
            "Frozen minutes of “%(meeting)s” of %(date)s corrected: %(reason)s"
        ),
    }
)


@dataclass(frozen=True)
class Line:
    """One attendance line to record: a member (user_id), or an organisation's seat
    (organisation_id alone), or a named guest (name)."""

    status: str
    user_id: int | None = None
    organisation_id: int | None = None
    name: str = ""
    chaired: bool = False


def _meeting(access: Access, meeting_id: int, *, lock: bool = False) -> Meeting:
    qs = Meeting.objects.select_for_update() if lock else Meeting.objects.all()
    return access.get_owned(qs, pk=meeting_id)


def _date(m: Meeting) -> str:
    return local_date(m).isoformat()


@transaction.atomic
def attendance_record(*, access: Access, meeting_id: int, lines: list[Line]) -> list[Attendance]:
    """Replace the meeting's attendance list. A member's organisation is the one they act for
    unless given; at most one person chairs; frozen minutes' attendance cannot change."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_("This meeting was cancelled: there is no attendance to record."))
    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.FROZEN):
        raise ServiceError(
            _("The minutes are approved: the attendance they record cannot change any more.")
        )
    problems: list[FieldProblem] = []
    members = {
        m.user_id: m
        for m in access.scope(Membership).filter(
            user_id__in=[ln.user_id for ln in lines if ln.user_id]
        )
    }
    org_ids = {ln.organisation_id for ln in lines if ln.organisation_id}
    orgs = {o.pk for o in access.scope(Organisation).filter(pk__in=org_ids)}
    seen: set[int] = set()
    rows = []
    for n, ln in enumerate(lines, start=1):
        if ln.status not in Presence.values:
            problems.append(
                FieldProblem(
                    "lines", _("Line %(n)s: choose present, apologies or absent.") % {"n": n}, n
                )
            )
        if ln.user_id and ln.user_id not in members:
            problems.append(
                FieldProblem(
                    "lines",
                    _("Line %(n)s: person %(id)s is not a member of this collaborative.")
                    % {"n": n, "id": ln.user_id},
                    n,
                )
            )
        if ln.organisation_id and ln.organisation_id not in orgs:
            problems.append(
                FieldProblem(
                    "lines",
                    _("Line %(n)s: organisation %(id)s is not in this collaborative.")
                    % {"n": n, "id": ln.organisation_id},
                    n,
                )
            )
        if not (ln.user_id or ln.organisation_id or (ln.name or "").strip()):
            problems.append(
                FieldProblem(
                    "lines", _("Line %(n)s: name a person or an organisation.") % {"n": n}, n
                )
            )
        if ln.user_id:
            if ln.user_id in seen:
                problems.append(
                    FieldProblem(
                        "lines", _("Line %(n)s: this person is listed twice.") % {"n": n}, n
                    )
                )
            seen.add(ln.user_id)
        membership = members.get(ln.user_id) if ln.user_id else None
        rows.append(
            Attendance(
                collaborative=access.collaborative,
                meeting=meeting,
                user_id=ln.user_id,
                organisation_id=ln.organisation_id
                or (membership.organisation_id if membership else None),
                name=(ln.name or "").strip()[:200],
                status=ln.status,
                chaired=ln.chaired,
            )
        )
    chairs = [r for r in rows if r.chaired]
    if len(chairs) > 1:
        problems.append(FieldProblem("chair", _("Only one person chairs a meeting: choose one.")))
    if any(r.chaired and r.status != Presence.PRESENT for r in rows):
        problems.append(FieldProblem("chair", _("The chair must be recorded as present.")))
    raise_problems(problems)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    counts = {s: sum(1 for r in rows if r.status == s) for s in Presence.values}
    record(
        access,
        "attendance.recorded",
        meeting=meeting.title,
        date=_date(meeting),
        present=counts["present"],
        apologies=counts["apologies"],
        absent=counts["absent"],
    )
    return list(meeting.attendance.all())


def _editable(meeting: Meeting) -> None:
    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.FROZEN):
        raise ServiceError(
            _(
                "These minutes are approved and frozen: record a correction with the reason instead of editing them."
            )
        )


@transaction.atomic
def minutes_save(
    *,
    access: Access,
    meeting_id: int,
    text: str,
    outcomes: dict[int, tuple[str, str]] | None = None,
    version: int | None = None,
) -> Meeting:
    """Save the draft (or circulated) minutes: the Markdown text and, per agenda item, its
    state (done / unfinished) and outcome."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    _editable(meeting)
    if version is not None and version != meeting.version:
        raise ConflictError(
            _("Someone saved these minutes since you opened them: reload to see their text."),
            current={"version": meeting.version},
        )
    problems: list[FieldProblem] = []
    items = {
        i.pk: i for i in meeting.items.exclude(state__in=[ItemState.PROPOSED, ItemState.DECLINED])
    }
    for item_id, (state, _outcome) in (outcomes or {}).items():
        if item_id not in items:
            problems.append(
                FieldProblem(
                    "outcomes", _("Item %(id)s is not on this meeting's agenda.") % {"id": item_id}
                )
            )
        elif state not in (ItemState.DONE, ItemState.UNFINISHED, ItemState.ON_AGENDA):
            problems.append(
                FieldProblem("outcomes", _("An item is dealt with or unfinished: choose one."))
            )
    raise_problems(problems)
    for item_id, (state, outcome) in (outcomes or {}).items():
        item = items[item_id]
        item.state, item.outcome = state, (outcome or "").strip()
    AgendaItem.objects.bulk_update(list(items.values()), ["state", "outcome"])
    meeting.minutes = (text or "").strip()
    if meeting.minutes_status == MinutesStatus.NONE:
        meeting.minutes_status = MinutesStatus.DRAFT
    meeting.version += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    record(access, "minutes.saved", meeting=meeting.title, date=_date(meeting))
    return meeting


@transaction.atomic
def minutes_circulate(*, access: Access, meeting_id: int) -> Meeting:
    """Send the draft to the attendees for comments and amendments; unfinished items and
    overdue actions go to the next occurrence's agenda."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ServiceError(_("Only draft minutes can be circulated: write and save them first."))
    if not meeting.minutes.strip():
        raise ServiceError(_("The minutes are empty: write them before circulating them."))
    if not meeting.attendance.exists():
        raise ServiceError(
            _("Record the attendance first: only people recorded as present may amend the minutes.")
        )
    meeting.minutes_status = MinutesStatus.CIRCULATED
    meeting.minutes_circulated_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_circulated_at"])
    record(access, "minutes.circulated", meeting=meeting.title, date=_date(meeting))
    from braid.meetings import notifications
    from braid.meetings.services import carry_forward

    carry_forward(access=access, meeting_id=meeting.pk)
    notifications.meeting_event(meeting, "minutes.circulated")
    return meeting


def was_present(meeting: Meeting, user_id: int | None) -> bool:
    return (
        user_id is not None
        and meeting.attendance.filter(user_id=user_id, status=Presence.PRESENT).exists()
    )


def is_attendee(meeting: Meeting, access: Access) -> bool:
    """Invited (in person or through the organisation) or on the attendance list."""
    uid = access.user.pk
    if (
        meeting.attendance.filter(user_id=uid).exists()
        or meeting.invited_users.filter(pk=uid).exists()
    ):
        return True
    return access.organisation_id is not None and (
        meeting.invited_organisations.filter(pk=access.organisation_id).exists()
        or meeting.attendance.filter(organisation_id=access.organisation_id).exists()
    )


@transaction.atomic
def minutes_comment(
    *, access: Access, meeting_id: int, text: str, amendment: bool = False
) -> MinutesComment:
    """A comment on circulated minutes by a steward or an attendee; an amendment only by
    someone recorded as present."""
    meeting = _meeting(access, meeting_id)
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ServiceError(_("Comments and amendments are taken while the minutes are circulated."))
    if not access.audience.sees_minutes(
        meeting.minutes_status, attendee=is_attendee(meeting, access)
    ):
        raise PermissionDenied("Only the meeting's attendees comment on its minutes.")
    if amendment and not was_present(meeting, access.user.pk):
        raise ServiceError.on(
            "amendment",
            _(
                "Only people recorded as present at the meeting may propose amendments; you may still comment."
            ),
        )
    text = (text or "").strip()
    if not text:
        raise ServiceError.on("text", _("Write your comment or the amendment you propose."))
    comment = MinutesComment.objects.create(
        collaborative=access.collaborative,
        meeting=meeting,
        author=access.user,
        text=text,
        is_amendment=amendment,
    )
    record(
        access,
        "minutes.amendment" if amendment else "minutes.commented",
        meeting=meeting.title,
        date=_date(meeting),
    )
    if amendment:
        from braid.meetings import notifications

        notifications.meeting_event(meeting, "minutes.amendment", stewards_only=True)
    return comment


@transaction.atomic
def amendment_decide(*, access: Access, comment_id: int, accept: bool) -> MinutesComment:
    access.require_manage()
    comment = access.get_owned(
        MinutesComment.objects.select_related("meeting"), pk=comment_id, is_amendment=True
    )
    _editable(comment.meeting)
    if comment.status != AmendmentStatus.PROPOSED:
        raise ServiceError(_("This amendment was already taken or set aside."))
    comment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
    comment.save(update_fields=["status"])
    record(
        access,
        "amendment.accepted" if accept else "amendment.rejected",
        meeting=comment.meeting.title,
    )
    return comment


@transaction.atomic
def minutes_approve(*, access: Access, meeting_id: int, decision_id: int | None = None) -> Meeting:
    """Approve circulated minutes (every amendment taken or set aside)."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ServiceError(_("Minutes are approved after they were circulated to the attendees."))
    if meeting.comments.filter(is_amendment=True, status=AmendmentStatus.PROPOSED).exists():
        raise ServiceError(
            _("Take or set aside every proposed amendment before approving the minutes.")
        )
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_approved_at"])
    record(access, "minutes.approved", meeting=meeting.title, date=_date(meeting))
    return meeting


@transaction.atomic
def minutes_freeze(*, access: Access, meeting_id: int) -> Meeting:
    """Freeze approved minutes: the text is kept as it is for ever, and published to every
    member with a notification."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ServiceError(_("Only approved minutes can be frozen."))
    meeting.minutes_status = MinutesStatus.FROZEN
    meeting.minutes_frozen = meeting.minutes
    meeting.minutes_frozen_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_frozen", "minutes_frozen_at"])
    record(access, "minutes.frozen", meeting=meeting.title, date=_date(meeting))
    from braid.meetings import notifications

    notifications.meeting_event(meeting, "minutes.published", everyone=True)
    return meeting


@transaction.atomic
def minutes_correct(
    *, access: Access, meeting_id: int, text: str, reason: str
) -> MinutesCorrection:
    """Correct frozen minutes: the shown text changes, the frozen text stays, and the
    correction keeps who, why, before and after."""
    access.require_manage()
    meeting = _meeting(access, meeting_id, lock=True)
    if meeting.minutes_status != MinutesStatus.FROZEN:
        raise ServiceError(_("Only frozen minutes take corrections; edit the draft instead."))
    problems: list[FieldProblem] = []
    reason = (reason or "").strip()
    text = (text or "").strip()
    if not reason:
        problems.append(FieldProblem("reason", _("Say why the frozen minutes are corrected.")))
    if text == meeting.minutes:
        problems.append(
            FieldProblem("text", _("The text is unchanged: there is nothing to correct."))
        )
    raise_problems(problems)
    correction = MinutesCorrection.objects.create(
        collaborative=access.collaborative,
        meeting=meeting,
        author=access.user,
        reason=reason,
        before=meeting.minutes,
        after=text,
    )
    meeting.minutes = text
    meeting.save(update_fields=["minutes"])
    record(access, "minutes.corrected", meeting=meeting.title, date=_date(meeting), reason=reason)
    return correction


def attendance_candidates(meeting: Meeting, access: Access) -> list[dict[str, Any]]:
    """Who the attendance form lists: the members of invited organisations, invited people,
    organisations invited with no member account, and whoever is already recorded."""
    recorded = {a.user_id: a for a in meeting.attendance.all() if a.user_id}
    seats = {
        a.organisation_id: a
        for a in meeting.attendance.all()
        if not a.user_id and a.organisation_id
    }
    invited_orgs = list(meeting.invited_organisations.order_by("name"))
    members = list(
        access.scope(Membership)
        .filter(organisation__in=invited_orgs)
        .select_related("user", "organisation")
    )
    direct = list(
        access.scope(Membership)
        .filter(user__in=meeting.invited_users.all())
        .select_related("user", "organisation")
    )
    extra = list(
        access.scope(Membership)
        .filter(user_id__in=list(recorded))
        .select_related("user", "organisation")
    )
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for m in [*members, *direct, *extra]:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        a = recorded.get(m.user_id)
        out.append(
            {
                "key": f"u{m.user_id}",
                "label": m.user.full_name or m.user.email,
                "organisation": m.organisation.name if m.organisation else "",
                "status": a.status if a else "",
                "chaired": bool(a and a.chaired),
            }
        )
    with_people = {m.organisation_id for m in members}
    for o in invited_orgs:
        if o.pk not in with_people:
            a = seats.get(o.pk)
            out.append(
                {
                    "key": f"o{o.pk}",
                    "label": o.name,
                    "organisation": "",
                    "status": a.status if a else "",
                    "chaired": False,
                }
            )
    return out


def lines_from_form(data: Any) -> list[Line]:
    """Attendance lines from the page's form: `status_u<id>` / `status_o<id>` and `chair`."""
    chair = data.get("chair", "")
    lines = []
    for key in data:
        if not key.startswith("status_"):
            continue
        status = data.get(key)
        if not status:
            continue
        ref = key.removeprefix("status_")
        try:
            pk = int(ref[1:])
        except ValueError:
            continue
        if ref.startswith("u"):
            lines.append(Line(status=status, user_id=pk, chaired=chair == ref))
        elif ref.startswith("o"):
            lines.append(Line(status=status, organisation_id=pk))
    return lines

"""Writes of agenda items: add, propose and decide, change, remove, park in the series' backlog
and bring back, circulate the agenda, and carry unfinished items and overdue actions forward."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import FieldProblem, ServiceError, raise_problems, refuse_stale
from braid.meetings import notifications
from braid.meetings.meeting_rules import clean_title, item_fields
from braid.meetings.meeting_rules import label as meeting_label
from braid.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    ItemState,
    Meeting,
    MeetingStatus,
    Purpose,
)
from braid.meetings.selectors import next_occurrence

vocabulary(
    {
        "item.added": gettext_lazy("Agenda item “%(item)s” added to “%(meeting)s” of %(date)s"),
        "item.proposed": gettext_lazy(
            "Agenda item “%(item)s” proposed for “%(meeting)s” of %(date)s"
        ),
        "item.accepted": gettext_lazy("Proposed item “%(item)s” put on the agenda"),
        "item.declined": gettext_lazy("Proposed item “%(item)s” declined"),
        "item.changed": gettext_lazy("Agenda item “%(item)s” changed"),
        "item.removed": gettext_lazy("Agenda item “%(item)s” removed"),
        "item.parked": gettext_lazy("Agenda item “%(item)s” parked in the backlog of “%(series)s”"),
        "item.moved": gettext_lazy("Backlog item “%(item)s” put on the agenda of %(date)s"),
        "agenda.circulated": gettext_lazy("Agenda of “%(meeting)s” of %(date)s circulated"),
        "agenda.carried": gettext_lazy(
            "%(items)s unfinished items and %(actions)s overdue actions carried to %(date)s"
        ),
    }
)


# --- Agenda -------------------------------------------------------------------------------

# What an editor changes of an item (the edit form, the API's PUT).
ITEM_FIELDS = (
    "title",
    "purpose",
    "note",
    "minutes_allotted",
    "owner_id",
    "owner_organisation_id",
    "indicator_id",
    "activity_id",
)


def _next_position(meeting: Meeting) -> int:
    top = meeting.items.aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


def _editable_agenda(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_("This meeting is cancelled: its agenda cannot change."))


@transaction.atomic
def agenda_item_add(
    *,
    access: Access,
    meeting_id: int,
    title: str,
    purpose: str = Purpose.DISCUSSION,
    note: str = "",
    minutes_allotted: int | None = None,
    owner_id: int | None = None,
    owner_organisation_id: int | None = None,
    indicator_id: int | None = None,
    activity_id: int | None = None,
) -> AgendaItem:
    """Whoever drafts the agenda (the stewards) adds an item."""
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    _editable_agenda(meeting)
    problems: list[FieldProblem] = []
    title = clean_title(title, problems)
    fields = item_fields(
        access,
        problems,
        purpose=purpose,
        minutes_allotted=minutes_allotted,
        owner_id=owner_id,
        owner_organisation_id=owner_organisation_id,
        indicator_id=indicator_id,
        activity_id=activity_id,
    )
    raise_problems(problems)
    item = AgendaItem.objects.create(
        collaborative=access.collaborative,
        meeting=meeting,
        position=_next_position(meeting),
        title=title,
        note=(note or "").strip(),
        **fields,
    )
    record(access, "item.added", item=title, meeting=meeting.title, date=meeting_label(meeting))
    return item


@transaction.atomic
def agenda_item_propose(
    *,
    access: Access,
    meeting: Meeting | int,
    title: str,
    purpose: str,
    note: str = "",
    link: str | tuple[str, str] | None = None,
) -> AgendaItem:
    """A member proposes an item for a meeting's agenda (surveys and networks offer "add to
    the next meeting's agenda" through this). `link` is a URL or (label, URL) pointing back at
    what prompted it. A steward's proposal goes straight on the agenda; a partner's waits for
    whoever drafts it. Viewers cannot propose."""
    access.require_contribute("Viewers cannot propose agenda items.")
    meeting_id = meeting.pk if isinstance(meeting, Meeting) else meeting
    found = access.get_owned(Meeting, pk=meeting_id)
    _editable_agenda(found)
    problems: list[FieldProblem] = []
    title = clean_title(title, problems)
    if purpose not in Purpose.values:
        problems.append(FieldProblem("purpose", _("Choose information, discussion or decision.")))
    label, url = ("", link) if isinstance(link, str) else (link or ("", ""))
    url = (url or "").strip()
    if url and not (url.startswith("/") or url.startswith(("https://", "http://"))):
        problems.append(
            FieldProblem("link", _("A link is a page of Braid (/c/…) or an https:// address."))
        )
    raise_problems(problems)
    item = AgendaItem.objects.create(
        collaborative=access.collaborative,
        meeting=found,
        position=_next_position(found),
        title=title,
        purpose=purpose,
        note=(note or "").strip(),
        state=ItemState.ON_AGENDA if access.can_manage() else ItemState.PROPOSED,
        proposed_by=access.user,
        owner_organisation_id=access.organisation_id if access.is_partner else None,
        link_label=(label or "")[:200],
        link_url=url[:500],
    )
    record(access, "item.proposed", item=title, meeting=found.title, date=meeting_label(found))
    return item


@transaction.atomic
def agenda_item_decide(*, access: Access, item_id: int, accept: bool) -> AgendaItem:
    access.require_manage()
    item = access.get_owned(AgendaItem, pk=item_id)
    if item.state != ItemState.PROPOSED:
        raise ServiceError(
            _("This item is not waiting for a decision: it is already on the agenda or declined.")
        )
    item.state = ItemState.ON_AGENDA if accept else ItemState.DECLINED
    item.save(update_fields=["state"])
    record(access, "item.accepted" if accept else "item.declined", item=item.title)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    access: Access,
    item_id: int,
    version: int | str | None = None,
    position: int | None = None,
    **changes: Any,
) -> AgendaItem:
    """Change the fields given (ITEM_FIELDS) of an item. `version` (the item's, as its editor
    loaded it) refuses a save over someone else's newer one, with the current values."""
    access.require_manage()
    item = access.get_owned(AgendaItem.objects.select_for_update(), pk=item_id)
    unknown = sorted(set(changes) - set(ITEM_FIELDS))
    if unknown:
        raise ServiceError(_("Unknown fields: %s.") % ", ".join(unknown))
    current = {f: getattr(item, f) for f in ITEM_FIELDS}
    refuse_stale(
        version,
        item.version,
        _(
            "Someone else saved this agenda item while you were editing it. Nothing of yours "
            "was saved: check their changes, then make yours again."
        ),
        current,
    )
    wanted = {**current, **changes}
    problems: list[FieldProblem] = []
    title = clean_title(wanted.pop("title"), problems)
    note = (wanted.pop("note") or "").strip()
    fields = item_fields(access, problems, **wanted)
    raise_problems(problems)
    item.title, item.note = title, note
    for k, v in fields.items():
        setattr(item, k, v)
    if position is not None:
        item.position = position
    item.version += 1
    item.save()
    record(access, "item.changed", item=title)
    return item


@transaction.atomic
def agenda_item_remove(*, access: Access, item_id: int) -> None:
    access.require_manage()
    item = access.get_owned(AgendaItem, pk=item_id)
    if item.decisions.exists():
        raise ServiceError(_("A decision was recorded on this item: it stays on the agenda."))
    record(access, "item.removed", item=item.title)
    item.delete()


@transaction.atomic
def agenda_item_park(*, access: Access, item_id: int) -> AgendaItem:
    """Move an item of a series' meeting to the series' backlog (parked for later)."""
    access.require_manage()
    item = access.get_owned(AgendaItem.objects.select_related("meeting__series"), pk=item_id)
    if item.meeting is None or item.meeting.series is None:
        raise ServiceError(_("Only an item of a meeting in a series can be parked in its backlog."))
    series = item.meeting.series
    item.series, item.meeting = series, None
    item.save(update_fields=["series", "meeting"])
    record(access, "item.parked", item=item.title, series=series.title)
    return item


@transaction.atomic
def agenda_item_bring(*, access: Access, item_id: int, meeting_id: int) -> AgendaItem:
    """Put a backlog item on a meeting of its series."""
    access.require_manage()
    item = access.get_owned(AgendaItem, pk=item_id, meeting__isnull=True, template=False)
    meeting = access.get_owned(Meeting, pk=meeting_id)
    if meeting.series_id != item.series_id:
        raise ServiceError.on("meeting_id", _("Choose a meeting of the same series."))
    _editable_agenda(meeting)
    item.meeting, item.position = meeting, _next_position(meeting)
    item.save(update_fields=["meeting", "position"])
    record(access, "item.moved", item=item.title, date=meeting_label(meeting))
    return item


@transaction.atomic
def agenda_circulate(*, access: Access, meeting_id: int) -> Meeting:
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    _editable_agenda(meeting)
    if not meeting.items.exclude(state__in=[ItemState.PROPOSED, ItemState.DECLINED]).exists():
        raise ServiceError(_("The agenda is empty: add at least one item before circulating it."))
    meeting.agenda_circulated_at = timezone.now()
    meeting.save(update_fields=["agenda_circulated_at"])
    record(access, "agenda.circulated", meeting=meeting.title, date=meeting_label(meeting))

    notifications.meeting_event(meeting, "agenda.circulated")
    return meeting


@transaction.atomic
def carry_forward(
    *, access: Access, meeting_id: int, today: dt.date | None = None
) -> Meeting | None:
    """Carry this meeting's unfinished items, and the overdue open actions of its series or
    body, to the next occurrence's agenda, each marked as carried. Running it again carries
    nothing twice."""
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    target = next_occurrence(meeting)
    if target is None:
        return None
    today = today or timezone.localdate()
    # Items marked unfinished in the minutes, and items never dealt with unless the next
    # agenda already has one of the same title (the series' template items are on every one).
    on_target = {t.lower() for t in target.items.values_list("title", flat=True)}
    unfinished = [
        i
        for i in meeting.items.filter(
            state__in=[ItemState.ON_AGENDA, ItemState.UNFINISHED]
        ).exclude(carried_to__meeting=target)
        if i.state == ItemState.UNFINISHED or i.title.lower() not in on_target
    ]
    scope: dict[str, int | None] = (
        {"meeting__series_id": meeting.series_id}
        if meeting.series_id
        else {"meeting__body_id": meeting.body_id}
    )
    already = set(
        target.items.filter(carried_action__isnull=False).values_list(
            "carried_action_id", flat=True
        )
    )
    overdue = [
        a
        for a in access.scope(ActionItem)
        .filter(status=ActionStatus.OPEN, due_on__lt=today, **scope)
        .order_by("due_on", "pk")
        if a.pk not in already
    ]
    pos = _next_position(target)
    new = []
    for item in unfinished:
        new.append(
            AgendaItem(
                collaborative=access.collaborative,
                meeting=target,
                position=pos,
                title=item.title,
                purpose=item.purpose,
                note=item.note,
                minutes_allotted=item.minutes_allotted,
                owner_id=item.owner_id,
                owner_organisation_id=item.owner_organisation_id,
                indicator_id=item.indicator_id,
                activity_id=item.activity_id,
                link_label=item.link_label,
                link_url=item.link_url,
                carried_from=item,
            )
        )
        pos += 1
    for action in overdue:
        new.append(
            AgendaItem(
                collaborative=access.collaborative,
                meeting=target,
                position=pos,
                title=_("Overdue action: %(title)s") % {"title": action.title},
                purpose=Purpose.DISCUSSION,
                owner_id=action.owner_id,
                owner_organisation_id=action.organisation_id,
                carried_action=action,
            )
        )
        pos += 1
    AgendaItem.objects.bulk_create(new)
    meeting.items.filter(pk__in=[i.pk for i in unfinished]).update(state=ItemState.UNFINISHED)
    meeting.carried_forward_at = timezone.now()
    meeting.save(update_fields=["carried_forward_at"])
    record(
        access,
        "agenda.carried",
        items=len(unfinished),
        actions=len(overdue),
        date=meeting_label(target),
    )
    return target

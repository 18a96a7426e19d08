"""Writes of meetings: scheduling (one-off and series), invitees, agenda items and proposals,
carry-forward. Minutes, decisions and action items are in their own modules
(`minutes.py`, `decisions.py`, `actions.py`) re-exported here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Activity, GovernanceBody
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.collaboratives.models import Membership
from braid.core.errors import ConflictError, FieldProblem, ServiceError, raise_problems
from braid.measures.models import Indicator
from braid.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Frequency,
    Gathering,
    ItemState,
    Meeting,
    MeetingStatus,
    Purpose,
    Series,
)
from braid.meetings.selectors import next_occurrence
from braid.meetings.timing import aware as _aware
from braid.meetings.timing import local_date, occurrences, rrule_for, zone_of
from braid.partners.models import Organisation, PartnerStatus

vocabulary(
    {
        "series.scheduled": gettext_lazy(
            "Meeting series “%(title)s” scheduled: %(meetings)s meetings from %(first)s"
        ),
        "meeting.scheduled": gettext_lazy("Meeting “%(title)s” scheduled on %(date)s"),
        "meeting.changed": gettext_lazy("Meeting “%(title)s” of %(date)s changed (%(scope)s)"),
        "meeting.cancelled": gettext_lazy("Meeting “%(title)s” of %(date)s cancelled (%(scope)s)"),
        "meeting.invitees": gettext_lazy(
            "Invitees of “%(title)s” of %(date)s: %(organisations)s organisations, %(people)s people"
        ),
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

MAX_OCCURRENCES = 120


def _label(meeting: Meeting) -> str:
    return local_date(meeting).isoformat()


def _check_times(
    day: dt.date | None, start: dt.time | None, end: dt.time | None, problems: list[FieldProblem]
) -> None:
    if day is None:
        problems.append(FieldProblem("date", _("Give the date of the meeting (YYYY-MM-DD).")))
    if start is None:
        problems.append(
            FieldProblem("start_time", _("Give the time the meeting starts, e.g. 09:30."))
        )
    if end is None:
        problems.append(FieldProblem("end_time", _("Give the time the meeting ends, e.g. 11:00.")))
    if start is not None and end is not None and end <= start:
        problems.append(
            FieldProblem(
                "end_time",
                _("The meeting ends (%(end)s) before it starts (%(start)s): give a later end time.")
                % {"end": end.strftime("%H:%M"), "start": start.strftime("%H:%M")},
            )
        )


def _title(title: str, problems: list[FieldProblem], field: str = "title") -> str:
    title = (title or "").strip()
    if not title:
        problems.append(FieldProblem(field, _("Give a title, e.g. “Steering committee”.")))
    return title[:300]


def _body(access: Access, gathering: str, body_id: int | None, problems: list[FieldProblem]) -> Any:
    if gathering not in Gathering.values:
        problems.append(
            FieldProblem(
                "gathering", _("Choose a governance body, all partners or a community forum.")
            )
        )
        return None
    if gathering != Gathering.BODY:
        if body_id:
            problems.append(
                FieldProblem("body_id", _("Only a meeting of a governance body names a body."))
            )
        return None
    if not body_id:
        problems.append(FieldProblem("body_id", _("Choose the governance body that meets.")))
        return None
    body = access.scope(GovernanceBody).filter(pk=body_id).first()
    if body is None:
        problems.append(
            FieldProblem(
                "body_id",
                _(
                    "Governance body %(id)s is not one of this collaborative's: choose one of its bodies."
                )
                % {"id": body_id},
            )
        )
    return body


def _members(
    access: Access, user_ids: Iterable[int], field: str
) -> tuple[list[Any], list[FieldProblem]]:
    wanted = sorted(set(user_ids))
    found = {
        m.user_id: m.user
        for m in access.scope(Membership).filter(user_id__in=wanted).select_related("user")
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        return list(found.values()), [
            FieldProblem(
                field,
                _(
                    "Not members of this collaborative: %(ids)s. Invite them to the collaborative first."
                )
                % {"ids": ", ".join(map(str, missing))},
            )
        ]
    return [found[i] for i in wanted], []


def _url(value: str, problems: list[FieldProblem]) -> str:
    value = (value or "").strip()
    if value and not value.startswith(("https://", "http://")):
        problems.append(
            FieldProblem(
                "video_url",
                _("The video link must start with https://, e.g. https://meet.example.org/abc."),
            )
        )
    return value[:500]


def _default_invitees(access: Access, gathering: str, body: Any) -> list[Organisation]:
    if gathering == Gathering.BODY and body is not None:
        return list(body.member_organisations.all())
    if gathering == Gathering.ALL_PARTNERS:
        return list(access.scope(Organisation).filter(status=PartnerStatus.PARTNER))
    return []


def _invite(
    access: Access,
    organisation_ids: list[int] | None,
    user_ids: list[int] | None,
    problems: list[FieldProblem],
) -> tuple[list[Organisation] | None, list[Any]]:
    orgs: list[Organisation] | None = None
    if organisation_ids is not None:
        orgs, p = access.owned(
            Organisation,
            organisation_ids,
            field="organisation_ids",
            message=_("Organisations not in this collaborative: %(ids)s."),
        )
        problems.extend(p)
    users, p2 = _members(access, user_ids or [], "user_ids")
    problems.extend(p2)
    return orgs, users


@transaction.atomic
def meeting_schedule(
    *,
    access: Access,
    title: str,
    date: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    gathering: str = Gathering.BODY,
    body_id: int | None = None,
    place: str = "",
    video_url: str = "",
    organisation_ids: list[int] | None = None,
    user_ids: list[int] | None = None,
) -> Meeting:
    """A one-off meeting. Invitees default to the body's member organisations (or every
    partner for a meeting of all partners)."""
    access.require_manage()
    problems: list[FieldProblem] = []
    title = _title(title, problems)
    body = _body(access, gathering, body_id, problems)
    _check_times(date, start_time, end_time, problems)
    video_url = _url(video_url, problems)
    orgs, users = _invite(access, organisation_ids, user_ids, problems)
    raise_problems(problems)
    assert date and start_time and end_time
    zone = zone_of(access.collaborative)
    meeting = Meeting.objects.create(
        collaborative=access.collaborative,
        gathering=gathering,
        body=body,
        title=title,
        starts_at=_aware(date, start_time, zone),
        ends_at=_aware(date, end_time, zone),
        time_zone=zone,
        place=(place or "").strip()[:300],
        video_url=video_url,
    )
    meeting.invited_organisations.set(
        orgs if orgs is not None else _default_invitees(access, gathering, body)
    )
    meeting.invited_users.set(users)
    record(access, "meeting.scheduled", title=title, date=date.isoformat())

    notifications.meeting_event(meeting, "meeting.scheduled")
    return meeting


@transaction.atomic
def series_schedule(
    *,
    access: Access,
    title: str,
    frequency: str,
    date: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    count: int | None,
    gathering: str = Gathering.BODY,
    body_id: int | None = None,
    place: str = "",
    video_url: str = "",
    organisation_ids: list[int] | None = None,
    user_ids: list[int] | None = None,
    template: list[str] | None = None,
) -> Series:
    """A series: `count` meetings by the rule, each at the same wall-clock time in the
    collaborative's time zone, each with the template agenda's items."""
    access.require_manage()
    problems: list[FieldProblem] = []
    title = _title(title, problems)
    body = _body(access, gathering, body_id, problems)
    _check_times(date, start_time, end_time, problems)
    video_url = _url(video_url, problems)
    if frequency not in Frequency.values:
        problems.append(FieldProblem("frequency", _("Choose how often the meetings repeat.")))
    if count is None or not 1 <= count <= MAX_OCCURRENCES:
        problems.append(
            FieldProblem(
                "count",
                _("Give how many meetings to schedule, from 1 to %(max)s.")
                % {"max": MAX_OCCURRENCES},
            )
        )
    orgs, users = _invite(access, organisation_ids, user_ids, problems)
    items = [t.strip()[:300] for t in (template or []) if t and t.strip()]
    raise_problems(problems)
    assert date and start_time and end_time and count
    zone = zone_of(access.collaborative)
    rule = rrule_for(frequency, date, count)
    series = Series.objects.create(
        collaborative=access.collaborative,
        title=title,
        gathering=gathering,
        body=body,
        frequency=frequency,
        rrule=rule,
        first_date=date,
        start_time=start_time,
        end_time=end_time,
        count=count,
        time_zone=zone,
        place=(place or "").strip()[:300],
        video_url=video_url,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            collaborative=access.collaborative, series=series, template=True, position=i, title=t
        )
        for i, t in enumerate(items, start=1)
    )
    invitees = orgs if orgs is not None else _default_invitees(access, gathering, body)
    meetings = []
    for n, when in enumerate(occurrences(rule, date, start_time), start=1):
        meetings.append(
            Meeting(
                collaborative=access.collaborative,
                series=series,
                sequence=n,
                gathering=gathering,
                body=body,
                title=title,
                starts_at=_aware(when.date(), start_time, zone),
                ends_at=_aware(when.date(), end_time, zone),
                time_zone=zone,
                place=series.place,
                video_url=video_url,
            )
        )
    Meeting.objects.bulk_create(meetings)
    meetings = list(series.meetings.order_by("sequence"))
    through_o = Meeting.invited_organisations.through
    through_u = Meeting.invited_users.through
    through_o.objects.bulk_create(
        through_o(meeting_id=m.pk, organisation_id=o.pk) for m in meetings for o in invitees
    )
    through_u.objects.bulk_create(
        through_u(meeting_id=m.pk, user_id=u.pk) for m in meetings for u in users
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(collaborative=access.collaborative, meeting=m, position=i, title=t)
        for m in meetings
        for i, t in enumerate(items, start=1)
    )
    record(access, "series.scheduled", title=title, meetings=len(meetings), first=date.isoformat())

    if meetings:
        notifications.meeting_event(
            meetings[0], "series.scheduled", series=series, meeting_ids=[m.pk for m in meetings]
        )
    return series


def _check_version(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise ConflictError(
            _(
                "Someone changed this meeting since you opened it: reload the page to see their changes."
            ),
            current={"version": meeting.version, "title": meeting.title},
        )


@transaction.atomic
def meeting_update(
    *,
    access: Access,
    meeting_id: int,
    scope: str = "occurrence",
    version: int | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str | None = None,
    video_url: str | None = None,
) -> Meeting:
    """Change one occurrence (`scope="occurrence"`: it is then detached from the series) or this
    and every later occurrence not changed on its own (`scope="series"`; the date of a series'
    meetings follows the rule, so a new date applies to one occurrence only)."""
    access.require_manage()
    meeting = access.get_owned(Meeting.objects.select_for_update(), pk=meeting_id)
    _check_version(meeting, version)
    problems: list[FieldProblem] = []
    if scope not in ("occurrence", "series"):
        problems.append(FieldProblem("scope", _("Choose this occurrence or the whole series.")))
    if scope == "series" and meeting.series_id is None:
        problems.append(FieldProblem("scope", _("This meeting is not part of a series.")))
    zone = meeting.time_zone
    local = meeting.starts_at.astimezone(ZoneInfo(zone))
    day = date or local.date()
    start = start_time or local.time().replace(tzinfo=None)
    end = end_time or meeting.ends_at.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None)
    _check_times(day, start, end, problems)
    if scope == "series" and date is not None and date != local.date():
        problems.append(
            FieldProblem(
                "date",
                _(
                    "A new date applies to this occurrence only: choose “this occurrence”, or keep the date."
                ),
            )
        )
    new_title = _title(title, problems) if title is not None else meeting.title
    new_video = _url(video_url, problems) if video_url is not None else meeting.video_url
    new_place = (place or "").strip()[:300] if place is not None else meeting.place
    raise_problems(problems)
    if scope == "occurrence":
        targets = [meeting]
        meeting.detached = meeting.series_id is not None
    else:
        targets = list(
            Meeting.objects.filter(
                series_id=meeting.series_id, sequence__gte=meeting.sequence, detached=False
            ).exclude(pk=meeting.pk)
        )
        targets.insert(0, meeting)
        series = meeting.series
        assert series is not None
        series.start_time, series.end_time = start, end
        series.place, series.video_url, series.title = new_place, new_video, new_title
        series.save()
    now = timezone.now()
    for m in targets:
        m_day = day if m.pk == meeting.pk else local_date(m)
        m.starts_at = _aware(m_day, start, zone)
        m.ends_at = _aware(m_day, end, zone)
        m.title, m.place, m.video_url = new_title, new_place, new_video
        m.version += 1
        m.updated_at = now
        m.save()
    record(access, "meeting.changed", title=new_title, date=day.isoformat(), scope=scope)

    notifications.meeting_event(meeting, "meeting.changed", meeting_ids=[m.pk for m in targets])
    return meeting


@transaction.atomic
def meeting_cancel(*, access: Access, meeting_id: int, scope: str = "occurrence") -> int:
    """Cancel one occurrence or this and every later one of its series; returns how many."""
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    if scope == "series" and meeting.series_id:
        qs = Meeting.objects.filter(series_id=meeting.series_id, sequence__gte=meeting.sequence)
    else:
        qs = Meeting.objects.filter(pk=meeting.pk)
    qs = qs.exclude(status=MeetingStatus.CANCELLED)
    ids = list(qs.values_list("pk", flat=True))
    n = qs.update(  # a new version: calendars replace the entry (SEQUENCE grows)
        status=MeetingStatus.CANCELLED, updated_at=timezone.now(), version=F("version") + 1
    )
    record(access, "meeting.cancelled", title=meeting.title, date=_label(meeting), scope=scope)

    notifications.meeting_event(meeting, "meeting.cancelled", meeting_ids=ids)
    return n


@transaction.atomic
def meeting_invitees_set(
    *, access: Access, meeting_id: int, organisation_ids: list[int], user_ids: list[int]
) -> Meeting:
    access.require_manage()
    meeting = access.get_owned(Meeting, pk=meeting_id)
    problems: list[FieldProblem] = []
    orgs, users = _invite(access, organisation_ids, user_ids, problems)
    raise_problems(problems)
    meeting.invited_organisations.set(orgs or [])
    meeting.invited_users.set(users)
    record(
        access,
        "meeting.invitees",
        title=meeting.title,
        date=_label(meeting),
        organisations=len(orgs or []),
        people=len(users),
    )
    return meeting


# --- Agenda -------------------------------------------------------------------------------


def _item_fields(
    access: Access,
    problems: list[FieldProblem],
    *,
    purpose: str,
    minutes_allotted: int | None,
    owner_id: int | None,
    owner_organisation_id: int | None,
    indicator_id: int | None,
    activity_id: int | None,
) -> dict[str, Any]:
    if purpose not in Purpose.values:
        problems.append(FieldProblem("purpose", _("Choose information, discussion or decision.")))
    if minutes_allotted is not None and not 1 <= minutes_allotted <= 600:
        problems.append(
            FieldProblem("minutes_allotted", _("Give the time allotted in minutes, from 1 to 600."))
        )
    owner = None
    if owner_id:
        found, p = _members(access, [owner_id], "owner_id")
        problems.extend(p)
        owner = found[0] if found else None
    org = None
    if owner_organisation_id:
        org = access.scope(Organisation).filter(pk=owner_organisation_id).first()
        if org is None:
            problems.append(
                FieldProblem(
                    "owner_organisation_id", _("That organisation is not in this collaborative.")
                )
            )
    indicator = None
    if indicator_id:
        indicator = access.scope(Indicator).filter(pk=indicator_id).first()
        if indicator is None:
            problems.append(
                FieldProblem("indicator_id", _("That indicator is not in this collaborative."))
            )
    activity = None
    if activity_id:
        activity = access.scope(Activity).filter(pk=activity_id).first()
        if activity is None:
            problems.append(
                FieldProblem("activity_id", _("That activity is not in this collaborative."))
            )
    return {
        "purpose": purpose,
        "minutes_allotted": minutes_allotted,
        "owner": owner,
        "owner_organisation": org,
        "indicator": indicator,
        "activity": activity,
    }


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
    title = _title(title, problems)
    fields = _item_fields(
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
    record(access, "item.added", item=title, meeting=meeting.title, date=_label(meeting))
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
    title = _title(title, problems)
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
    record(access, "item.proposed", item=title, meeting=found.title, date=_label(found))
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
    title: str,
    purpose: str,
    note: str = "",
    minutes_allotted: int | None = None,
    owner_id: int | None = None,
    owner_organisation_id: int | None = None,
    indicator_id: int | None = None,
    activity_id: int | None = None,
    position: int | None = None,
) -> AgendaItem:
    access.require_manage()
    item = access.get_owned(AgendaItem, pk=item_id)
    problems: list[FieldProblem] = []
    title = _title(title, problems)
    fields = _item_fields(
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
    item.title, item.note = title, (note or "").strip()
    for k, v in fields.items():
        setattr(item, k, v)
    if position is not None:
        item.position = position
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
    record(access, "item.moved", item=item.title, date=_label(meeting))
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
    record(access, "agenda.circulated", meeting=meeting.title, date=_label(meeting))

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
        date=_label(target),
    )
    return target


# The other write modules (their audit phrases are declared there; importing them here lets
# the audit vocabulary's discovery, which reads every app's `services`, find them).
from braid.meetings import actions as actions  # noqa: E402
from braid.meetings import calendar as calendar  # noqa: E402
from braid.meetings import decisions as decisions  # noqa: E402
from braid.meetings import minutes as minutes  # noqa: E402
from braid.meetings import notifications as notifications  # noqa: E402

"""Calendar invitations attached to meeting e-mails (RFC 5546 iTIP).

A line about a meeting (scheduled, changed, cancelled) carries the meeting's id; when the
e-mail goes out, the meeting is read as it is then and attached as an `.ics`: METHOD:REQUEST
for a live meeting, METHOD:CANCEL for a cancelled one, with the same UID as the calendar feeds
(so a calendar program updates the entry it already has) and SEQUENCE the meeting's version
(it grows with every change and with the cancellation). The description is worded in the
recipient's language (the caller holds `translation.override`).
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from braid.meetings.models import Meeting, MeetingStatus

MEETING_ACTIONS = frozenset(
    {"meeting.scheduled", "meeting.changed", "meeting.cancelled", "series.scheduled"}
)


def event_uid(meeting: Meeting, slug: str) -> str:
    """The one UID of a meeting, in feeds, "Add to calendar" and invitations."""
    return f"meeting-{meeting.pk}@{slug}.braid"


def meetings_of(lines: Iterable[Any]) -> list[Meeting]:
    """The meetings an e-mail's lines are about (`details["meeting_ids"]`), once each, as they
    are now."""
    ids = {
        int(pk)
        for n in lines
        if n.action in MEETING_ACTIONS
        for pk in n.details.get("meeting_ids", [])
    }
    if not ids:
        return []
    return list(
        Meeting.objects.filter(pk__in=ids)
        .select_related("collaborative")
        .order_by("starts_at", "pk")
    )


def invitation(meetings: list[Meeting], attendee: str, method: str) -> bytes:
    """The .ics for one recipient: METHOD:REQUEST (the meetings as they are) or CANCEL."""
    from icalendar import Calendar, vCalAddress

    from braid.meetings.calendar import event_for

    cal = Calendar()
    cal.add("prodid", "-//Braid//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    organiser = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "braid@localhost"
    for m in meetings:
        event = event_for(m, m.collaborative.slug, words=True)
        event.add("organizer", vCalAddress(f"mailto:{organiser}"))
        who = vCalAddress(f"mailto:{attendee}")
        who.params["ROLE"] = "REQ-PARTICIPANT"
        who.params["RSVP"] = "FALSE"
        event.add("attendee", who)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def attach(message: Any, lines: list[Any], attendee: str) -> None:
    """Attach the invitation for the live meetings these lines are about, and the
    cancellation for the cancelled ones (one file each kind)."""
    meetings = meetings_of(lines)
    for method, name, group in (
        ("REQUEST", _("invitation"), [m for m in meetings if m.status != MeetingStatus.CANCELLED]),
        ("CANCEL", _("cancellation"), [m for m in meetings if m.status == MeetingStatus.CANCELLED]),
    ):
        if group:
            message.attach(
                f"{name}.ics",
                invitation(group, attendee, method),
                f'text/calendar; method={method}; charset="utf-8"',
            )

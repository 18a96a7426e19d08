"""iCalendar: a member's private feed of the meetings they are invited to, a body's feed, and
one meeting's "Add to calendar" file.

Feeds are reached by a secret token (only its SHA-256 digest is stored), revocable; they
carry the meetings' time zone as a VTIMEZONE (wall-clock times stay put across daylight-saving
changes), a link back to each meeting, its video link, and cover a bounded window (WINDOW_BACK
before today to WINDOW_AHEAD after).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import GovernanceBody
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.collaboratives.models import Membership
from braid.core.errors import ServiceError
from braid.meetings.invitations import event_uid
from braid.meetings.models import CalendarFeed, Meeting, MeetingStatus

vocabulary(
    {
        "feed.created": gettext_lazy("Calendar feed created: %(what)s"),
        "feed.revoked": gettext_lazy("Calendar feed revoked: %(what)s"),
    }
)

WINDOW_BACK = dt.timedelta(days=92)
WINDOW_AHEAD = dt.timedelta(days=366)
FEED_CACHE_SECONDS = 24 * 3600


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _what(feed: CalendarFeed) -> str:
    return feed.body.name if feed.body_id and feed.body else _("my meetings")


@transaction.atomic
def feed_create(*, access: Access, body_id: int | None = None) -> tuple[CalendarFeed, str]:
    """A new feed token (shown once): the member's own meetings, or one body's."""
    body = None
    if body_id:
        body = access.scope(GovernanceBody).filter(pk=body_id).first()
        if body is None:
            raise ServiceError.on("body_id", _("That body is not in this collaborative."))
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        collaborative=access.collaborative,
        user=None if body else access.user,
        body=body,
        digest=_digest(secret),
        created_by=access.user,
    )
    record(access, "feed.created", what=_what(feed))
    return feed, secret


@transaction.atomic
def feed_revoke(*, access: Access, feed_id: int) -> CalendarFeed:
    feed = access.get_owned(CalendarFeed.objects.select_related("body"), pk=feed_id)
    if feed.created_by_id != access.user.pk:
        access.require_manage()
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    record(access, "feed.revoked", what=_what(feed))
    return feed


def feed_by_token(slug: str, secret: str) -> CalendarFeed | None:
    """The live feed for a token, or None (unknown, revoked, or its member gone)."""
    feed = (
        CalendarFeed.objects.filter(
            digest=_digest(secret), collaborative__slug=slug, revoked_at__isnull=True
        )
        .select_related("collaborative", "body", "user")
        .first()
    )
    if feed is None:
        return None
    if (
        feed.user_id
        and not Membership.objects.filter(
            collaborative_id=feed.collaborative_id, user_id=feed.user_id
        ).exists()
    ):
        return None
    return feed


def invited_meetings(collaborative_id: int, user_id: int) -> QuerySet[Meeting]:
    orgs = Membership.objects.filter(
        collaborative_id=collaborative_id, user_id=user_id, organisation__isnull=False
    ).values("organisation_id")
    return (
        Meeting.objects.filter(collaborative_id=collaborative_id)
        .filter(Q(invited_users__id=user_id) | Q(invited_organisations__id__in=orgs))
        .distinct()
    )


def feed_meetings(feed: CalendarFeed, now: dt.datetime | None = None) -> list[Meeting]:
    now = now or timezone.now()
    qs: QuerySet[Meeting]
    if feed.body_id:
        qs = Meeting.objects.filter(collaborative_id=feed.collaborative_id, body_id=feed.body_id)
    else:
        assert feed.user_id is not None
        qs = invited_meetings(feed.collaborative_id, feed.user_id)
    return list(
        qs.filter(starts_at__gte=now - WINDOW_BACK, starts_at__lte=now + WINDOW_AHEAD)
        .select_related("collaborative")
        .order_by("starts_at", "pk")
    )


def _fingerprint(meetings: list[Meeting], name: str, slug: str) -> str:
    """Everything `to_ics` reads, hashed: a feed's cached body is reused only while none of it
    has changed (a meeting edited, cancelled, moved in or out of the window or the invitation)."""
    parts = [settings.SITE_URL, name, slug] + [
        "|".join(
            str(v)
            for v in (
                m.pk,
                m.version,
                m.updated_at.isoformat(),
                m.starts_at.isoformat(),
                m.ends_at.isoformat(),
                m.time_zone,
                m.title,
                m.place,
                m.video_url,
                m.status,
            )
        )
        for m in meetings
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def feed_body(feed: CalendarFeed, name: str, slug: str) -> bytes:
    """A feed's iCalendar text. Serialising is the cost (icalendar builds every line), so the
    body is cached under the fingerprint of what it is made from: one query either way."""
    meetings = feed_meetings(feed)
    key = f"meetings:feed:{feed.pk}:{_fingerprint(meetings, name, slug)}"
    body = cache.get(key)
    if body is None:
        body = to_ics(meetings, name, slug)
        cache.set(key, body, FEED_CACHE_SECONDS)
    return bytes(body)


def event_for(m: Meeting, slug: str, *, words: bool = False) -> Any:
    """One meeting as a VEVENT, in its own time zone; `words`: the description says what each
    link is, in the active language (e-mails), rather than bare links (feeds)."""
    from icalendar import Event

    zone = ZoneInfo(m.time_zone)
    link = f"{settings.SITE_URL}/c/{slug}/meetings/{m.pk}/"
    event = Event()
    event.add("uid", event_uid(m, slug))
    event.add("dtstamp", m.updated_at)
    event.add("sequence", m.version)
    event.add("dtstart", m.starts_at.astimezone(zone))
    event.add("dtend", m.ends_at.astimezone(zone))
    event.add("summary", m.title)
    event.add("url", link)
    lines = [_("Meeting page: %(url)s") % {"url": link} if words else link]
    if m.video_url:
        lines.insert(0, _("Video link: %(url)s") % {"url": m.video_url} if words else m.video_url)
        event.add("x-video-url", m.video_url)
    event.add("description", "\n".join(lines))
    if m.place or m.video_url:
        event.add("location", m.place or m.video_url)
    event.add("status", "CANCELLED" if m.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def to_ics(meetings: Iterable[Meeting], name: str, slug: str) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Braid//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for m in meetings:
        cal.add_component(event_for(m, slug))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def feeds_of(access: Access) -> list[CalendarFeed]:
    return list(
        access.scope(CalendarFeed)
        .filter(created_by=access.user, revoked_at__isnull=True)
        .select_related("body")
        .order_by("pk")
    )


def feed_url(slug: str, secret: str) -> str:
    return f"{settings.SITE_URL}/c/{slug}/meetings/calendar/{secret}.ics"


def meeting_file(meeting: Meeting) -> bytes:
    return to_ics([meeting], meeting.title, meeting.collaborative.slug)

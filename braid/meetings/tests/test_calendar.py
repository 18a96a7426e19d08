"""iCalendar feeds, parsed with the icalendar package: VTIMEZONE, wall-clock times across a
daylight-saving change, link back, video link, bounded window, revocable tokens that reveal
nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.meetings import calendar
from braid.meetings.tests.factories import make_body, make_series


def _events(body: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return list(cal.walk("VEVENT"))


def test_personal_feed_across_dst(collaborative, organisation, steward, partner, partner_client):  # type: ignore[no-untyped-def]
    """Monthly 9:30 meetings from February to April 2026 in Toronto (clocks go forward on
    8 March): every event is 9:30 local, 14:30 then 13:30 UTC."""
    body = make_body(collaborative, organisation)
    make_series(
        steward,
        collaborative,
        body,
        date=dt.date(2026, 2, 10),
        count=3,
        video_url="https://meet.example.org/sc",
    )
    feed, secret = calendar.feed_create(access=access_for(partner, "riverside"))
    now = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    ics = calendar.to_ics(calendar.feed_meetings(feed, now), "x", "riverside")
    cal = icalendar.Calendar.from_ical(ics)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Toronto"]
    events = _events(ics)
    starts = [e.decoded("dtstart") for e in events]
    assert [(s.hour, s.minute) for s in starts] == [(9, 30)] * 3
    assert [s.astimezone(dt.UTC).hour for s in starts] == [14, 13, 13]
    assert all(str(s.tzinfo) in ("America/Toronto",) or s.utcoffset() for s in starts)
    e = events[0]
    assert "https://meet.example.org/sc" in str(e["description"])
    assert str(e["url"]).endswith(f"/c/riverside/meetings/{e['uid'].split('-')[1].split('@')[0]}/")
    # the feed by its address, without login
    r = Client().get(reverse("meetings:calendar_feed", args=["riverside", secret]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")


def test_window_revocation_and_wrong_tokens(
    collaborative, other_collaborative, organisation, steward
):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    make_series(steward, collaborative, body, date=dt.date(2024, 1, 9), count=48)  # 2024–2027
    feed, secret = calendar.feed_create(access=access_for(steward, "riverside"), body_id=body.pk)
    now = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    days = [
        e.decoded("dtstart").date()
        for e in _events(calendar.to_ics(calendar.feed_meetings(feed, now), "x", "riverside"))
    ]
    assert days[0] == dt.date(2025, 11, 11) and days[-1] == dt.date(
        2027, 1, 12
    )  # 92 days back (the 14 October meeting is out), 366 ahead
    url = reverse("meetings:calendar_feed", args=["riverside", secret])
    assert Client().get(url).status_code == 200
    assert (
        Client().get(reverse("meetings:calendar_feed", args=["elsewhere", secret])).status_code
        == 404
    )
    assert (
        Client()
        .get(reverse("meetings:calendar_feed", args=["riverside", secret[:-2] + "xx"]))
        .status_code
        == 404
    )
    calendar.feed_revoke(access=access_for(steward, "riverside"), feed_id=feed.pk)
    r = Client().get(url)
    assert r.status_code == 404 and b"BEGIN:VCALENDAR" not in r.content


def test_add_to_calendar_file(collaborative, organisation, steward, steward_client):  # type: ignore[no-untyped-def]
    series = make_series(steward, collaborative, make_body(collaborative, organisation), count=1)
    m = series.meetings.get()
    r = steward_client.get(reverse("meetings:ics", args=["riverside", m.pk]))
    (event,) = _events(r.content)
    assert event.decoded("dtstart") == dt.datetime(
        2026, 1, 13, 9, 30, tzinfo=ZoneInfo("America/Toronto")
    )


def test_feed_body_is_cached_until_a_meeting_changes(
    collaborative, organisation, steward, partner, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    """The feed's text is kept under a fingerprint of what it is made of: the same request
    reuses it, and an edit, a cancellation or a new meeting shows at once."""
    from django.utils import timezone

    from braid.meetings import services
    from braid.meetings.tests.factories import make_meeting

    body = make_body(collaborative, organisation)
    soon = timezone.localdate() + dt.timedelta(days=14)
    meeting = make_meeting(steward, collaborative, body, date=soon, title="Steering")
    feed, _secret = calendar.feed_create(access=access_for(steward, "riverside"), body_id=body.pk)
    first = calendar.feed_body(feed, "Steering", "riverside")
    with django_assert_num_queries(1):
        assert calendar.feed_body(feed, "Steering", "riverside") == first
    s = access_for(steward, "riverside")
    services.meeting_update(access=s, meeting_id=meeting.pk, title="Steering, moved")
    [event] = _events(calendar.feed_body(feed, "Steering", "riverside"))
    assert str(event["summary"]) == "Steering, moved"
    services.meeting_cancel(access=s, meeting_id=meeting.pk)
    [event] = _events(calendar.feed_body(feed, "Steering", "riverside"))
    assert str(event["status"]) == "CANCELLED"
    make_meeting(steward, collaborative, body, date=soon + dt.timedelta(days=7), title="Next")
    assert len(_events(calendar.feed_body(feed, "Steering", "riverside"))) == 2

"""Notifications: preferences per kind, changes merged within minutes, digests, the
recipient's language, and nothing lost when the broker is down."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from braid.collaboratives.access import access_for
from braid.meetings import notifications, services
from braid.meetings.models import Notification
from braid.meetings.tests.factories import make_body, make_meeting


def test_immediate_changes_are_merged_and_sent_once(
    collaborative, organisation, steward, partner, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    notifications.preferences_save(
        access=access_for(partner, "riverside"), chosen={"meeting.scheduled": "immediate"}
    )
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    s = access_for(steward, "riverside")
    services.meeting_update(access=s, meeting_id=meeting.pk, place="Room 1")
    services.meeting_update(access=s, meeting_id=meeting.pk, place="Room 2")
    line = Notification.objects.get(user=partner)
    assert line.changes == 3 and line.action == "meeting.changed"
    mail.outbox.clear()
    assert notifications.send_pending(timezone.now()) == 0  # not quiet yet
    assert notifications.send_pending(timezone.now() + dt.timedelta(minutes=6)) == 1
    (email,) = mail.outbox
    assert email.to == [partner.email] and "3 changes in a few minutes, merged" in email.body
    assert notifications.send_pending(timezone.now() + dt.timedelta(minutes=7)) == 0


def test_daily_digest_in_the_recipients_language(collaborative, organisation, steward, partner):  # type: ignore[no-untyped-def]
    partner.preferred_language = "fr"
    partner.save()
    make_meeting(steward, collaborative, make_body(collaborative, organisation))
    line = Notification.objects.get(user=partner)
    assert line.frequency == "daily"
    mail.outbox.clear()
    # created "now"; the digest of the next morning (07:00 Toronto) carries it
    at = timezone.now() + dt.timedelta(days=1, hours=1)
    assert notifications.send_pending(at) == 1
    (email,) = mail.outbox
    assert "Réunion « Steering committee » planifiée le 2026-03-10" in email.body
    assert "Bonjour" in email.body


def test_none_means_none(collaborative, organisation, steward, partner):  # type: ignore[no-untyped-def]
    notifications.preferences_save(
        access=access_for(partner, "riverside"), chosen={"meeting.scheduled": "none"}
    )
    make_meeting(steward, collaborative, make_body(collaborative, organisation))
    assert not Notification.objects.filter(user=partner).exists()


def _calendars(email):  # type: ignore[no-untyped-def]
    import icalendar

    out = []
    for name, content, mimetype in email.attachments:
        assert name.endswith(".ics") and mimetype.startswith("text/calendar; method=")
        out.append(icalendar.Calendar.from_ical(content))
    return out


def test_invitations_carry_an_ics_request_then_cancel(
    collaborative, organisation, steward, partner
):  # type: ignore[no-untyped-def]
    """Scheduled: METHOD:REQUEST with the feed's UID; changed: the same UID, a higher
    SEQUENCE; cancelled: METHOD:CANCEL. Worded in each recipient's language."""
    from braid.meetings import calendar

    partner.preferred_language = "fr"
    partner.save()
    later = timezone.now() + dt.timedelta(days=8)
    meeting = make_meeting(
        steward,
        collaborative,
        make_body(collaborative, organisation),
        video_url="https://meet.example.org/sc",
        user_ids=[steward.pk],
    )
    notifications.send_pending(later)
    (email,) = [m for m in mail.outbox if partner.email in m.to]
    (cal,) = _calendars(email)
    (event,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST"
    feed_uid = calendar.event_for(meeting, "riverside")["uid"]
    assert str(event["uid"]) == str(feed_uid) and event["sequence"] == 1
    assert "Lien vidéo\u00a0: https://meet.example.org/sc" in str(event["description"])
    assert str(event["attendee"]) == f"mailto:{partner.email}"
    s = access_for(steward, "riverside")
    services.meeting_update(access=s, meeting_id=meeting.pk, place="Room 2")
    mail.outbox.clear()
    notifications.send_pending(later + dt.timedelta(days=1))
    (email,) = [m for m in mail.outbox if partner.email in m.to]
    (event,) = _calendars(email)[0].walk("VEVENT")
    assert str(event["uid"]) == str(feed_uid) and event["sequence"] == 2
    assert str(event["location"]) == "Room 2"
    services.meeting_cancel(access=s, meeting_id=meeting.pk)
    mail.outbox.clear()
    notifications.send_pending(later + dt.timedelta(days=2))
    by_lang = {m.to[0]: m for m in mail.outbox}
    for who, words in ((partner.email, "Page de la réunion"), (steward.email, "Meeting page")):
        (cal,) = _calendars(by_lang[who])
        (event,) = cal.walk("VEVENT")
        assert str(cal["METHOD"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert event["sequence"] == 3 and words in str(event["description"])


def test_lines_not_about_a_meeting_carry_no_attachment(collaborative, steward, partner):  # type: ignore[no-untyped-def]
    from braid.meetings import actions

    actions.action_create(
        access=access_for(steward, "riverside"), title="Call", owner_id=partner.pk
    )
    mail.outbox.clear()
    notifications.send_pending(force=True)
    (email,) = [m for m in mail.outbox if partner.email in m.to]
    assert email.attachments == []

"""The agenda's notice period: the body's rules of procedure say how many days before a
meeting its agenda goes out; the steward sees the circulate-by date, a late agenda is flagged,
and circulating it tells the invitees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from braid.agenda.governance import services as governance
from braid.collaboratives.access import access_for
from braid.core.errors import ServiceError
from braid.meetings import services, timing
from braid.meetings.models import Meeting, Notification
from braid.meetings.tests.factories import make_body, make_meeting


def _with_rules(collaborative, organisation, steward, days):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    rules = governance.rules_save(
        access=access_for(steward, "riverside"),
        name="SC rules",
        decision_method="consensus",
        agenda_notice_days=days,
    )
    body.rules = rules
    body.save()
    return body


def test_circulate_by_date_and_late_flag(collaborative, organisation, steward, steward_client):  # type: ignore[no-untyped-def]
    body = _with_rules(collaborative, organisation, steward, 7)
    meeting = make_meeting(steward, collaborative, body, date=dt.date(2026, 3, 10))
    meeting = Meeting.objects.select_related("body__rules").get(pk=meeting.pk)
    on_time = timing.agenda_notice(meeting, today=dt.date(2026, 3, 3))
    assert on_time is not None and on_time.due_on == dt.date(2026, 3, 3) and not on_time.late
    late = timing.agenda_notice(meeting, today=dt.date(2026, 3, 4))
    assert late is not None and late.late and not late.circulated
    # circulated on 5 March: recorded as late for good, whatever today is
    meeting.agenda_circulated_at = dt.datetime(2026, 3, 5, 15, tzinfo=dt.UTC)
    sent = timing.agenda_notice(meeting, today=dt.date(2026, 1, 1))
    assert sent is not None and sent.late and sent.circulated
    # no notice period in the rules: no date, nothing flagged
    body.rules.agenda_notice_days = None
    body.rules.save()
    assert timing.agenda_notice(Meeting.objects.get(pk=meeting.pk)) is None


def test_steward_sees_it_on_the_meeting_and_the_list(
    collaborative, organisation, steward, steward_client
):  # type: ignore[no-untyped-def]
    body = _with_rules(collaborative, organisation, steward, 7)
    soon = timezone.localdate() + dt.timedelta(days=3)  # due out four days ago: late
    meeting = make_meeting(steward, collaborative, body, date=soon)
    page = steward_client.get(reverse("meetings:detail", args=["riverside", meeting.pk]))
    text = page.content.decode()
    assert "Due out by" in text and "7 days before, under the rules of procedure" in text
    assert "late" in text
    listing = steward_client.get(reverse("meetings:list", args=["riverside"])).content.decode()
    assert "agenda late" in listing
    steward_client.cookies["django_language"] = "fr"
    fr = steward_client.get(
        reverse("meetings:detail", args=["riverside", meeting.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Due out by" not in fr


def test_circulating_tells_the_invitees(collaborative, organisation, steward, partner):  # type: ignore[no-untyped-def]
    body = _with_rules(collaborative, organisation, steward, 7)
    meeting = make_meeting(steward, collaborative, body)
    s = access_for(steward, "riverside")
    services.agenda_item_add(access=s, meeting_id=meeting.pk, title="Welcome")
    services.agenda_circulate(access=s, meeting_id=meeting.pk)
    assert Notification.objects.filter(user=partner, action="agenda.circulated").exists()


def test_notice_period_out_of_range_is_refused(collaborative, steward):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as e:
        governance.rules_save(
            access=access_for(steward, "riverside"),
            name="SC rules",
            decision_method="consensus",
            agenda_notice_days=400,
        )
    assert e.value.problems[0].field == "agenda_notice_days"

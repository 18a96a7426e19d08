"""Minutes, decisions, actions, calendars: another collaborative's steward gets 404 and
changes nothing; a partner page, an indicator and an activity show the chain back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui
from braid.measures.models import Indicator
from braid.meetings import actions, calendar, decisions, minutes
from braid.meetings.tests.factories import make_body, make_meeting


@pytest.fixture
def records(collaborative, organisation, steward, partner):  # type: ignore[no-untyped-def]
    s = access_for(steward, "riverside")
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    minutes.attendance_record(
        access=s, meeting_id=meeting.pk, lines=[minutes.Line("present", user_id=partner.pk)]
    )
    minutes.minutes_save(access=s, meeting_id=meeting.pk, text="Draft")
    minutes.minutes_circulate(access=s, meeting_id=meeting.pk)
    comment = minutes.minutes_comment(
        access=access_for(partner, "riverside"), meeting_id=meeting.pk, text="x", amendment=True
    )
    indicator = Indicator.objects.create(
        collaborative=collaborative, code="served", name="Young people served"
    )
    activity = make_activity(collaborative, lead=organisation)
    decision = decisions.decision_record(
        access=s,
        title="Fund the outreach worker",
        method="consensus",
        meeting_id=meeting.pk,
        indicator_ids=[indicator.pk],
        activity_ids=[activity.pk],
        dissenting_ids=[organisation.pk],
    )
    action = actions.action_create(
        access=s, title="Hire the worker", owner_id=partner.pk, decision_id=decision.pk
    )
    feed, _secret = calendar.feed_create(access=s)
    return {
        "pk": meeting.pk,
        "comment": comment.pk,
        "decision": decision.pk,
        "action": action.pk,
        "feed": feed.pk,
        "indicator": indicator.pk,
        "activity": activity.pk,
        "org": organisation.pk,
    }


UI = [
    ("get", "meetings:attendance", "pk", {}),
    ("post", "meetings:attendance", "pk", {"status_o1": "present"}),
    ("get", "meetings:minutes_edit", "pk", {}),
    ("post", "meetings:minutes_edit", "pk", {"text": "x", "version": 1}),
    ("post", "meetings:minutes_comment", "pk", {"text": "x"}),
    ("get", "meetings:minutes_correct", "pk", {}),
    ("get", "meetings:minutes_pdf", "pk", {}),
    ("get", "meetings:ics", "pk", {}),
    ("get", "meetings:decision", "decision", {}),
    ("post", "meetings:decision_revoke", "decision", {"reason": "x"}),
    ("get", "meetings:action", "action", {}),
    ("post", "meetings:action", "action", {"status": "done", "text": "x"}),
    ("post", "meetings:action_archive", "action", {}),
    ("post", "meetings:calendar_revoke", "feed", {}),
]


@pytest.mark.parametrize(("method", "name", "key", "data"), UI)
def test_outsider_ui(outsider_client, records, method, name, key, data):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client, method, reverse(name, args=["riverside", records[key]]), data
    )


def test_outsider_steps(outsider_client, records):  # type: ignore[no-untyped-def]
    for step in ("circulate", "approve", "freeze"):
        url = reverse("meetings:minutes_step", args=["riverside", records["pk"], step])
        assert_outsider_ui(outsider_client, "post", url)
    url = reverse("meetings:amendment", args=["riverside", records["comment"], "accept"])
    assert_outsider_ui(outsider_client, "post", url)


def test_outsider_api(outsider, records):  # type: ignore[no-untyped-def]
    headers = bearer(outsider)
    base = "/api/v1/collaboratives/riverside"
    m, d, a = records["pk"], records["decision"], records["action"]
    for method, url, body in [
        ("get", f"{base}/meetings/{m}/minutes", None),
        ("put", f"{base}/meetings/{m}/attendance", {"lines": []}),
        ("put", f"{base}/meetings/{m}/minutes", {"text": "x"}),
        ("post", f"{base}/meetings/{m}/minutes/step", {"step": "approve"}),
        ("post", f"{base}/meetings/{m}/minutes/comments", {"text": "x"}),
        ("post", f"{base}/amendments/{records['comment']}/decide", {"accept": True}),
        ("post", f"{base}/meetings/{m}/minutes/corrections", {"text": "x", "reason": "y"}),
        ("get", f"{base}/decisions", None),
        ("get", f"{base}/decisions/{d}", None),
        ("post", f"{base}/decisions/{d}/revoke", {"reason": "x"}),
        ("post", f"{base}/decisions", {"title": "x", "method": "consensus"}),
        ("get", f"{base}/actions/{a}", None),
        ("post", f"{base}/actions/{a}/updates", {"text": "x"}),
        ("post", f"{base}/actions/{a}/archive", {}),
        ("get", f"{base}/my-actions", None),
        ("delete", f"{base}/calendar-feeds/{records['feed']}", None),
    ]:
        assert_outsider_api(Client(), headers, method, url, body)


def test_the_chain_back_from_results(records, steward_client, partner_client):  # type: ignore[no-untyped-def]
    """The indicator and the activity show the decision and the action aimed at them; the
    partner's page its attendance, the decision it dissented from and its open action."""
    for url in (
        reverse("measures:indicator", args=["riverside", records["indicator"]]),
        reverse("agenda:activity", args=["riverside", records["activity"]]),
    ):
        page = steward_client.get(url).content.decode()
        assert "Decisions and actions aimed at it" in page
        assert "Fund the outreach worker" in page and "Hire the worker" in page
    page = steward_client.get(
        reverse("partners:detail", args=["riverside", records["org"]])
    ).content.decode()
    assert "Attendance over 12 months: 100 %" in page
    assert "Dissented from D-1 Fund the outreach worker" in page and "Hire the worker" in page
    page = steward_client.get(
        reverse("meetings:decision", args=["riverside", records["decision"]])
    ).content.decode()
    assert "Young people served" in page and "Hire the worker" in page

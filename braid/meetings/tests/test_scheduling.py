"""Scheduling meetings and series, changing one occurrence or the whole series, the agenda
(items, partner proposals, backlog) and carry-forward."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.core.testing import table_counts
from braid.meetings import services
from braid.meetings.models import ActionItem, AgendaItem, ItemState, Meeting
from braid.meetings.tests.factories import make_body, make_meeting, make_series

API = "/api/v1/collaboratives/riverside"
TORONTO = ZoneInfo("America/Toronto")


def _local(m: Meeting) -> dt.datetime:
    return m.starts_at.astimezone(TORONTO)


def test_monthly_series_keeps_wall_clock_across_dst(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """Second Tuesday of each month, 9:30 in Toronto: 14:30 UTC in winter, 13:30 UTC after
    the clocks go forward on 8 March 2026."""
    body = make_body(collaborative, organisation)
    series = make_series(steward, collaborative, body, template=["Welcome", "Actions review"])
    meetings = list(series.meetings.order_by("sequence"))
    assert [_local(m).date() for m in meetings] == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
    ]
    assert {(_local(m).hour, _local(m).minute) for m in meetings} == {(9, 30)}
    assert [m.starts_at.astimezone(dt.UTC).hour for m in meetings] == [14, 14, 13, 13]
    assert series.rrule == "FREQ=MONTHLY;INTERVAL=1;COUNT=4;BYDAY=+2TU"
    # the template agenda is on every meeting; invitees default to the body's members
    assert [i.title for i in meetings[2].items.order_by("position")] == [
        "Welcome",
        "Actions review",
    ]
    assert list(meetings[0].invited_organisations.all()) == [organisation]


def test_bad_schedules_are_refused_whole(
    collaborative, other_collaborative, steward, steward_client
):  # type: ignore[no-untyped-def]
    body = make_body(collaborative)
    foreign = make_body(other_collaborative, name="Their committee")
    stranger = OrganisationFactory(collaborative=other_collaborative, name="Elsewhere Org")
    headers = bearer(steward)
    before = table_counts()
    page = steward_client.post(
        reverse("meetings:series_new", args=["riverside"]),
        {
            "title": "Steering committee",
            "gathering": "body",
            "body_id": body.pk,
            "frequency": "monthly",
            "date": "2026-01-13",
            "start_time": "11:00",
            "end_time": "09:30",
            "count": "4",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "The meeting ends (09:30) before it starts (11:00)" in text
    assert 'value="Steering committee"' in text  # what was typed is kept
    body_json = {
        "title": "SC",
        "date": "2026-01-13",
        "start_time": "09:30",
        "end_time": "11:00",
        "body_id": foreign.pk,
        "organisation_ids": [stranger.pk],
    }
    r = Client().post(API + "/meetings", body_json, content_type="application/json", **headers)
    assert r.status_code == 400
    fields = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert "not one of this collaborative's" in fields["body_id"]
    assert str(stranger.pk) in fields["organisation_ids"]
    r = Client().post(
        API + "/meetings",
        {**body_json, "body_id": body.pk, "organisation_ids": [], "start_time": "9h30"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 422
    assert table_counts() == before


def test_change_one_occurrence_or_the_series(collaborative, organisation, steward, steward_client):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    series = make_series(steward, collaborative, body)
    m1, m2, m3, m4 = series.meetings.order_by("sequence")
    access = access_for(steward, "riverside")
    # this occurrence only: the third meeting moves to the Thursday
    services.meeting_update(
        access=access, meeting_id=m3.pk, scope="occurrence", date=dt.date(2026, 3, 12)
    )
    # the whole series from the second one: starts at 10:00, new place
    r = steward_client.post(
        reverse("meetings:edit", args=["riverside", m2.pk]),
        {
            "scope": "series",
            "title": "Steering committee",
            "date": "2026-02-10",
            "start_time": "10:00",
            "end_time": "11:30",
            "place": "City Hall, room 2",
            "video_url": "https://meet.example.org/sc",
            "version": m2.version,
        },
    )
    assert r.status_code == 302
    m1, m2, m3, m4 = Meeting.objects.filter(series=series).order_by("sequence")
    assert (_local(m1).hour, _local(m1).minute) == (9, 30)  # before the change: untouched
    assert (_local(m2).hour, _local(m4).hour) == (10, 10)
    assert m4.place == "City Hall, room 2" and m4.video_url == "https://meet.example.org/sc"
    assert m3.detached and _local(m3).date() == dt.date(2026, 3, 12) and _local(m3).hour == 9
    # a stale version is refused
    with pytest.raises(ServiceError, match="Someone changed this meeting"):
        services.meeting_update(access=access, meeting_id=m2.pk, version=1, place="x")
    # cancelling this and later ones
    assert services.meeting_cancel(access=access, meeting_id=m3.pk, scope="series") == 2


def test_partner_proposes_steward_decides(
    collaborative, organisation, steward, partner, partner_client, viewer
):  # type: ignore[no-untyped-def]
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    r = partner_client.post(
        reverse("meetings:propose", args=["riverside", meeting.pk]),
        {
            "title": "Share referral data",
            "purpose": "discussion",
            "note": "<script>x()</script>**now**",
        },
    )
    assert r.status_code == 302
    item = AgendaItem.objects.get(title="Share referral data")
    assert item.state == ItemState.PROPOSED and item.owner_organisation == organisation
    page = partner_client.get(
        reverse("meetings:detail", args=["riverside", meeting.pk])
    ).content.decode()
    assert "<script>x()" not in page and "<strong>now</strong>" in page
    with pytest.raises(Exception, match="Viewers"):
        services.agenda_item_propose(
            access=access_for(viewer, "riverside"), meeting=meeting, title="x", purpose="discussion"
        )
    # the partner cannot accept its own proposal
    r = partner_client.post(reverse("meetings:item_action", args=["riverside", item.pk, "accept"]))
    assert r.status_code == 403
    services.agenda_item_decide(
        access=access_for(steward, "riverside"), item_id=item.pk, accept=True
    )
    item.refresh_from_db()
    assert item.state == ItemState.ON_AGENDA


def test_proposal_through_the_contract_with_a_link(collaborative, steward):  # type: ignore[no-untyped-def]
    meeting = make_meeting(steward, collaborative)
    item = services.agenda_item_propose(
        access=access_for(steward, "riverside"),
        meeting=meeting,
        title="Pairs that disagree",
        purpose="discussion",
        link=("Network map", "/c/riverside/network/"),
    )
    assert item.state == ItemState.ON_AGENDA  # a steward's goes straight on
    assert (item.link_label, item.link_url) == ("Network map", "/c/riverside/network/")
    with pytest.raises(ServiceError, match="A link is a page"):
        services.agenda_item_propose(
            access=access_for(steward, "riverside"),
            meeting=meeting,
            title="x",
            purpose="discussion",
            link="javascript:alert(1)",
        )


def test_unfinished_items_and_overdue_actions_carry_forward_once(
    collaborative, organisation, steward
):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    series = make_series(steward, collaborative, body, template=["Welcome"])
    m1, m2, *_ = series.meetings.order_by("sequence")
    access = access_for(steward, "riverside")
    done = services.agenda_item_add(access=access, meeting_id=m1.pk, title="Budget")
    done.state = ItemState.DONE
    done.save()
    services.agenda_item_add(access=access, meeting_id=m1.pk, title="Data sharing")
    ActionItem.objects.create(
        collaborative=collaborative,
        meeting=m1,
        title="Draft the protocol",
        due_on=dt.date(2026, 1, 31),
        organisation=organisation,
    )
    ActionItem.objects.create(
        collaborative=collaborative, meeting=m1, title="Not yet due", due_on=dt.date(2026, 6, 1)
    )
    target = services.carry_forward(access=access, meeting_id=m1.pk, today=dt.date(2026, 2, 5))
    assert target == m2
    titles = [
        (i.title, bool(i.carried_from_id or i.carried_action_id))
        for i in m2.items.order_by("position")
    ]
    assert titles == [
        ("Welcome", False),  # the template's: not carried again
        ("Data sharing", True),
        ("Overdue action: Draft the protocol", True),
    ]
    services.carry_forward(access=access, meeting_id=m1.pk, today=dt.date(2026, 2, 5))
    assert m2.items.count() == 3  # nothing carried twice


def test_pages_in_french(collaborative, organisation, steward, steward_client):  # type: ignore[no-untyped-def]
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    steward_client.cookies["django_language"] = "fr"
    for url in (
        reverse("meetings:list", args=["riverside"]),
        reverse("meetings:detail", args=["riverside", meeting.pk]),
        reverse("meetings:series_new", args=["riverside"]),
    ):
        page = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Réunions" in page or "réunion" in page, url
    page = steward_client.get(
        reverse("meetings:detail", args=["riverside", meeting.pk])
    ).content.decode()
    assert "Ordre du jour" in page and "10 mars 2026" in page


def test_deleting_a_body_keeps_its_meetings(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """The fuzzer found a 500: a body with meetings could not be deleted (PROTECT). The
    meetings are history: they stay, without the body."""
    body = make_body(collaborative, organisation)
    series = make_series(steward, collaborative, body, count=2)
    r = Client().delete(f"{API}/bodies/{body.pk}", **bearer(steward))
    assert r.status_code == 204
    assert series.meetings.count() == 2 and not series.meetings.filter(body__isnull=False).exists()

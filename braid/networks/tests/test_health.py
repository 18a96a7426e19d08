"""Collaboration health: signals with their definitions, what needs attention, and who sees
another partner's weak spots (the disclosure policy's sees_weak_spots_of)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.networks.models import HealthSharing


@pytest.fixture
def plan(collaborative, organisation):
    """The partner persona's organisation leads one late activity; another partner leads one
    on track."""
    other = OrganisationFactory(collaborative=collaborative, name="Parks")
    make_activity(
        collaborative,
        organisation,
        title="Late",
        status="under_way",
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 30),
    )
    make_activity(
        collaborative,
        other,
        title="Fine",
        status="under_way",
        start=dt.date(2020, 1, 1),
        end=dt.date(2099, 1, 1),
    )
    return organisation, other


def url(c):
    return reverse("networks:health", args=[c.slug])


def test_steward_sees_every_partner_with_definitions(steward_client, collaborative, plan):
    own, other = plan
    response = steward_client.get(url(collaborative))
    health = response.context["health"]
    names = {p.name for p in health.partners}
    assert {own.name, other.name} <= names
    by = {p.name: p for p in health.partners}
    signal = {s.key: s for s in by[own.name].signals}["activities"]
    assert signal.value == "0 of 1" and signal.weak
    assert "1 of the activities it leads are stalled or past their end." in by[own.name].attention
    overall = {s.key: s for s in health.overall}
    assert overall["activities"].value == "1 of 2"
    body = response.content.decode()
    assert "the share neither stalled nor past its end" in body


def test_partner_sees_only_its_own(partner_client, collaborative, plan):
    own, _other = plan
    health = partner_client.get(url(collaborative)).context["health"]
    assert [p.name for p in health.partners] == [own.name]
    assert health.hidden_partners >= 1


def test_viewer_sees_the_collaborative_until_the_stewards_share(
    viewer_client, steward_client, collaborative, plan
):
    body = viewer_client.get(url(collaborative)).content.decode()
    health = viewer_client.get(url(collaborative)).context["health"]
    assert health.partners == [] and health.overall
    assert "Late" not in body
    assert viewer_client.post(url(collaborative), {"shared": "1"}).status_code == 403
    assert steward_client.post(url(collaborative), {"shared": "1"}).status_code == 302
    assert HealthSharing.objects.get().shared
    health = viewer_client.get(url(collaborative)).context["health"]
    assert {p.name for p in health.partners} >= {plan[0].name, plan[1].name}


def test_empty_collaborative(steward_client, collaborative):
    body = steward_client.get(url(collaborative)).content.decode()
    assert "Nothing to measure yet" in body


def test_attendance_and_open_actions_come_from_meetings_with_their_trend(
    steward_client, viewer_client, collaborative, organisation, steward
):
    """Health's organisation was expected at two recorded meetings in the last six months and
    came to one (50 %); in the six months before, at both of two (100 %): down. It owns two
    open actions today, one overdue; three months ago one of them was already open."""
    from braid.meetings.models import ActionItem, Attendance
    from braid.meetings.tests.factories import make_body, make_meeting

    today = timezone.localdate()
    body = make_body(collaborative, organisation)
    for months, status in ((1, "present"), (2, "absent"), (7, "present"), (8, "present")):
        m = make_meeting(steward, collaborative, body, date=today - dt.timedelta(days=30 * months))
        Attendance.objects.create(
            collaborative=collaborative,
            meeting=m,
            organisation=organisation,
            status=status,
            name="x",
        )
    long_ago = timezone.now() - dt.timedelta(days=200)
    ActionItem.objects.create(
        collaborative=collaborative,
        title="Share the data",
        organisation=organisation,
        due_on=today - dt.timedelta(days=3),
        created_at=long_ago,
    )
    ActionItem.objects.create(collaborative=collaborative, title="New", organisation=organisation)
    response = steward_client.get(url(collaborative))
    health = response.context["health"]
    own = {p.name: p for p in health.partners}[organisation.name]
    signals = {s.key: s for s in own.signals}
    assert signals["attendance"].value == "50 %"
    assert (signals["attendance"].trend, signals["attendance"].trend_words) == (
        "down",
        "down from 100 %",
    )
    assert signals["attendance"].source == reverse("meetings:list", args=[collaborative.slug])
    assert signals["actions"].value == "2 open, 1 overdue"
    assert (signals["actions"].trend, signals["actions"].trend_words) == (
        "up",
        "1 three months ago",
    )
    assert signals["actions"].weak
    assert "It comes to meetings less often than before." in own.attention
    assert "1 of its action items are past their due date." in own.attention
    overall = {s.key: s for s in health.overall}
    assert overall["actions"].value == "2 open, 1 overdue"
    body = response.content.decode()
    assert "once it records them" not in body
    assert "the share someone of it attended" in body
    # A viewer sees the collaborative's figures, not this partner's weak spots.
    viewer = viewer_client.get(url(collaborative)).context["health"]
    assert viewer.partners == []
    assert {s.key for s in viewer.overall} >= {"attendance", "actions"}


def lesson_from(c, **q):
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return reverse("networks:lesson_new", args=[c.slug]) + f"?kind=lesson&from=signal&{query}"


def test_a_health_signal_becomes_a_lesson(steward_client, collaborative, plan):
    from braid.networks.models import LogEntry

    own, _other = plan
    body = steward_client.get(url(collaborative)).content.decode()
    assert f"from=signal&amp;signal=activities&amp;partner={own.pk}" in body
    assert 'from=signal&amp;signal=activities"' in body  # the collaborative's own signal
    response = steward_client.get(lesson_from(collaborative, signal="activities", partner=own.pk))
    initial = response.context["form"].initial
    assert initial["title"] == f"Activities on track · {own.name}"
    assert initial["what_happened"].startswith(f"Activities on track · {own.name}: 0 of 1.")
    response = steward_client.post(
        lesson_from(collaborative, signal="activities", partner=own.pk),
        {
            "title": initial["title"],
            "happened_on": initial["happened_on"].isoformat(),
            "what_happened": initial["what_happened"],
            "do_differently": "Review stalled activities monthly.",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.source_url == url(collaborative) + f"#partner-{own.pk}"
    assert entry.source_label == f"Collaboration health · Activities on track · {own.name}"
    overall = steward_client.get(lesson_from(collaborative, signal="activities"))
    assert overall.context["form"].initial["title"] == "Activities on track"
    assert steward_client.get(lesson_from(collaborative, signal="nothing")).status_code == 404


def test_a_partner_learns_from_its_own_signals_only(partner_client, collaborative, plan):
    own, other = plan
    assert (
        partner_client.get(
            lesson_from(collaborative, signal="activities", partner=own.pk)
        ).status_code
        == 200
    )
    # Another partner's weak spots are not the partner's to see, so not a source either.
    assert (
        partner_client.get(
            lesson_from(collaborative, signal="activities", partner=other.pk)
        ).status_code
        == 404
    )


def test_viewer_has_no_lesson_links_on_health(viewer_client, collaborative, plan):
    assert "Add as a lesson" not in viewer_client.get(url(collaborative)).content.decode()


def _file_whose(client, c):  # type: ignore[no-untyped-def]
    """The first column of each row of the health download: whose signal it is."""
    import csv
    import io

    answer = client.get(url(c), {"format": "csv"})
    assert answer.status_code == 200
    return [r[0] for r in csv.reader(io.StringIO(answer.content.decode("utf-8-sig")))][1:]


def test_each_readers_health_file_holds_the_partners_their_page_shows(
    steward_client, partner_client, viewer_client, collaborative, plan
):
    own, other = plan
    whole = "The collaborative as a whole"
    steward, partner = (
        _file_whose(steward_client, collaborative),
        _file_whose(partner_client, collaborative),
    )
    viewer = _file_whose(viewer_client, collaborative)
    assert {whole, own.name, other.name} <= set(steward)
    assert set(partner) == {whole, own.name}  # its own health, never another partner's
    assert set(viewer) == {whole}
    page = viewer_client.get(url(collaborative)).content.decode()
    assert len(viewer) == page.count("data-signal=")

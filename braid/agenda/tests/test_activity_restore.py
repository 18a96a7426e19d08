"""A removed activity can be brought back for 30 days: gone from the plan, the API, the export,
the meetings that link it (agenda items, action items), the lessons log and the objectives'
counts until restored, with its milestones; offered as "Undo" right after removal and on the
stewards' "Recently removed" list; partners and outsiders restore nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from braid.agenda import export
from braid.agenda.models import Activity, Milestone, Responsibility
from braid.agenda.selectors import gaps
from braid.agenda.tests.factories import make_activity, make_objective
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.core.testing import table_digest
from braid.meetings import actions, agenda_items
from braid.meetings.tests.factories import make_meeting
from braid.networks import services as network_services

API = "/api/v1/collaboratives/{slug}/activities"
TITLE = "Homework club at the library"


@pytest.fixture
def linked(collaborative, steward, organisation):  # type: ignore[no-untyped-def]
    """An activity with a milestone and a RACI cell, linked from a meeting's agenda item, an
    action item and a win."""
    access = access_for(steward, collaborative.slug)
    objective = make_objective(collaborative, title="Raise grade 9 pass rates")
    activity = make_activity(collaborative, lead=organisation, title=TITLE)
    activity.objectives.set([objective])
    Milestone.objects.create(
        collaborative=collaborative,
        activity=activity,
        title="First term",
        due_on=dt.date(2026, 4, 1),
    )
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=organisation, role="R"
    )
    meeting = make_meeting(steward, collaborative)
    agenda_items.agenda_item_add(
        access=access, meeting_id=meeting.pk, title="Club review", activity_id=activity.pk
    )
    action = actions.action_create(
        access=access,
        title="Book the room",
        organisation_id=organisation.pk,
        activity_id=activity.pk,
    )
    network_services.entry_add(
        access=access,
        kind="win",
        title="Forty pupils came",
        happened_on=dt.date.today(),
        visibility="members",
        activity_ids=[activity.pk],
    )
    return {
        "activity": activity,
        "meeting": meeting,
        "action": action,
        "objective": objective,
        "steward": steward,
    }


def _seen(client: Client, collaborative, linked) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    slug = collaborative.slug
    plan = client.get(reverse("agenda:plan", args=[slug])).content.decode()
    listed = client.get(API.format(slug=slug)).json()["items"]
    meeting = reverse("meetings:detail", args=[slug, linked["meeting"].pk])
    action = reverse("meetings:action", args=[slug, linked["action"].pk])
    lessons = client.get(reverse("networks:lessons", args=[slug])).content.decode()
    sheets = {name: rows for name, _h, rows in export._sheets(collaborative.pk)}
    meeting_api = client.get(f"/api/v1/collaboratives/{slug}/meetings/{linked['meeting'].pk}")
    return {
        "plan": TITLE in plan.split("data-recently-removed")[0],
        "api": any(a["title"] == TITLE for a in listed),
        "meeting": TITLE in client.get(meeting).content.decode(),
        "meeting api": any(i["activity_id"] for i in meeting_api.json()["items"]),
        "action": TITLE in client.get(action).content.decode(),
        "lessons log": TITLE in lessons,
        "export": any(r[1] == TITLE for r in sheets["Activities"]),
        "export milestones": bool(sheets["Milestones"]),
        "export raci": bool(sheets["Responsibilities"]),
        "objective served": linked["objective"] not in gaps(access_for(linked["steward"], slug)),
    }


def test_removed_then_undone_from_the_message(steward_client, collaborative, linked):
    assert all(_seen(steward_client, collaborative, linked).values())
    pk = linked["activity"].pk
    remove = reverse("agenda:activity_delete", args=[collaborative.slug, pk])
    page = steward_client.post(remove, follow=True).content.decode()
    restore = reverse("agenda:activity_restore", args=[collaborative.slug, pk])
    assert f'action="{restore}"' in page and "Undo" in page
    assert "Recently removed (30 days) · 1" in page
    seen = _seen(steward_client, collaborative, linked)
    assert not any(seen.values()), seen
    detail = reverse("agenda:activity", args=[collaborative.slug, pk])
    assert steward_client.get(detail).status_code == 404
    page = steward_client.post(restore, follow=True).content.decode()
    assert "is back" in page and "First term" in page
    assert all(_seen(steward_client, collaborative, linked).values())
    assert AuditEvent.objects.filter(action="activity.restored").count() == 1


def test_restore_through_the_api(steward_client, collaborative, linked):
    url = API.format(slug=collaborative.slug) + f"/{linked['activity'].pk}"
    assert steward_client.delete(url).status_code == 204
    assert not Activity.objects.exists() and Activity.with_removed.count() == 1
    assert steward_client.get(url).status_code == 404
    assert (
        steward_client.post(
            url + "/milestones",
            {"title": "Late", "due_on": "2026-05-01"},
            content_type="application/json",
        ).status_code
        == 404
    )
    response = steward_client.post(url + "/restore")
    assert response.status_code == 200 and response.json()["title"] == TITLE
    assert steward_client.post(url + "/restore").status_code == 404  # nothing removed any more


def test_past_the_window_it_stays_removed(steward_client, collaborative, linked):
    pk = linked["activity"].pk
    steward_client.delete(API.format(slug=collaborative.slug) + f"/{pk}")
    Activity.with_removed.filter(pk=pk).update(removed_at=timezone.now() - dt.timedelta(days=31))
    page = steward_client.get(reverse("agenda:plan", args=[collaborative.slug]))
    assert "data-recently-removed" not in page.content.decode()
    restore = reverse("agenda:activity_restore", args=[collaborative.slug, pk])
    assert steward_client.post(restore).status_code == 404
    assert not Activity.objects.exists()


def test_partner_sees_no_list_and_restores_nothing(
    partner_client, steward_client, collaborative, linked
):
    pk = linked["activity"].pk
    steward_client.post(reverse("agenda:activity_delete", args=[collaborative.slug, pk]))
    page = partner_client.get(reverse("agenda:plan", args=[collaborative.slug]))
    assert "data-recently-removed" not in page.content.decode()
    restore = reverse("agenda:activity_restore", args=[collaborative.slug, pk])
    assert partner_client.post(restore).status_code == 403
    api = partner_client.post(API.format(slug=collaborative.slug) + f"/{pk}/restore")
    assert api.status_code == 403
    assert not Activity.objects.exists()


def test_outsider_restores_nothing(outsider_client, steward_client, collaborative, linked):
    pk = linked["activity"].pk
    steward_client.post(reverse("agenda:activity_delete", args=[collaborative.slug, pk]))
    before = table_digest()
    page = outsider_client.post(reverse("agenda:activity_restore", args=[collaborative.slug, pk]))
    api = outsider_client.post(
        API.format(slug=collaborative.slug) + f"/{pk}/restore",
        json.dumps({}),
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert table_digest() == before

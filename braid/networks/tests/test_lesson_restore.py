"""A removed lesson or win can be brought back for 30 days: gone from the log, the API and the
public page (which the reports module reads) until restored, offered as "Undo" right after
removal and on the stewards' "Recently removed" list; outsiders restore nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.core.testing import table_digest
from braid.networks import services
from braid.networks.models import LogEntry
from braid.reports import services as report_services

TODAY = dt.date.today()
API = "/api/v1/collaboratives/{slug}/lessons"


@pytest.fixture
def win(collaborative, steward):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    report_services.public_page_save(
        access=access, enabled=True, sections=["stories"], indicator_ids=[]
    )
    entry = services.entry_add(
        access=access,
        kind="win",
        title="First fifty youth referred",
        happened_on=TODAY,
        visibility="public",
        activity_ids=[make_activity(collaborative, title="Mentoring").pk],
    )
    return entry


def _seen(client: Client, collaborative) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    title = "First fifty youth referred"
    page = client.get(reverse("networks:lessons", args=[collaborative.slug]))
    listed = client.get(API.format(slug=collaborative.slug)).json()
    public = Client().get(reverse("public:page", args=[collaborative.slug]))
    return {
        "log": title in page.content.decode().split("data-recently-removed")[0],
        "api": any(e["title"] == title for e in listed),
        "public page": title in public.content.decode(),
    }


def test_removed_then_undone_from_the_message(steward_client, collaborative, win):
    assert all(_seen(steward_client, collaborative).values())
    remove = reverse("networks:lesson_remove", args=[collaborative.slug, win.pk])
    page = steward_client.post(remove, follow=True).content.decode()
    restore = reverse("networks:lesson_restore", args=[collaborative.slug, win.pk])
    assert f'action="{restore}"' in page and "Undo" in page
    assert not any(_seen(steward_client, collaborative).values())
    assert "Recently removed (30 days) · 1" in page
    page = steward_client.post(restore, follow=True).content.decode()
    assert "is back" in page
    assert all(_seen(steward_client, collaborative).values())
    entry = LogEntry.objects.get(pk=win.pk)
    assert [a.title for a in entry.activities.all()] == ["Mentoring"]
    assert AuditEvent.objects.filter(action="win.restored").count() == 1


def test_restore_through_the_api(steward_client, collaborative, win):
    url = API.format(slug=collaborative.slug) + f"/{win.pk}"
    assert steward_client.delete(url).status_code == 204
    assert not LogEntry.objects.exists() and LogEntry.with_removed.count() == 1
    response = steward_client.post(url + "/restore")
    assert response.status_code == 200 and response.json()["title"] == win.title
    again = steward_client.post(url + "/restore")
    assert again.status_code == 404  # nothing removed under that number any more


def test_past_the_window_it_stays_removed(steward_client, collaborative, win):
    steward_client.delete(API.format(slug=collaborative.slug) + f"/{win.pk}")
    LogEntry.with_removed.filter(pk=win.pk).update(
        removed_at=timezone.now() - dt.timedelta(days=31)
    )
    page = steward_client.get(reverse("networks:lessons", args=[collaborative.slug]))
    assert "data-recently-removed" not in page.content.decode()
    restore = reverse("networks:lesson_restore", args=[collaborative.slug, win.pk])
    assert steward_client.post(restore).status_code == 404
    assert not LogEntry.objects.exists()


def test_partner_sees_no_list_and_restores_only_its_own(
    partner_client, steward_client, collaborative, win
):
    steward_client.post(reverse("networks:lesson_remove", args=[collaborative.slug, win.pk]))
    page = partner_client.get(reverse("networks:lessons", args=[collaborative.slug]))
    assert "data-recently-removed" not in page.content.decode()
    restore = reverse("networks:lesson_restore", args=[collaborative.slug, win.pk])
    assert partner_client.post(restore).status_code == 403
    assert not LogEntry.objects.exists()


def test_outsider_restores_nothing(outsider_client, steward_client, collaborative, win):
    steward_client.post(reverse("networks:lesson_remove", args=[collaborative.slug, win.pk]))
    before = table_digest()
    page = outsider_client.post(
        reverse("networks:lesson_restore", args=[collaborative.slug, win.pk])
    )
    api = outsider_client.post(
        API.format(slug=collaborative.slug) + f"/{win.pk}/restore",
        json.dumps({}),
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert table_digest() == before

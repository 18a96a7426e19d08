"""An agenda item carries the version its editor loaded: a second steward's stale save, in the
page or the API, is refused with what they changed and changes nothing; a fresh one goes
through."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer, make_persona
from braid.core.tests.test_concurrency import _form, _form_from_html
from braid.meetings import services
from braid.meetings.models import AgendaItem
from braid.meetings.tests.factories import make_body, make_series


@pytest.fixture
def item(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    meeting = make_series(steward, collaborative, body).meetings.order_by("sequence").first()
    return services.agenda_item_add(
        access=access_for(steward, "riverside"), meeting_id=meeting.pk, title="Budget"
    )


def _second(collaborative):  # type: ignore[no-untyped-def]
    return make_persona(collaborative, "steward", email="second@riverside.example.org")


def test_a_stale_item_form_is_refused_with_their_change_and_keeps_mine(
    steward_client, collaborative, item
):  # type: ignore[no-untyped-def]
    url = reverse("meetings:item_edit", args=["riverside", item.pk])
    mine = _form(steward_client, url)
    other = Client()
    other.force_login(_second(collaborative))
    theirs = _form(other, url)
    theirs["title"] = "Budget 2027"
    assert other.post(url, theirs).status_code == 302

    mine["note"] = "Bring the auditor's letter."
    html = steward_client.post(url, mine).content.decode()
    assert "Someone else saved this while you were editing it (Item)" in html
    assert 'value="Budget 2027"' in html  # theirs, in the field I left alone
    assert "Bring the auditor&#x27;s letter.</textarea>" in html  # mine, kept
    item.refresh_from_db()
    assert (item.title, item.note) == ("Budget 2027", "")

    # Saving again from the refused form keeps both changes.
    assert steward_client.post(url, _form_from_html(html)).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.note) == ("Budget 2027", "Bring the auditor's letter.")


def test_a_fresh_item_form_saves_only_what_its_editor_changed(steward_client, item):  # type: ignore[no-untyped-def]
    url = reverse("meetings:item_edit", args=["riverside", item.pk])
    mine = _form(steward_client, url)
    # A change the version cannot see (not through a service): the form must not revert it.
    AgendaItem.objects.filter(pk=item.pk).update(minutes_allotted=15)
    mine["note"] = "Five minutes each."
    assert steward_client.post(url, mine).status_code == 302
    item.refresh_from_db()
    assert (item.note, item.minutes_allotted, item.version) == ("Five minutes each.", 15, 2)


def test_a_stale_put_is_refused_with_409_and_the_current_values(
    client, collaborative, item, steward
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/riverside/agenda-items/{item.pk}"
    auth = bearer(steward)

    def put(title: str, version: int, who=auth):  # type: ignore[no-untyped-def]
        body = json.dumps({"title": title, "version": version})
        return client.put(url, body, content_type="application/json", **who)

    first = put("Budget A", 1, bearer(_second(collaborative)))
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = put("Budget B", 1)
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Budget A"
    assert stale.json()["current"]["version"] == 2
    item.refresh_from_db()
    assert item.title == "Budget A"
    assert put("Budget B", 2).status_code == 200
    item.refresh_from_db()
    assert item.title == "Budget B"


def test_an_outsider_cannot_change_an_item_even_with_its_version(outsider_client, outsider, item):  # type: ignore[no-untyped-def]
    url = reverse("meetings:item_edit", args=["riverside", item.pk])
    assert (
        outsider_client.post(
            url, {"title": "x", "purpose": "discussion", "version": "1"}
        ).status_code
        == 404
    )
    api = f"/api/v1/collaboratives/riverside/agenda-items/{item.pk}"
    body = json.dumps({"title": "x", "version": 1})
    answer = Client().put(api, body, content_type="application/json", **bearer(outsider))
    assert answer.status_code == 404
    item.refresh_from_db()
    assert item.title == "Budget" and item.version == 1

"""Every meetings route answers another collaborative's steward with 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui
from braid.meetings import services
from braid.meetings.tests.factories import make_body, make_series


@pytest.fixture
def objects(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    series = make_series(steward, collaborative, body)
    meeting = series.meetings.order_by("sequence").first()
    item = services.agenda_item_add(
        access=access_for(steward, "riverside"), meeting_id=meeting.pk, title="Budget"
    )
    return {"pk": meeting.pk, "series": series.pk, "item": item.pk, "body": body.pk}


UI = [
    ("get", "meetings:detail", "pk", {}),
    ("get", "meetings:series", "series", {}),
    ("get", "meetings:edit", "pk", {}),
    (
        "post",
        "meetings:edit",
        "pk",
        {
            "title": "x",
            "date": "2026-01-01",
            "start_time": "09:00",
            "end_time": "10:00",
            "version": 1,
        },
    ),
    ("post", "meetings:cancel", "pk", {}),
    ("post", "meetings:item_add", "pk", {"title": "x", "purpose": "discussion"}),
    ("post", "meetings:propose", "pk", {"title": "x", "purpose": "discussion"}),
    ("post", "meetings:circulate", "pk", {}),
    ("post", "meetings:carry", "pk", {}),
    ("get", "meetings:item_edit", "item", {}),
    ("post", "meetings:item_edit", "item", {"title": "x", "purpose": "discussion"}),
]


@pytest.mark.parametrize(("method", "name", "key", "data"), UI)
def test_outsider_ui(outsider_client, objects, method, name, key, data):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client, method, reverse(name, args=["riverside", objects[key]]), data
    )


@pytest.mark.parametrize("verb", ["accept", "decline", "park", "remove", "bring"])
def test_outsider_item_actions(outsider_client, objects, verb):  # type: ignore[no-untyped-def]
    url = reverse("meetings:item_action", args=["riverside", objects["item"], verb])
    assert_outsider_ui(outsider_client, "post", url, {"meeting_id": objects["pk"]})


def test_outsider_api(outsider, objects):  # type: ignore[no-untyped-def]
    from django.test import Client

    headers = bearer(outsider)
    base = "/api/v1/collaboratives/riverside"
    m, i = objects["pk"], objects["item"]
    for method, url, body in [
        ("get", f"{base}/meetings", None),
        ("get", f"{base}/meetings/{m}", None),
        ("patch", f"{base}/meetings/{m}", {"place": "x"}),
        ("post", f"{base}/meetings/{m}/cancel", {}),
        ("post", f"{base}/meetings/{m}/items", {"title": "x"}),
        ("post", f"{base}/meetings/{m}/proposals", {"title": "x"}),
        ("post", f"{base}/agenda-items/{i}/decide", {"accept": True}),
        ("put", f"{base}/agenda-items/{i}", {"title": "x"}),
        ("delete", f"{base}/agenda-items/{i}", None),
        ("post", f"{base}/meetings/{m}/circulate", None),
        ("post", f"{base}/meetings/{m}/carry-forward", None),
    ]:
        assert_outsider_api(Client(), headers, method, url, body)


def test_own_ids_through_another_collaborative(
    collaborative, other_collaborative, steward, objects
):  # type: ignore[no-untyped-def]
    """A steward of the other collaborative, using its own slug with these ids: 404 too."""
    from braid.collaboratives.testing import make_persona

    theirs = make_persona(other_collaborative, "steward", email="their@example.org")
    from django.test import Client

    client = Client()
    client.force_login(theirs)
    assert (
        client.get(reverse("meetings:detail", args=["elsewhere", objects["pk"]])).status_code == 404
    )
    r = client.post(
        f"/api/v1/collaboratives/elsewhere/meetings/{objects['pk']}/items",
        {"title": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404

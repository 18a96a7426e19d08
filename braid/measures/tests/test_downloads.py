"""The measures lists' downloads hold what their pages show the same reader: the value history
follows the disclosure policy (a partner its own organisation's changes, a viewer none), the
page's filters narrow the file, and the review board is the stewards' alone."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from braid.collaboratives.models import Membership
from braid.demo.seed import load_demo
from braid.partners.models import Organisation


def _client(demo, email):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(Membership.objects.get(collaborative=demo, user__email=email).user)
    return client


def _rows(client, url, **query):  # type: ignore[no-untyped-def]
    answer = client.get(url, {**query, "format": "csv"})
    assert answer.status_code == 200
    return answer.content.decode("utf-8-sig").splitlines()[1:]


def test_the_value_history_downloads_only_the_changes_its_reader_may_read(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo(force=True)
    steward, health, school, viewer = (
        _client(demo, f"{who}@demo.braid") for who in ("steward", "partner", "school", "viewer")
    )
    url = reverse("measures:history", args=[demo.slug])
    every = _rows(steward, url)
    assert every and any("Three visits were counted twice." in r for r in every)
    # The health centre made the change: its own history is its file.
    assert _rows(health, url) == every
    # Another partner, and a viewer, read nobody's trail: the page shows none, nor the file.
    for reader in (school, viewer):
        assert "Three visits" not in reader.get(url).content.decode()
        assert _rows(reader, url) == []
    # The page's filters narrow the file as they narrow the page.
    board = Organisation.objects.get(collaborative=demo, name="Riverside District School Board")
    assert _rows(steward, url, organisation=str(board.pk)) == []
    health_centre = Organisation.objects.get(collaborative=demo, name__contains="Health Centre")
    page = steward.get(url, {"organisation": health_centre.pk}).content.decode()
    assert f"organisation={health_centre.pk}&amp;format=csv" in page
    assert _rows(steward, url, organisation=str(health_centre.pk)) == every


def test_the_review_board_downloads_for_stewards_only(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo(force=True)
    url = reverse("measures:review", args=[demo.slug])
    rows = _rows(_client(demo, "steward@demo.braid"), url)
    assert any(r.startswith("Pathways Employment Services,") and "Submitted" in r for r in rows)
    for who in ("partner", "viewer"):
        answer = _client(demo, f"{who}@demo.braid").get(url, {"format": "csv"})
        assert answer.status_code == 403 and "text/csv" not in answer["Content-Type"]

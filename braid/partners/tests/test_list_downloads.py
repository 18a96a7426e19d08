"""The organisations page downloads its own rows, with its filters, and an organisation's
contacts as its page shows them to the same reader; the whole register stays at `export`."""

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


def _lines(client, url, **query):  # type: ignore[no-untyped-def]
    answer = client.get(url, {**query, "format": "csv"})
    assert answer.status_code == 200
    return answer.content.decode("utf-8-sig").splitlines()


def test_the_organisations_download_keeps_the_pages_search_and_filters(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo(force=True)
    steward, viewer = _client(demo, "steward@demo.braid"), _client(demo, "viewer@demo.braid")
    url = reverse("partners:list", args=[demo.slug])
    every = _lines(steward, url)[1:]
    found = _lines(steward, url, q="Health Centre")[1:]
    assert len(found) == 1 and found[0].startswith("Eastside Community Health Centre,")
    prospects = _lines(steward, url, status="prospect")[1:]
    assert len(prospects) < len(every) and all(",Prospect," in r for r in prospects)
    # The whole register, in the import's columns, is still the stewards' export.
    export = _lines(steward, reverse("partners:export", args=[demo.slug]))
    assert len(export) - 1 >= len(every)
    # The stakeholder scores are the stewards' (the demo's default): not in a viewer's file.
    assert "Influence" in _lines(steward, url)[0] and "Influence" not in _lines(viewer, url)[0]


def test_an_organisations_contacts_download_hides_what_its_page_hides(db) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo(force=True)
    health = Organisation.objects.get(collaborative=demo, name__contains="Health Centre")
    url = reverse("partners:detail", args=[demo.slug, health.pk])
    steward, viewer = _client(demo, "steward@demo.braid"), _client(demo, "viewer@demo.braid")
    assert any("@" in line for line in _lines(steward, url)[1:])
    page = viewer.get(url).content.decode()
    for line in _lines(viewer, url):
        assert "@" not in line and "E-mail" not in line
    assert "mailto:" not in page
    outreach = _lines(steward, url, list="outreach")
    assert outreach[0].startswith("Date,Channel") and len(outreach) > 1

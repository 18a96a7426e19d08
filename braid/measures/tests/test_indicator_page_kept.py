"""An indicator's page is kept until the data changes, per reader and period: a change shows
on the next read, each reader sees their own page, and its forms carry the request's token."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import make_persona
from braid.core.http import CSRF_MARK
from braid.measures.models import Story


def _page(client, collaborative, served, period=None) -> str:  # type: ignore[no-untyped-def]
    url = reverse("measures:indicator", args=[collaborative.slug, served.pk])
    response = client.get(url, {"period": period.pk} if period else {})
    assert response.status_code == 200
    return response.content.decode()


def _story_form(html: str) -> dict[str, str]:
    form = html[html.index("/story/") :]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_a_saved_story_shows_on_the_next_read(steward, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][-1]
    client = Client(enforce_csrf_checks=True)
    client.force_login(steward)
    _page(client, collaborative, served, period)
    html = _page(client, collaborative, served, period)  # the kept page
    assert CSRF_MARK not in html
    data = _story_form(html)
    assert data["csrfmiddlewaretoken"] and data["version"] == "0"
    data |= {"text": "A new youth centre opened in April.", "period": str(period.pk)}
    story_url = reverse("measures:story", args=[collaborative.slug, served.pk])
    assert client.post(story_url, data).status_code == 302  # the kept page's token is good
    html = _page(client, collaborative, served, period)
    assert "A new youth centre opened in April." in html
    assert _story_form(html)["version"] == str(Story.objects.get().version)


def test_each_reader_and_period_has_its_own_page(
    steward_client, viewer_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    served, periods = measures["served"], measures["periods"]
    edit = reverse("measures:indicator_edit", args=[collaborative.slug, served.pk])
    assert edit in _page(steward_client, collaborative, served)
    viewer_html = _page(viewer_client, collaborative, served)
    assert edit not in viewer_html and "/story/" not in viewer_html
    first = _page(viewer_client, collaborative, served, periods[0])
    assert f'<option value="{periods[0].pk}" selected>' in first
    last = _page(viewer_client, collaborative, served, periods[-1])
    assert f'<option value="{periods[-1].pk}" selected>' in last
    other = Client()
    other.force_login(make_persona(collaborative, "viewer", email="second@riverside.example.org"))
    assert _page(other, collaborative, served, periods[0]).count("selected>") == first.count(
        "selected>"
    )
    english = _page(viewer_client, collaborative, served)
    french = viewer_client.get(
        reverse("measures:indicator", args=[collaborative.slug, served.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert "<h2>Par groupe</h2>" in french and "<h2>Objectifs mesurés</h2>" in french
    assert "<h2>By group</h2>" in english and "Par groupe" not in english


def test_an_odd_period_reads_the_latest(viewer_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, periods = measures["served"], measures["periods"]
    url = reverse("measures:indicator", args=[collaborative.slug, served.pk])
    for odd in ("x", "1" * 30, "-1"):
        html = viewer_client.get(url, {"period": odd}).content.decode()
        assert f'<option value="{periods[-1].pk}" selected>' in html

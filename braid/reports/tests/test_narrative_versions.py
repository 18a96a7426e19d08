"""A report's narratives carry the version their writer loaded: one steward's successive
autosaves go through, each answering the next version; a second steward's stale tab (the
autosave, the form without JavaScript, the API) is refused with their text, nothing saved."""

from __future__ import annotations

import html as h
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer, make_persona
from braid.reports import services
from braid.reports.models import Report


@pytest.fixture
def report(collaborative, steward):  # type: ignore[no-untyped-def]
    return services.report_create(
        access=access_for(steward, "riverside"),
        title="Annual report",
        period="2026",
        template="annual",
    )


def _second(collaborative) -> Client:  # type: ignore[no-untyped-def]
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    return other


def _autosave(client, report, text, version, lang="en"):  # type: ignore[no-untyped-def]
    url = reverse("reports:narrative", args=["riverside", report.pk])
    data = {"section": "headline", "lang": lang, "text": text, "version": version}
    return client.post(url, data)


def _loaded(client, report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The builder's narrative form as the browser would send it back untouched."""
    page = client.get(reverse("reports:edit", args=["riverside", report.pk])).content.decode()
    return _loaded_from(page)


def test_one_writers_successive_autosaves_never_clash(steward_client, report):  # type: ignore[no-untyped-def]
    version = _loaded(steward_client, report)["version-narrative-headline"]
    assert version == "0"
    for n, text in enumerate(("Two", "Two hubs", "Two hubs opened."), start=1):
        answer = _autosave(steward_client, report, text, version)
        assert answer.status_code == 200 and answer.json()["version"] == n
        version = answer.json()["version"]
    report.refresh_from_db()
    assert report.narratives["headline"] == "Two hubs opened."
    assert report.version == 1  # the settings form loaded on the same page is not stale


def test_a_second_stewards_stale_tab_is_refused_with_their_text(
    steward_client, collaborative, report
):  # type: ignore[no-untyped-def]
    mine = _loaded(steward_client, report)["version-narrative-headline"]
    other = _second(collaborative)
    theirs = _autosave(other, report, "Three hubs opened.", "0")
    assert theirs.json()["version"] == 1

    refused = _autosave(steward_client, report, "Numbers rose.", mine)
    assert refused.status_code == 409
    body = refused.json()
    assert "Someone else changed this text while you were writing it" in body["detail"]
    assert "Nothing of yours was saved" in body["detail"]
    assert body["current"]["text"] == "Three hubs opened." and body["current"]["version"] == 1
    report.refresh_from_db()
    assert report.narratives["headline"] == "Three hubs opened."
    # The French text is its own: typing it is not refused by the English one's version.
    assert _autosave(steward_client, report, "Le nombre a augmenté.", "0", "fr").status_code == 200


def test_the_form_without_javascript_refuses_a_stale_save_and_keeps_what_was_typed(
    steward_client, collaborative, report
):  # type: ignore[no-untyped-def]
    url = reverse("reports:narrative", args=["riverside", report.pk])
    mine = _loaded(steward_client, report)
    _autosave(_second(collaborative), report, "Three hubs opened.", "0")
    mine["narrative-headline"] = "Numbers rose."
    mine["narrative-agenda"] = "A new agenda."
    refused = steward_client.post(url, mine)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this text while you were writing it" in page
    assert "Numbers rose.</textarea>" in page and "A new agenda.</textarea>" in page
    assert '<blockquote lang="en">Three hubs opened.</blockquote>' in page
    report.refresh_from_db()
    assert report.narratives == {"headline": "Three hubs opened."}  # nothing of mine, at all

    # Sending the refused form again (it now carries their version) is a deliberate choice.
    assert steward_client.post(url, _loaded_from(page)).status_code == 302
    report.refresh_from_db()
    assert report.narratives["headline"] == "Numbers rose."
    assert report.narratives["agenda"] == "A new agenda."


def _loaded_from(page: str) -> dict[str, str]:
    form = page[: page.index("Save the narrative")]
    data = dict(re.findall(r'<input type="hidden" name="(version-[^"]+)" value="([^"]*)"', form))
    for name, text in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        data[name] = h.unescape(text)
    return data


def test_a_stale_api_save_is_refused_with_409_and_their_text(
    client, collaborative, report, steward
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/riverside/reports/{report.pk}/narratives/headline"

    def put(text: str, version: int, who):  # type: ignore[no-untyped-def]
        body = json.dumps({"text": text, "version": version})
        return client.put(url, body, content_type="application/json", **who)

    first = put(
        "Theirs.", 0, bearer(make_persona(collaborative, "steward", email="b@r.example.org"))
    )
    assert first.status_code == 200 and first.json()["narrative_versions"] == {"en:headline": 1}
    stale = put("Mine.", 0, bearer(steward))
    assert stale.status_code == 409
    assert stale.json()["current"] == {
        "text": "Theirs.",
        "section": "headline",
        "lang": "en",
        "version": 1,
    }
    assert Report.objects.get().narratives["headline"] == "Theirs."
    assert put("Mine.", 1, bearer(steward)).status_code == 200
    assert Report.objects.get().narratives["headline"] == "Mine."


def test_an_outsider_cannot_save_a_narrative(outsider_client, outsider, report):  # type: ignore[no-untyped-def]
    assert _autosave(outsider_client, report, "x", "0").status_code == 404
    url = f"/api/v1/collaboratives/riverside/reports/{report.pk}/narratives/headline"
    body = json.dumps({"text": "x", "version": 0})
    answer = Client().put(url, body, content_type="application/json", **bearer(outsider))
    assert answer.status_code == 404
    assert Report.objects.get().narratives == {}

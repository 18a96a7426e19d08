"""The story behind a curve carries the version its writer loaded: a second steward's stale
save is refused with their text shown, nothing is overwritten, and a fresh save goes through."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import make_persona
from braid.measures.models import Story


def _url(collaborative, served):  # type: ignore[no-untyped-def]
    return reverse("measures:story", args=[collaborative.slug, served.pk])


def _loaded(client, collaborative, served, period):  # type: ignore[no-untyped-def]
    """The story form as the page hands it over for one period, untouched."""
    page = reverse("measures:indicator", args=[collaborative.slug, served.pk])
    html = client.get(page, {"period": period.pk}).content.decode()
    form = html[html.index(_url(collaborative, served)) :]
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    data.pop("csrfmiddlewaretoken", None)
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', form, re.S)
    data["text"] = text.group(1).strip() if text else ""
    data["period"] = str(period.pk)
    return data


def test_a_stale_story_is_refused_and_keeps_what_was_typed(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][-1]
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    mine = _loaded(steward_client, collaborative, served, period)
    theirs = _loaded(other, collaborative, served, period)
    assert mine["version"] == "0"  # no story yet
    theirs["text"] = "A new youth centre opened in March."
    assert other.post(_url(collaborative, served), theirs).status_code == 302

    mine["text"] = "Numbers rose after the summer camp."
    refused = steward_client.post(_url(collaborative, served), mine)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this while you were editing it (Story behind the curve)" in html
    assert "now “A new youth centre opened in March.”" in html
    assert "Numbers rose after the summer camp.</textarea>" in html  # what I typed is kept
    assert Story.objects.get().text == "A new youth centre opened in March."

    # Saving again from the refused page (now carrying their version) replaces it, knowingly.
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    again.pop("csrfmiddlewaretoken", None)
    again |= {"text": mine["text"], "period": str(period.pk)}
    assert steward_client.post(_url(collaborative, served), again).status_code == 302
    story = Story.objects.get()
    assert story.text == "Numbers rose after the summer camp." and story.version == 2


def test_a_fresh_story_replaces_the_one_loaded(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][0]
    first = _loaded(steward_client, collaborative, served, period)
    first["text"] = "First draft."
    assert steward_client.post(_url(collaborative, served), first).status_code == 302
    second = _loaded(steward_client, collaborative, served, period)
    assert second["text"] == "First draft." and second["version"] == "1"
    second["text"] = "Second draft."
    assert steward_client.post(_url(collaborative, served), second).status_code == 302
    assert Story.objects.get().text == "Second draft."


def test_an_outsider_cannot_write_a_story(outsider_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][0]
    data = {"period": period.pk, "text": "x", "version": "0"}
    assert outsider_client.post(_url(collaborative, served), data).status_code == 404
    assert not Story.objects.exists()

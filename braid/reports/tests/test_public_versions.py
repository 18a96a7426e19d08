"""The public page's choices carry the version their steward loaded: a second steward's stale
save is refused with what they changed, nothing of it saved; a fresh save keeps only what its
steward changed."""

from __future__ import annotations

import html as h
import re

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import make_persona
from braid.measures.tests.factories import indicator
from braid.reports.models import PublicPage


@pytest.fixture
def served(collaborative, organisation):  # type: ignore[no-untyped-def]
    return indicator(collaborative, "served", [organisation], name="Young people served")


def _url() -> str:
    return reverse("reports:public_settings", args=["riverside"])


def _fields(page: str) -> dict[str, list[str]]:
    """The form as the browser would send it back untouched: ticked boxes only."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data.setdefault(name.group(1), []).append(h.unescape(value.group(1) if value else "on"))
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = [h.unescape(text.strip())]
    return data


def _second(collaborative) -> Client:  # type: ignore[no-untyped-def]
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    return other


def test_a_stale_save_of_the_public_page_is_refused_and_keeps_mine(
    steward_client, collaborative, served
):  # type: ignore[no-untyped-def]
    first = _fields(steward_client.get(_url()).content.decode())
    assert steward_client.post(_url(), first).status_code == 302  # the page exists, off
    assert PublicPage.objects.get().sections == ["purpose", "indicators", "reports"]

    mine = _fields(steward_client.get(_url()).content.decode())
    other = _second(collaborative)
    theirs = _fields(other.get(_url()).content.decode())
    theirs |= {"enabled": ["on"], "indicator_ids": [str(served.pk)]}
    assert other.post(_url(), theirs).status_code == 302

    mine["intro"] = ["We are the Riverside partnership."]
    refused = steward_client.post(_url(), mine)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this while you were editing it (" in page
    assert "The public results page is on" in page.split("Someone else saved this")[1][:200]
    assert "We are the Riverside partnership.</textarea>" in page  # mine, kept
    saved = PublicPage.objects.get()
    assert saved.enabled and saved.indicator_ids == [served.pk] and saved.intro == ""

    # Sending the refused form again (it now shows their choices) keeps both.
    assert steward_client.post(_url(), _fields(page)).status_code == 302
    saved.refresh_from_db()
    assert saved.enabled and saved.indicator_ids == [served.pk]
    assert saved.intro == "We are the Riverside partnership."


def test_two_stewards_creating_the_page_the_second_is_told(steward_client, collaborative, served):  # type: ignore[no-untyped-def]
    mine = _fields(steward_client.get(_url()).content.decode())
    other = _second(collaborative)
    theirs = _fields(other.get(_url()).content.decode())
    theirs["enabled"] = ["on"]
    assert other.post(_url(), theirs).status_code == 302
    mine["intro"] = ["Ours."]
    assert steward_client.post(_url(), mine).status_code == 200
    page = PublicPage.objects.get()
    assert page.enabled and page.intro == ""


def test_a_fresh_save_keeps_what_someone_else_changed_unseen(steward_client, served):  # type: ignore[no-untyped-def]
    assert steward_client.post(_url(), _fields(steward_client.get(_url()).content.decode()))
    mine = _fields(steward_client.get(_url()).content.decode())
    # A change the version cannot see (not through the service): the form must not revert it.
    PublicPage.objects.update(indicator_ids=[served.pk])
    mine["intro"] = ["Hello."]
    assert steward_client.post(_url(), mine).status_code == 302
    page = PublicPage.objects.get()
    assert page.intro == "Hello." and page.indicator_ids == [served.pk]


def test_an_outsider_cannot_save_the_public_page(outsider_client):  # type: ignore[no-untyped-def]
    answer = outsider_client.post(_url(), {"enabled": "on", "version": "new"})
    assert answer.status_code == 404
    assert not PublicPage.objects.exists()

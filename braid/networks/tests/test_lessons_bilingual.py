"""Lessons and wins in both languages (ADR 0015): written in English, French or both through
the form and the API; each reader gets their language, or the other one marked; the public
page and the report's lessons section follow the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.networks import services
from braid.networks.models import LogEntry
from braid.reports import services as report_services

TODAY = dt.date.today()
API = "/api/v1/collaboratives/{slug}/lessons"


def _log(client: Client, collaborative, lang: str) -> str:  # type: ignore[no-untyped-def]
    url = reverse("networks:lessons", args=[collaborative.slug])
    page = client.get(url, {"lang": lang})
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
def test_a_lesson_written_in_french_only_through_the_form(steward_client, collaborative):
    url = reverse("networks:lesson_new", args=[collaborative.slug]) + "?kind=lesson"
    answer = steward_client.post(
        url,
        {
            "title": "",
            "title_fr": "Les orientations sont arrivées trop tard",
            "happened_on": TODAY.isoformat(),
            "what_happened_fr": "Les écoles ont orienté en novembre.",
            "visibility": "members",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    entry = LogEntry.objects.get(collaborative=collaborative)
    assert (entry.title, entry.title_fr) == ("", "Les orientations sont arrivées trop tard")
    english = _log(steward_client, collaborative, "en")
    # The English reader gets the French text, marked and tagged so a screen reader switches.
    assert '<span lang="fr" class="other-lang">Les orientations sont arrivées trop tard' in english
    assert "(in French)" in english


@pytest.mark.django_db
def test_a_title_in_neither_language_is_refused_with_what_to_do(steward_client, collaborative):
    url = reverse("networks:lesson_new", args=[collaborative.slug]) + "?kind=win"
    page = steward_client.post(
        url, {"title": " ", "title_fr": "", "happened_on": TODAY.isoformat()}
    )
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    assert not LogEntry.objects.filter(collaborative=collaborative).exists()
    api = steward_client.post(
        API.format(slug=collaborative.slug),
        {"kind": "win", "happened_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "in English, in French or in both" in api.content.decode()
    assert not LogEntry.objects.filter(collaborative=collaborative).exists()


@pytest.mark.django_db
def test_the_api_takes_and_gives_both_languages(steward_client, collaborative):
    base = API.format(slug=collaborative.slug)
    made = steward_client.post(
        base,
        {
            "kind": "win",
            "title": "Summer jobs fully booked",
            "title_fr": "Emplois d’été complets",
            "happened_on": TODAY.isoformat(),
            "learned_fr": "Une première réussite.",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["title_fr"] == "Emplois d’été complets"
    assert body["learned_fr"] == "Une première réussite." and body["learned"] == ""
    changed = steward_client.patch(
        f"{base}/{body['id']}",
        {"version": body["version"], "title_fr": "Emplois d’été : tout est pris"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Summer jobs fully booked"  # untouched
    assert LogEntry.objects.get(pk=body["id"]).title_fr == "Emplois d’été : tout est pris"


@pytest.mark.django_db
def test_the_public_page_shows_a_win_in_the_readers_language(collaborative, steward):
    access = access_for(steward, collaborative.slug)
    report_services.public_page_save(
        access=access, enabled=True, sections=["stories"], indicator_ids=[]
    )
    services.entry_add(
        access=access,
        kind="win",
        title="First fifty youth referred",
        title_fr="Les cinquante premiers jeunes orientés",
        happened_on=TODAY,
        what_happened="Schools referred them.",
        visibility="public",
    )
    url = reverse("public:page", args=[collaborative.slug])
    french = Client().get(url, {"lang": "fr"}).content.decode()
    english = Client().get(url, {"lang": "en"}).content.decode()
    assert "Les cinquante premiers jeunes orientés" in french
    assert "First fifty youth referred" not in french
    assert "Schools referred them." in french and "(en anglais)" in french  # no French: marked
    assert "First fifty youth referred" in english
    assert "Les cinquante premiers jeunes orientés" not in english

"""The decisions register in both languages (ADR 0015): what was decided, its details and what
it changes are written in English, French or both through the form and the API; the register,
the decision's page, its download and `braid meetings decisions` give the reader's language,
or the other one marked."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.meetings import decisions
from braid.meetings.models import Decision

API = "/api/v1/collaboratives/{slug}/decisions"


def _get(client, url: str, lang: str, **query: str) -> str:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = lang
    answer = client.get(url, query)
    assert answer.status_code == 200
    return answer.content.decode("utf-8-sig")


def _record(steward, **texts):  # type: ignore[no-untyped-def]
    return decisions.decision_record(
        access=access_for(steward, "riverside"), method="consensus", **texts
    )


@pytest.mark.django_db
def test_a_decision_written_in_french_only_through_the_form(steward_client, collaborative):
    url = reverse("meetings:decision_new", args=[collaborative.slug])
    answer = steward_client.post(
        url,
        {
            "title": "",
            "title_fr": "Adopter le formulaire d’orientation commun",
            "text_fr": "Toutes les organisations l’utilisent dès janvier.",
            "method": "consensus",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    decision = Decision.objects.get(collaborative=collaborative)
    assert (decision.title, decision.title_fr) == ("", "Adopter le formulaire d’orientation commun")
    page = _get(steward_client, answer["Location"], "en")
    # The English reader gets the French text, marked and tagged so a screen reader switches.
    assert '<span lang="fr" class="other-lang">Adopter le formulaire d’orientation commun' in page
    assert '<span lang="fr" class="other-lang">Toutes les organisations' in page
    assert "(in French)" in page


@pytest.mark.django_db
def test_what_was_decided_in_neither_language_is_refused(steward_client, collaborative):
    url = reverse("meetings:decision_new", args=[collaborative.slug])
    page = steward_client.post(url, {"title": " ", "title_fr": "", "method": "consensus"})
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    api = steward_client.post(
        API.format(slug=collaborative.slug),
        {"method": "consensus"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "in English, in French or in both" in api.content.decode()
    assert not Decision.objects.filter(collaborative=collaborative).exists()


@pytest.mark.django_db
def test_the_api_takes_and_gives_both_languages(steward_client, collaborative):
    base = API.format(slug=collaborative.slug)
    made = steward_client.post(
        base,
        {
            "title": "Meet every month",
            "title_fr": "Se réunir tous les mois",
            "method": "consensus",
            "changes_fr": "Le calendrier du comité.",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["title"], body["title_fr"]) == ("Meet every month", "Se réunir tous les mois")
    assert body["changes_fr"] == "Le calendrier du comité." and body["changes"] == ""
    listed = steward_client.get(base).json()["items"]
    assert listed[0]["title_fr"] == "Se réunir tous les mois"


@pytest.mark.django_db
def test_the_register_and_its_page_in_each_readers_language(steward_client, collaborative, steward):
    d = _record(steward, title="Meet every month", title_fr="Se réunir tous les mois")
    register = reverse("meetings:decisions", args=[collaborative.slug])
    french = _get(steward_client, register, "fr")
    english = _get(steward_client, register, "en")
    assert "Se réunir tous les mois" in french and "Meet every month" not in french
    assert "Meet every month" in english and "Se réunir tous les mois" not in english
    page = reverse("meetings:decision", args=[collaborative.slug, d.pk])
    assert "D-1 Se réunir tous les mois" in _get(steward_client, page, "fr")


@pytest.mark.django_db
def test_the_download_is_in_the_readers_language(steward_client, collaborative, steward):
    _record(steward, title="Meet every month", title_fr="Se réunir tous les mois")
    _record(steward, title="Share figures monthly")  # English only: the French reader gets it
    url = reverse("meetings:decisions", args=[collaborative.slug])
    text = _get(steward_client, url, "fr", format="csv")
    assert "Se réunir tous les mois" in text and "Meet every month" not in text
    assert "Share figures monthly" in text


@pytest.mark.django_db
def test_the_command_line_gives_both_languages(collaborative, steward):
    _record(steward, title="Meet every month", title_fr="Se réunir tous les mois")
    out = io.StringIO()
    call_command("meetings", "decisions", "--collaborative=riverside", stdout=out)
    row = json.loads(out.getvalue())[0]
    assert (row["title"], row["title_fr"]) == ("Meet every month", "Se réunir tous les mois")
    out = io.StringIO()
    call_command("meetings", "decisions", "--collaborative=riverside", "--format=csv", stdout=out)
    assert (
        next(csv.DictReader(io.StringIO(out.getvalue())))["title_fr"] == "Se réunir tous les mois"
    )

"""A survey round's title in both languages (ADR 0015): written in English, French or both
through the form and the API, unique across both languages; the rounds' pages, their download
and the respondent's pages give the reader's language, or the other one marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.surveys.models import Round
from braid.surveys.rounds import services as round_services
from braid.surveys.tests.helpers import FACTORS, invite, steward_access

TODAY = timezone.localdate()
API = "/api/v1/collaboratives/{slug}/survey-rounds"


def _get(client: Client, url: str, lang: str, **query: str) -> str:
    client.cookies["django_language"] = lang
    answer = client.get(url, query)
    assert answer.status_code == 200
    return answer.content.decode("utf-8-sig")


def _form(**titles: str) -> dict[str, object]:
    return {
        **titles,
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + dt.timedelta(days=14)).isoformat(),
        "languages": "en,fr",
        "instruments": [FACTORS],
    }


def _round(access, **titles: str) -> Round:  # type: ignore[no-untyped-def]
    return round_services.round_create(
        access=access,
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=14),
        instruments=[FACTORS],
        **titles,
    )


@pytest.mark.django_db
def test_a_round_titled_in_french_only_through_the_form(steward_client, collaborative):
    url = reverse("surveys:round_new", args=[collaborative.slug])
    answer = steward_client.post(url, _form(title="", title_fr="Bilan du partenariat"))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    round_ = Round.objects.get(collaborative=collaborative)
    assert (round_.title, round_.title_fr) == ("", "Bilan du partenariat")
    page = _get(steward_client, answer["Location"], "en")
    assert '<span lang="fr" class="other-lang">Bilan du partenariat</span>' in page
    assert "(in French)" in page


@pytest.mark.django_db
def test_a_title_in_neither_language_is_refused(steward_client, collaborative):
    url = reverse("surveys:round_new", args=[collaborative.slug])
    page = steward_client.post(url, _form(title=" ", title_fr=""))
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    body = {k: v for k, v in _form().items() if k != "languages"}
    api = steward_client.post(
        API.format(slug=collaborative.slug), body, content_type="application/json"
    )
    assert api.status_code == 400
    assert "in English, in French or both" in api.content.decode()
    assert not Round.objects.filter(collaborative=collaborative).exists()


@pytest.mark.django_db
def test_no_two_rounds_share_a_title_in_either_language(collaborative, steward):
    access = steward_access(collaborative, steward)
    _round(access, title="Check-up 2026", title_fr="Bilan 2026")
    _round(access, title_fr="Bilan 2027")  # two French-only rounds may both have no English
    _round(access, title_fr="Bilan 2028")
    for titles, field in (
        ({"title": "Bilan 2026"}, "title"),
        ({"title": "Other", "title_fr": "Check-up 2026"}, "title_fr"),
        ({"title_fr": "Bilan 2027"}, "title_fr"),
    ):
        with pytest.raises(ServiceError) as refused:
            _round(access, **titles)
        assert [p.field for p in refused.value.problems] == [field]
    assert Round.objects.filter(collaborative=collaborative).count() == 3


@pytest.mark.django_db
def test_the_api_takes_and_gives_both_languages(steward_client, collaborative):
    base = API.format(slug=collaborative.slug)
    body = {**_form(title="Check-up", title_fr="Bilan"), "languages": "en,fr"}
    made = steward_client.post(base, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert (made.json()["title"], made.json()["title_fr"]) == ("Check-up", "Bilan")
    listed = steward_client.get(base).json()
    rows = listed["items"] if isinstance(listed, dict) else listed
    assert rows[0]["title_fr"] == "Bilan"


@pytest.mark.django_db
def test_the_rounds_and_their_download_in_each_readers_language(
    steward_client, collaborative, steward
):
    _round(steward_access(collaborative, steward), title="Check-up", title_fr="Bilan")
    url = reverse("surveys:rounds", args=[collaborative.slug])
    french, english = _get(steward_client, url, "fr"), _get(steward_client, url, "en")
    assert "Bilan" in french and "Check-up" not in french
    assert "Check-up" in english and "Bilan" not in english
    download = _get(steward_client, url, "fr", format="csv")
    assert "Bilan" in download and "Check-up" not in download


@pytest.mark.django_db
def test_the_respondents_pages_in_the_respondents_language(collaborative, steward):
    access = steward_access(collaborative, steward)
    round_ = _round(access, title="Partnership check-up", title_fr="Bilan du partenariat")
    round_services.round_open(access=access, round_id=round_.pk)
    org = OrganisationFactory(collaborative=collaborative, name="Eastside Health")
    link = f"/s/{invite(access, round_, [('ana@health.org', org)])['ana@health.org']}/"
    french = Client().get(link + "?lang=fr").content.decode()
    assert "Bilan du partenariat" in french and "Partnership check-up" not in french
    english = Client().get(link + "?lang=en").content.decode()
    assert "Partnership check-up" in english and "Bilan du partenariat" not in english

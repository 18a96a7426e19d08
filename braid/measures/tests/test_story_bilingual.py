"""The story behind a curve in both languages (ADR 0015): written in English, French or both
through the indicator page's form (its version still guards a stale save); the indicator page,
the public scorecard and the public indicator page give the reader's language or the other
marked."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.measures.models import Story
from braid.measures.services import story_save
from braid.measures.tests.test_story_versions import _loaded, _url
from braid.reports import services as report_services

STORY_FR = "Un nouveau centre jeunesse a ouvert en mars."


def _page(client: Client, collaborative, served, lang: str) -> str:  # type: ignore[no-untyped-def]
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    page = reverse("measures:indicator", args=[collaborative.slug, served.pk])
    return client.get(page).content.decode()


def test_a_story_written_in_french_only_through_the_form(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][-1]
    loaded = _loaded(steward_client, collaborative, served, period)
    answer = steward_client.post(_url(collaborative, served), {**loaded, "text_fr": STORY_FR})
    assert answer.status_code == 302
    story = Story.objects.get()
    assert (story.text, story.text_fr, story.version) == ("", STORY_FR, 1)
    assert STORY_FR in _page(steward_client, collaborative, served, "fr")
    english = _page(steward_client, collaborative, served, "en")
    assert f'<span lang="fr" class="other-lang">{STORY_FR}</span>' in english
    assert "(in French)" in english
    # Loaded again, the form carries both texts and the new version; English is added.
    again = _loaded(steward_client, collaborative, served, period)
    assert again["version"] == "1"
    again["text"] = "A new youth centre opened in March."
    again["text_fr"] = STORY_FR
    assert steward_client.post(_url(collaborative, served), again).status_code == 302
    story.refresh_from_db()
    assert (story.text_fr, story.version) == (STORY_FR, 2)
    french = _page(steward_client, collaborative, served, "fr")
    assert f"<dd>{STORY_FR}</dd>" in french  # the told story; the English stays in the form
    assert "<dd>A new youth centre opened in March.</dd>" in _page(
        steward_client, collaborative, served, "en"
    )


def test_a_story_in_neither_language_is_refused(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, period = measures["served"], measures["periods"][0]
    loaded = _loaded(steward_client, collaborative, served, period)
    page = steward_client.post(_url(collaborative, served), {**loaded, "text": " ", "text_fr": ""})
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    assert not Story.objects.exists()


def test_the_public_pages_show_the_story_in_the_readers_language(collaborative, steward, measures):  # type: ignore[no-untyped-def]
    from braid.measures.services import aggregates_refresh

    served, period = measures["served"], measures["periods"][-1]
    access = access_for(steward, collaborative.slug)
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk})
    story_save(
        access=access,
        indicator_id=served.pk,
        period_id=period.pk,
        text="A new youth centre opened in March.",
        text_fr=STORY_FR,
        version=0,
    )
    report_services.public_page_save(
        access=access, enabled=True, sections=["indicators"], indicator_ids=[served.pk]
    )
    for url in (
        reverse("public:page", args=[collaborative.slug]),
        reverse("public:indicator", args=[collaborative.slug, served.code]),
    ):
        french = Client().get(url, {"lang": "fr"}).content.decode()
        english = Client().get(url, {"lang": "en"}).content.decode()
        assert STORY_FR in french and "A new youth centre" not in french, url
        assert "A new youth centre opened in March." in english and STORY_FR not in english

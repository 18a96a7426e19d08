"""The terms of reference's title in both languages (ADR 0015): written through the form and
the API, read in the document's language on the page and in the PDF, the other language's
marked when one is missing; an unchanged title is no change when reissuing."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from braid.agenda.models import TermsVersion
from braid.agenda.terms import document, selectors
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.errors import ServiceError

from .test_terms import _issue, design, school  # noqa: F401 (fixtures)

FRENCH = "Mandat de collaboration d’Eastside 2026"
pytestmark = pytest.mark.usefixtures("design")


def _page(client, slug, lang):  # type: ignore[no-untyped-def]
    return client.get(reverse("agenda:terms", args=[slug]) + f"?lang={lang}").content.decode()


def test_the_french_page_and_pdf_give_the_french_title(steward_client, collaborative, steward):  # type: ignore[no-untyped-def]
    terms = _issue(access_for(steward, collaborative.slug), title_fr=FRENCH)
    french = _page(steward_client, collaborative.slug, "fr")
    assert f'<h1 class="tor-title">{FRENCH}</h1>' in french
    assert "Terms of reference 2026</h1>" not in french
    english = _page(steward_client, collaborative.slug, "en")
    assert '<h1 class="tor-title">Terms of reference 2026</h1>' in english
    with translation.override("fr"):
        html = render_to_string("agenda/terms/pdf.html", document.context(terms))
    assert f"<title>{FRENCH}</title>" in html
    assert "Terms of reference 2026" not in html  # nor in the running head
    assert document.render_pdf(terms, "fr").startswith(b"%PDF")


def test_a_missing_language_falls_back_to_the_other_marked(steward_client, collaborative, steward):  # type: ignore[no-untyped-def]
    _issue(access_for(steward, collaborative.slug))  # English only
    french = _page(steward_client, collaborative.slug, "fr")
    assert '<span lang="en" class="other-lang">Terms of reference 2026</span>' in french
    TermsVersion.objects.update(title="", title_fr=FRENCH)
    english = _page(steward_client, collaborative.slug, "en")
    assert f'<span lang="fr" class="other-lang">{FRENCH}</span>' in english


def test_the_title_is_written_in_either_language_through_every_door(
    client, steward_client, steward, collaborative
):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        _issue(access_for(steward, collaborative.slug), title=" ", title_fr="")
    assert [p.field for p in exc.value.problems] == ["title"]
    url = f"/api/v1/collaboratives/{collaborative.slug}/terms"
    response = client.post(
        url,
        {"title_fr": FRENCH, "effective_from": "2026-01-15"},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 201, response.content
    assert (response.json()["title"], response.json()["title_fr"]) == ("", FRENCH)
    assert client.get(url, **bearer(steward)).json()[0]["title_fr"] == FRENCH
    form = steward_client.get(reverse("agenda:terms_issue", args=[collaborative.slug]))
    assert f'value="{FRENCH}"' in form.content.decode()  # the next version starts from it


def test_a_first_version_is_offered_the_usual_title_in_each_language(steward_client, collaborative):  # type: ignore[no-untyped-def]
    html = steward_client.get(reverse("agenda:terms_issue", args=[collaborative.slug]))
    body = html.content.decode()
    assert 'value="Terms of reference"' in body and 'value="Mandat de collaboration"' in body


def test_reissuing_with_the_same_titles_claims_no_title_change(collaborative, steward):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    latest = _issue(access, title_fr=FRENCH)
    snap = selectors.snapshot(access)
    same = {"title": " Terms of reference 2026 ", "title_fr": FRENCH}
    assert not [c for c in selectors.changes_since(latest, snap, same) if "title" in c]
    english_only = _issue(access)  # no French title then, none given now: no change
    unwritten = {"title": english_only.title, "title_fr": ""}
    assert not [c for c in selectors.changes_since(english_only, snap, unwritten) if "title" in c]
    changed = selectors.changes_since(latest, snap, {**same, "title_fr": "Autre titre"})
    assert not [c for c in changed if "becomes" in c]  # the English reader's title stays
    assert "The title in French changes." in changed
    with translation.override("fr"):
        said = selectors.changes_since(latest, snap, {**same, "title_fr": "Autre titre"})
    assert any("Autre titre" in c for c in said)

"""Sector framings in both languages: the page and the outreach draft use the reader's."""

from __future__ import annotations

from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.partners.models import SectorFraming


def test_a_framing_is_saved_in_both_languages_and_shown_in_the_readers(
    steward_client, organisation
):  # type: ignore[no-untyped-def]
    url = reverse("partners:framings", args=["riverside"])
    response = steward_client.post(
        url, {"sector": "health", "framing": "", "framing_fr": "soutenir la santé mentale"}
    )
    assert response.status_code == 302
    assert SectorFraming.objects.get().framing_fr == "soutenir la santé mentale"
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<td>soutenir la santé mentale</td>" in french
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="fr" class="other-lang">soutenir la santé mentale</span>' in english
    assert "(in French)" in english
    files = {
        lang: steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE=lang)
        .content.decode("utf-8-sig")
        .splitlines()
        for lang in ("en", "fr")
    }
    assert files["fr"][0].startswith("Secteur,") and files["en"][0].startswith("Sector,")
    for lines in files.values():  # the text as written, unmarked, beside the organisation
        assert any("soutenir la santé mentale" in r and organisation.name in r for r in lines)
        assert "other-lang" not in "".join(lines)


def test_a_framing_in_neither_language_is_refused_beside_the_field(steward_client, organisation):  # type: ignore[no-untyped-def]
    url = reverse("partners:framings", args=["riverside"])
    response = steward_client.post(url, {"sector": "health", "framing": "", "framing_fr": ""})
    assert "Write it in English, in French or in both." in response.content.decode()
    assert not SectorFraming.objects.exists()


def test_the_api_carries_both_languages(client, steward, organisation):  # type: ignore[no-untyped-def]
    base = "/api/v1/collaboratives/riverside/framings"
    put = client.put(
        base,
        {"sector": "health", "framing": "support", "framing_fr": "soutenir"},
        content_type="application/json",
        **bearer(steward),
    )
    assert put.json() == {"sector": "health", "framing": "support", "framing_fr": "soutenir"}
    got = client.get(base, **bearer(steward)).json()
    assert got == {"health": {"framing": "support", "framing_fr": "soutenir"}}
    empty = client.put(
        base,
        {"sector": "health", "framing": " "},
        content_type="application/json",
        **bearer(steward),
    )
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "framing"

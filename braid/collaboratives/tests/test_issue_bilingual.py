"""The collaborative's issue in both languages (ADR 0015): written through the settings form and
the settings API (audited, versioned), shown on home, the list and the public page in the
reader's language, or in the other one marked."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.test_settings_concurrency import _loaded_from
from braid.reports import services as report_services

ISSUE = "Youth violence in the east end"
ISSUE_FR = "La violence chez les jeunes de l’est de la ville"
SETTINGS = "/api/v1/collaboratives/{slug}/settings"


def _in(client: Client, lang: str, url: str) -> str:
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    return client.get(url).content.decode()


def test_the_settings_form_takes_the_issue_in_french_and_the_audit_keeps_it(
    steward_client, collaborative
):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:settings", args=[collaborative.slug])
    form = steward_client.get(url).content.decode()
    assert re.search(
        r'<input[^>]*name="issue_fr"[^>]*lang="fr"|lang="fr"[^>]*name="issue_fr"', form
    )
    loaded = _loaded_from(form)
    answer = steward_client.post(url, {**loaded, "issue": "", "issue_fr": ISSUE_FR})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    collaborative.refresh_from_db()
    assert (collaborative.issue, collaborative.issue_fr) == ("", ISSUE_FR)
    event = AuditEvent.objects.get(action="collaborative.updated")
    assert event.details["changes"]["issue_fr"] == {"before": "", "after": ISSUE_FR}
    home = reverse("collaboratives:home", args=[collaborative.slug])
    french = _in(steward_client, "fr", home)
    assert ISSUE_FR in french and "(en anglais)" not in french
    english = _in(steward_client, "en", home)
    # The English reader gets the French, marked and tagged so a screen reader switches.
    assert f'<span lang="fr" class="other-lang">{ISSUE_FR}</span>' in english
    assert "(in French)" in english


def test_the_settings_api_gives_and_takes_the_french_issue_and_versions_it(collaborative, steward):  # type: ignore[no-untyped-def]
    api, auth = Client(), bearer(steward)
    url = SETTINGS.format(slug=collaborative.slug)
    loaded = api.get(url, **auth)
    assert loaded.json()["issue_fr"] == ""
    etag = loaded["ETag"]
    changed = api.patch(
        url, {"issue_fr": ISSUE_FR}, content_type="application/json", HTTP_IF_MATCH=etag, **auth
    )
    assert changed.status_code == 200 and changed.json()["issue_fr"] == ISSUE_FR
    assert changed["ETag"] != etag  # the French text is part of the settings' version
    stale = api.patch(
        url, {"issue": ISSUE}, content_type="application/json", HTTP_IF_MATCH=etag, **auth
    )
    assert stale.status_code == 409 and stale.json()["current"]["issue_fr"] == ISSUE_FR
    long = api.patch(url, {"issue_fr": "x" * 301}, content_type="application/json", **auth)
    assert long.status_code in (400, 422)
    listed = api.get("/api/v1/collaboratives", **auth).json()
    assert [c["issue_fr"] for c in listed] == [ISSUE_FR]


def test_the_list_and_the_public_page_show_the_issue_in_the_readers_language(
    collaborative, steward, steward_client
):  # type: ignore[no-untyped-def]
    collaborative.issue, collaborative.issue_fr = ISSUE, ISSUE_FR
    collaborative.save()
    listing = reverse("collaboratives:list")
    assert ISSUE_FR in _in(steward_client, "fr", listing)
    assert ISSUE_FR not in _in(steward_client, "en", listing)
    access = access_for(steward, collaborative.slug)
    report_services.public_page_save(
        access=access, enabled=True, sections=["purpose"], indicator_ids=[]
    )
    page = reverse("public:page", args=[collaborative.slug])
    french = Client().get(page, {"lang": "fr"}).content.decode()
    english = Client().get(page, {"lang": "en"}).content.decode()
    assert ISSUE_FR in french and ISSUE not in french
    assert ISSUE in english and ISSUE_FR not in english

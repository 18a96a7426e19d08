"""Two stewards editing the settings at once: neither silently replaces the other."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import bearer, make_persona


def _loaded(client: Client, url: str) -> dict[str, Any]:
    """The form as the browser would send it back untouched: every input, hidden initials too."""
    return _loaded_from(client.get(url).content.decode())


def test_a_stale_settings_form_keeps_the_other_stewards_change(collaborative, steward_client):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:settings", args=[collaborative.slug])
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    mine, theirs = _loaded(steward_client, url), _loaded(other, url)
    assert mine["version"] and mine["initial-name"] == collaborative.name
    # They raise the threshold; I, from my older form, change only the name.
    assert other.post(url, {**theirs, "suppression_threshold": "10"}).status_code == 302
    answer = steward_client.post(url, {**mine, "name": "Riverside Partnership"})
    collaborative.refresh_from_db()
    assert (
        collaborative.suppression_threshold == 10 and collaborative.name != "Riverside Partnership"
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and "Someone else saved this while you were editing" in page
    assert "Small-cell threshold" in page  # names what they changed
    # The form now carries their version and value: saving again is deliberate, and keeps theirs.
    again = _loaded_from(page)
    assert again["suppression_threshold"] == "10" and again["name"] == "Riverside Partnership"
    assert steward_client.post(url, again).status_code == 302
    collaborative.refresh_from_db()
    assert (collaborative.name, collaborative.suppression_threshold) == (
        "Riverside Partnership",
        10,
    )


def _loaded_from(html: str) -> dict[str, Any]:
    """Every input and textarea of the page (an unticked box sends nothing)."""
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data[name] = text.strip()
    data.pop("csrfmiddlewaretoken", None)
    data.pop("shares_stakeholder_analysis", None)
    return data


def test_a_stale_settings_patch_is_refused_with_the_current_values(collaborative, steward):  # type: ignore[no-untyped-def]
    api, auth = Client(), bearer(steward)
    url = f"/api/v1/collaboratives/{collaborative.slug}/settings"
    etag = api.get(url, **auth)["ETag"]
    fresh = api.patch(
        url,
        '{"suppression_threshold": 8}',
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    stale = api.patch(
        url, '{"name": "Overwritten"}', content_type="application/json", HTTP_IF_MATCH=etag, **auth
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["suppression_threshold"] == 8
    collaborative.refresh_from_db()
    assert collaborative.name != "Overwritten" and collaborative.suppression_threshold == 8

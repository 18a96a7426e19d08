"""Optimistic concurrency: two editors of the same row never silently replace each other's
work. A stale form or PATCH is refused with what changed; a form saves only the fields its
editor changed against what they loaded.

Generated from the editing services: every public `*_update` and `*_save` service of
`braid/**/services.py`, and of any module with the service signature (`access` keyword-only), must take a `version` argument, or be listed in `WITHOUT`
with why; a test per model below shows the refusal as a person meets it."""

from __future__ import annotations

import inspect
import json

from django.urls import reverse

from braid.collaboratives.testing import bearer, service_functions
from braid.partners.models import Organisation

# Editing services that do not take a version yet, each with its reason (a ratchet: a new one
# fails, and so does one that gained a version and is still listed). `*_update` edits a row;
# `*_save` creates one or replaces an existing one's text.
WITHOUT: dict[str, str] = {
    "braid.meetings.actions.action_update": "appends a line to the action's log under a row "
    "lock; nothing typed is replaced, and a change of status is itself a logged line",
    "braid.meetings.notifications.preferences_save": "a person's own notification choices: "
    "only they edit them",
    "braid.agenda.services.agenda_save": "versioned instead: `base_number` (the version the "
    "editor started from) refuses a save over a newer version",
    "braid.surveys.services.draft_save": "a respondent's own draft answers behind their "
    "personal link: only they edit them",
}


def update_services() -> dict[str, object]:
    """Every editing service, wherever its app keeps it (services.py, or a module of its own
    such as meetings' agenda_items.py), by the name of the module that defines it."""
    return {
        name: fn
        for name, fn in service_functions().items()
        if name.rsplit(".", 1)[1].endswith(("_update", "_save"))
    }


def test_every_update_service_takes_the_version_its_editor_loaded():
    services = update_services()
    assert services, "the walk found no update service"
    lacking = sorted(
        name
        for name, fn in services.items()
        if "version" not in inspect.signature(fn).parameters  # type: ignore[arg-type]
    )
    new = sorted(set(lacking) - set(WITHOUT))
    fixed = sorted(set(WITHOUT) - set(lacking))
    assert not new, f"update services without a version (stale saves would win): {new}"
    assert not fixed, f"these take a version now: take them off WITHOUT: {fixed}"


def _edit_url(collaborative, org):  # type: ignore[no-untyped-def]
    return reverse("partners:edit", args=[collaborative.slug, org.pk])


def _form(client, url):  # type: ignore[no-untyped-def]
    """The edit form's fields as the browser would send them back untouched."""
    import re

    html = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, selected in re.findall(
        r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', html, flags=re.S
    ):
        data[name] = selected
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = text.strip()
    return data


def test_a_stale_edit_form_is_refused_with_what_changed_and_keeps_what_was_typed(
    steward_client, collaborative, organisation, steward
):  # type: ignore[no-untyped-def]
    from django.test import Client

    from braid.collaboratives.testing import make_persona

    url = _edit_url(collaborative, organisation)
    mine = _form(steward_client, url)  # steward A opens the form
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    theirs = _form(other, url)  # steward B opens it too, and saves first
    theirs["mandate"] = "Primary care for the east side"
    assert other.post(url, theirs).status_code == 302

    mine["website"] = "https://eastside.example.org"
    refused = steward_client.post(url, mine)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this while you were editing it (Mandate)" in html
    assert "Primary care for the east side</textarea>" in html  # theirs, in the field A left
    assert 'value="https://eastside.example.org"' in html  # what A typed is kept
    organisation.refresh_from_db()
    assert organisation.mandate == "Primary care for the east side"
    assert organisation.website == ""  # nothing of A's was saved

    # Saving again from the refused form (now carrying B's version) keeps both changes.
    again = _form_from_html(html)
    assert steward_client.post(url, again).status_code == 302
    organisation.refresh_from_db()
    assert organisation.mandate == "Primary care for the east side"
    assert organisation.website == "https://eastside.example.org"


def test_both_changing_the_same_field_shows_theirs_beside_mine(
    steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    from django.test import Client

    from braid.collaboratives.testing import make_persona

    url = _edit_url(collaborative, organisation)
    mine = _form(steward_client, url)
    other = Client()
    other.force_login(make_persona(collaborative, "steward", email="second@riverside.example.org"))
    theirs = _form(other, url)
    theirs["website"] = "https://theirs.example.org"
    assert other.post(url, theirs).status_code == 302
    mine["website"] = "https://mine.example.org"
    html = steward_client.post(url, mine).content.decode()
    assert "now “https://theirs.example.org”" in html
    assert 'value="https://mine.example.org"' in html
    organisation.refresh_from_db()
    assert organisation.website == "https://theirs.example.org"


def _form_from_html(html: str) -> dict[str, str]:
    import re

    data = {}
    for tag in re.findall(r"<(?:input)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, selected in re.findall(
        r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', html, flags=re.S
    ):
        data[name] = selected
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        import html as h

        data[name] = h.unescape(text.strip())
    return data


def test_a_form_saves_only_what_its_editor_changed(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    url = _edit_url(collaborative, organisation)
    mine = _form(steward_client, url)
    # Someone changes the sector behind the form's back, and the version with it...
    Organisation.objects.filter(pk=organisation.pk).update(sector="education")
    # ...without touching the version (a change the lock cannot see): the form's untouched
    # sector must not be written back over it.
    mine["mandate"] = "Health for all"
    assert steward_client.post(url, mine).status_code == 302
    organisation.refresh_from_db()
    assert organisation.sector == "education" and organisation.mandate == "Health for all"


def test_a_stale_patch_is_refused_with_409_and_the_current_values(
    client, collaborative, organisation, steward
):  # type: ignore[no-untyped-def]
    auth = bearer(steward)
    base = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}"
    read = client.get(base, **auth)
    etag = read["ETag"]
    assert etag == f'"{read.json()["version"]}"'
    first = client.patch(
        base,
        json.dumps({"mandate": "A"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert first.status_code == 200 and first["ETag"] != etag
    stale = client.patch(
        base,
        json.dumps({"mandate": "B"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["mandate"] == "A" and f'"{body["current"]["version"]}"' == first["ETag"]
    organisation.refresh_from_db()
    assert organisation.mandate == "A"
    # With the fresh version the change goes through.
    fresh = client.patch(
        base,
        json.dumps({"mandate": "B"}),
        content_type="application/json",
        HTTP_IF_MATCH=first["ETag"],
        **auth,
    )
    assert fresh.status_code == 200


def test_twenty_rounds_of_two_stewards_lose_nothing(client, collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """The probe of issue 16: two stewards read, both save; one wins, the other is told."""
    from braid.collaboratives.testing import make_persona

    a, b = (
        bearer(steward),
        bearer(make_persona(collaborative, "steward", email="second@riverside.example.org")),
    )
    base = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}"
    outcomes = []
    for n in range(20):
        etag_a = client.get(base, **a)["ETag"]
        etag_b = client.get(base, **b)["ETag"]
        ra = client.patch(
            base,
            json.dumps({"notes": f"a{n}"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag_a,
            **a,
        )
        rb = client.patch(
            base,
            json.dumps({"notes": f"b{n}"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag_b,
            **b,
        )
        outcomes.append((ra.status_code, rb.status_code))
    assert outcomes == [(200, 409)] * 20

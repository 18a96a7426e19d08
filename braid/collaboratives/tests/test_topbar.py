"""The top bar, kept per set of the facts it shows: a change to any of them shows on the next
page, and each page carries its own request's CSRF token."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Collaborative, Membership
from braid.collaboratives.services import collaborative_update, membership_change_role
from braid.collaboratives.tests.factories import CollaborativeFactory
from braid.core.http import CSRF_MARK


def _bar(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index('<header class="topbar') : body.index("</header>")]


def _untokened(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_change_to_what_it_shows_shows_at_once(client, steward, viewer, collaborative):  # type: ignore[no-untyped-def]
    home = reverse("collaboratives:home", args=[collaborative.slug])
    client.force_login(viewer)
    first = _bar(client.get(home))
    assert "Riverside Youth Partnership" in first and "· Viewer" in first
    assert _untokened(_bar(client.get(home))) == _untokened(first)  # the same apart from the token
    collaborative_update(access=access_for(steward, collaborative.slug), name="Riverside Together")
    membership = Membership.objects.get(user=viewer)
    membership_change_role(
        access=access_for(steward, collaborative.slug), membership_id=membership.pk, role="steward"
    )
    viewer.full_name = "Nadia Okafor"
    viewer.save()
    second = _bar(client.get(home))
    assert "Riverside Together" in second and "Riverside Youth" not in second
    assert "· Steward" in second and "Nadia Okafor" in second


def test_the_switcher_lists_each_readers_own_collaboratives(client, steward, collaborative):  # type: ignore[no-untyped-def]
    elsewhere = CollaborativeFactory(name="Harbour Youth Table")
    Membership.objects.create(collaborative=elsewhere, user=steward, role="viewer")
    client.force_login(steward)
    bar = _bar(client.get(reverse("collaboratives:home", args=[collaborative.slug])))
    assert re.search(r'href="/c/riverside/" aria-current="page">Riverside Youth Partnership', bar)
    assert f'href="/c/{elsewhere.slug}/">Harbour Youth Table' in bar
    Collaborative.objects.filter(pk=elsewhere.pk).update(name="Harbour Table")
    bar = _bar(client.get(reverse("collaboratives:home", args=[collaborative.slug])))
    assert "Harbour Table" in bar and "Harbour Youth Table" not in bar


def test_each_page_carries_its_own_token_and_the_forms_work(steward, collaborative):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(steward)
    home = reverse("collaboratives:home", args=[collaborative.slug])
    bar = _bar(client.get(home))
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', bar)
    assert len(tokens) == 2 and CSRF_MARK not in bar
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": home, "csrfmiddlewaretoken": tokens[0]}
    )
    assert response.status_code == 302
    french = _bar(client.get(home))
    assert "Se déconnecter" in french and 'value="en"' in french
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', french)[1]
    assert (
        client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    )
    assert client.get(home).status_code == 302  # signed out: to the login page


def test_signed_out_pages_show_the_language_only(client, db):  # type: ignore[no-untyped-def]
    bar = _bar(client.get(reverse("accounts:login") + "?next=/c/%22%3E"))
    assert "user-menu" not in bar and "switcher" not in bar
    assert 'value="/accounts/login/?next=/c/%22%3E"' in bar  # back here after the switch

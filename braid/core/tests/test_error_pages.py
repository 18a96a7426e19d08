"""403, 404 and 500 answer Braid's own page, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import make_persona


@pytest.fixture(autouse=True)
def _english_after():  # type: ignore[no-untyped-def]
    yield
    translation.activate("en")  # a French request leaves French active in this thread


@pytest.fixture
def viewer(db):  # type: ignore[no-untyped-def]
    c = Collaborative.objects.create(name="Eastside Youth Safety", slug="eastside")
    user = make_persona(c, "viewer", email="viewer@example.org")
    client = Client()
    client.force_login(user)
    return client


def test_forbidden_page_is_branded_and_leads_back_to_the_collaborative(viewer):  # type: ignore[no-untyped-def]
    response = viewer.get(reverse("collaboratives:settings", args=["eastside"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not open this page" in html
    assert 'href="/c/eastside/"' in html and "Back to Eastside Youth Safety" in html
    assert 'class="topbar' in html  # the product's own layout, not a bare page


def test_not_found_page_in_french_for_a_french_reader(viewer):  # type: ignore[no-untyped-def]
    viewer.cookies["django_language"] = "fr"
    response = viewer.get("/c/eastside/nothing-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Il n’y a rien à cette adresse" in html
    assert "Vos collaborations" in html
    assert 'lang="fr"' in html


def test_server_error_page_says_what_happened(rf):  # type: ignore[no-untyped-def]
    from braid.core.error_pages import server_error

    with translation.override("en"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

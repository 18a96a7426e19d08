"""What a funder expects, in both languages (ADR 0015): written in English, French or both
through the funders page and the API; the deadline calendar, its download and the report's
resources section give each reader their language, or the other one marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.models import FundingDeadline
from braid.agenda.resources import services
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer

MARK_FR = '<span lang="fr" class="other-lang">'
SOON = dt.date.today() + dt.timedelta(days=20)


@pytest.fixture
def source(steward):  # type: ignore[no-untyped-def]
    return services.funding_source_save(
        access=access_for(steward, "riverside"), funder="Provincial Youth Justice Fund"
    )


def test_a_deadline_in_french_only_through_the_funders_page(steward_client, source):  # type: ignore[no-untyped-def]
    page = steward_client.get(reverse("agenda:res_funders", args=["riverside"]))
    assert 'name="title_fr"' in page.content.decode()  # the form's French box
    url = reverse("agenda:res_deadline_add", args=["riverside", source.pk])
    steward_client.post(url, {"title_fr": "Décomptes trimestriels", "due_on": SOON.isoformat()})
    d = FundingDeadline.objects.get()
    assert (d.title, d.title_fr) == ("", "Décomptes trimestriels")
    calendar = reverse("agenda:res_deadlines", args=["riverside"])
    english = steward_client.get(calendar, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{MARK_FR}Décomptes trimestriels</span>" in english and "(in French)" in english
    french = steward_client.get(calendar, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Décomptes trimestriels" in french and MARK_FR not in french


def test_a_deadline_in_neither_language_is_refused(steward_client, source):  # type: ignore[no-untyped-def]
    url = reverse("agenda:res_deadline_add", args=["riverside", source.pk])
    steward_client.post(url, {"title": " ", "title_fr": "", "due_on": SOON.isoformat()})
    assert not FundingDeadline.objects.exists()


def test_the_api_takes_and_gives_both(steward, source):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/riverside/funding-sources/{source.pk}/deadlines"
    made = Client().post(
        url,
        {"title": "Quarterly counts", "title_fr": "Décomptes trimestriels", "due_on": str(SOON)},
        content_type="application/json",
        **bearer(steward),
    )
    assert made.status_code == 201, made.content
    assert made.json()["title_fr"] == "Décomptes trimestriels"
    empty = Client().post(
        url, {"due_on": str(SOON)}, content_type="application/json", **bearer(steward)
    )
    assert empty.status_code == 400
    listed = Client().get("/api/v1/collaboratives/riverside/deadlines", **bearer(steward))
    assert [d["title_fr"] for d in listed.json()] == ["Décomptes trimestriels"]


def test_the_calendar_download_is_in_the_readers_language(steward, steward_client, source):  # type: ignore[no-untyped-def]
    services.deadline_add(
        access=access_for(steward, "riverside"),
        source_id=source.pk,
        title="Quarterly counts",
        title_fr="Décomptes trimestriels",
        due_on=SOON,
    )
    url = reverse("agenda:res_deadlines", args=["riverside"])
    french = steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    english = steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Décomptes trimestriels" in french.content.decode("utf-8-sig")
    assert "Quarterly counts" not in french.content.decode("utf-8-sig")
    assert "Quarterly counts" in english.content.decode("utf-8-sig")

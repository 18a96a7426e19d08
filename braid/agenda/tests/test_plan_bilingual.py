"""The action plan's activity and milestone titles in both languages (ADR 0015): written in
English, French or both through the forms and the API (whose `version` still refuses a stale
save); the plan, the activity page, the export and the import give each their own."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from braid.agenda import services
from braid.agenda.models import Activity, Milestone
from braid.agenda.plan_import import import_plan
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer

API = "/api/v1/collaboratives/riverside"
MARK_FR = '<span lang="fr" class="other-lang">'


def _activity(steward, organisation, **titles):  # type: ignore[no-untyped-def]
    return services.activity_create(
        access=access_for(steward, "riverside"),
        lead_id=organisation.pk,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        **titles,
    )


def test_an_activity_and_a_milestone_written_in_french_only_through_the_pages(
    steward_client, organisation
):  # type: ignore[no-untyped-def]
    made = steward_client.post(
        reverse("agenda:activity_new", args=["riverside"]),
        {
            "title": "",
            "title_fr": "Cercles réparateurs",
            "lead_id": organisation.pk,
            "start": "2026-02-01",
            "end": "2026-11-30",
            "status": "planned",
        },
    )
    assert made.status_code == 302, made.content.decode()[:1500]
    a = Activity.objects.get()
    assert (a.title, a.title_fr) == ("", "Cercles réparateurs")
    url = reverse("agenda:milestone_add", args=["riverside", a.pk])
    steward_client.post(
        url, {"title_fr": "Personnel formé", "kind": "milestone", "due_on": "2026-03-01"}
    )
    assert Milestone.objects.get().title_fr == "Personnel formé"
    page = reverse("agenda:activity", args=["riverside", a.pk])
    english = steward_client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{MARK_FR}Cercles réparateurs</span>" in english and "(in French)" in english
    assert f"{MARK_FR}Personnel formé</span>" in english
    french = steward_client.get(page, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Cercles réparateurs" in french and MARK_FR not in french
    assert 'lang="fr">Français</label>' in french  # the milestone form's French box


def test_a_title_in_neither_language_is_refused_with_what_to_do(steward_client, organisation):  # type: ignore[no-untyped-def]
    page = steward_client.post(
        reverse("agenda:activity_new", args=["riverside"]),
        {
            "title": " ",
            "title_fr": "",
            "lead_id": organisation.pk,
            "status": "planned",
            "start": "2026-02-01",
            "end": "2026-11-30",
        },
    )
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    assert not Activity.objects.exists()


def test_the_plan_shows_each_reader_their_language(steward, steward_client, organisation):  # type: ignore[no-untyped-def]
    _activity(steward, organisation, title="Summer jobs", title_fr="Emplois d’été")
    url = reverse("agenda:plan", args=["riverside"])
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Summer jobs" in english and "Emplois d’été" not in english
    assert "Emplois d’été" in french and "Summer jobs" not in french


def test_the_api_takes_and_gives_both_and_keeps_its_version(steward, organisation):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    made = Client().post(
        API + "/activities",
        {
            "title_fr": "Salon de l’emploi",
            "lead_id": organisation.pk,
            "start": "2026-03-01",
            "end": "2026-03-31",
        },
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["title"], body["title_fr"]) == ("", "Salon de l’emploi")
    base = f"{API}/activities/{body['id']}"
    changed = Client().patch(
        base,
        {"version": body["version"], "title": "Jobs fair"},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    assert changed.json()["title_fr"] == "Salon de l’emploi"  # untouched
    stale = Client().patch(
        base,
        {"version": body["version"], "title_fr": "Foire"},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    assert Activity.objects.get().title_fr == "Salon de l’emploi"
    milestone = Client().post(
        base + "/milestones",
        {"title_fr": "Salle réservée", "due_on": "2026-03-10"},
        content_type="application/json",
        **headers,
    )
    assert milestone.status_code == 201 and milestone.json()["title_fr"] == "Salle réservée"
    empty = Client().post(
        base + "/milestones", {"due_on": "2026-03-10"}, content_type="application/json", **headers
    )
    assert empty.status_code == 400


@pytest.mark.django_db
def test_the_export_carries_the_french_title_and_the_import_reads_it_back(
    steward, steward_client, organisation
):  # type: ignore[no-untyped-def]
    a = _activity(steward, organisation, title="Summer jobs", title_fr="Emplois d’été")
    got = steward_client.get(reverse("agenda:plan_export", args=["riverside"]))
    rows = list(load_workbook(io.BytesIO(got.content)).worksheets[0].values)
    assert rows[0][-2] == "activity_fr" and rows[1][-2] == "Emplois d’été"
    text = (
        "id,activity,lead,start,end,activity_fr\n"
        f"{a.pk},Summer jobs,{organisation.name},2026-01-01,2026-12-31,Emplois d’été pour tous\n"
    )
    result = import_plan(
        access=access_for(steward, "riverside"), source=io.BytesIO(text.encode()), filename="p.csv"
    )
    assert result.ok, result.problems
    assert Activity.objects.get().title_fr == "Emplois d’été pour tous"
    without = f"id,activity,lead,start,end\n{a.pk},Summer jobs,{organisation.name},2026-01-01,2026-12-31\n"
    assert import_plan(
        access=access_for(steward, "riverside"),
        source=io.BytesIO(without.encode()),
        filename="p.csv",
    ).ok
    assert Activity.objects.get().title_fr == "Emplois d’été pour tous"  # no column: kept

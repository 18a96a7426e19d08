"""The results chain in both languages (ADR 0015): a goal's title and description, an
objective's title, means and evaluation method are written in English, French or both through
the forms and the API; the results chain, the indicator page's objectives, the scorecard's
groups, the alignment page and the plan's export give each reader their own."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from braid.agenda import selectors, services
from braid.agenda.models import Goal, Objective
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.measures.tests.factories import indicator

API = "/api/v1/collaboratives/riverside"
MARK_FR = '<span lang="fr" class="other-lang">'
MARK_EN = '<span lang="en" class="other-lang">'


def _chain(steward, **objective):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    goal = services.goal_save(access=access, title="Safer youth", title_fr="Des jeunes en sécurité")
    return goal, services.objective_save(access=access, goal_id=goal.pk, **objective)


def test_a_goal_and_an_objective_written_in_french_only_through_the_pages(steward_client):  # type: ignore[no-untyped-def]
    made = steward_client.post(
        reverse("agenda:goal_new", args=["riverside"]),
        {"title_fr": "Moins de violence", "description_fr": "Chez les 12 à 24 ans."},
    )
    assert made.status_code == 302, made.content.decode()[:1500]
    goal = Goal.objects.get()
    assert (goal.title, goal.title_fr, goal.description_fr) == (
        "",
        "Moins de violence",
        "Chez les 12 à 24 ans.",
    )
    steward_client.post(
        reverse("agenda:objective_new", args=["riverside"]),
        {
            "goal": goal.pk,
            "title_fr": "Garder les élèves à l’école",
            "horizon": "short",
            "means_fr": "Travailleurs sociaux",
            "evaluation_method": "Attendance each term",
        },
    )
    o = Objective.objects.get()
    assert (o.title, o.title_fr, o.means_fr) == (
        "",
        "Garder les élèves à l’école",
        "Travailleurs sociaux",
    )
    url = reverse("agenda:results", args=["riverside"])
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{MARK_FR}Moins de violence</span>" in english and "(in French)" in english
    assert f"{MARK_FR}Garder les élèves à l’école</span>" in english
    assert "Attendance each term" in english
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Moins de violence" in french and "Travailleurs sociaux" in french
    assert f"{MARK_EN}Attendance each term</span>" in french and "(en anglais)" in french


def test_the_edit_form_offers_both_languages(steward, steward_client):  # type: ignore[no-untyped-def]
    goal, o = _chain(steward, title="Keep students in school", title_fr="Garder les élèves")
    page = steward_client.get(reverse("agenda:objective_edit", args=["riverside", o.pk]))
    text = page.content.decode()
    assert 'name="title_fr"' in text and 'value="Garder les élèves"' in text
    assert 'name="means_fr"' in text and 'name="evaluation_method_fr"' in text
    page = steward_client.get(reverse("agenda:goal_edit", args=["riverside", goal.pk]))
    assert 'value="Des jeunes en sécurité"' in page.content.decode()


def test_a_title_in_neither_language_is_refused_on_the_title(steward, steward_client, client):  # type: ignore[no-untyped-def]
    page = steward_client.post(reverse("agenda:goal_new", args=["riverside"]), {"title": " "})
    assert page.status_code == 200
    assert "Write it in English, in French or in both." in page.content.decode()
    goal, _o = _chain(steward, title="Keep students in school")
    for url, body in (
        (API + "/goals", {"title": "", "title_fr": " "}),
        (API + "/objectives", {"goal_id": goal.pk, "title": "", "title_fr": ""}),
    ):
        r = client.post(url, body, content_type="application/json", **bearer(steward))
        assert r.status_code == 400, r.content
        assert [e["field"] for e in r.json()["errors"]] == ["title"]
    assert Goal.objects.count() == 1 and Objective.objects.count() == 1


def test_the_api_takes_and_gives_both_languages(steward, client):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    made = client.post(
        API + "/goals",
        {"title_fr": "Moins de violence"},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    assert (made.json()["title"], made.json()["title_fr"]) == ("", "Moins de violence")
    o = client.post(
        API + "/objectives",
        {"goal_id": made.json()["id"], "title": "Divert youth", "means_fr": "Des agents"},
        content_type="application/json",
        **headers,
    ).json()
    assert (o["title"], o["title_fr"], o["means_fr"], o["evaluation_method_fr"]) == (
        "Divert youth",
        "",
        "Des agents",
        "",
    )
    listed = client.get(API + "/goals", **headers).json()
    assert listed[0]["title_fr"] == "Moins de violence" and listed[0]["description_fr"] == ""
    assert listed[0]["objectives"][0]["means_fr"] == "Des agents"
    gaps = client.get(API + "/alignment", **headers).json()["gaps"]
    assert gaps[0]["title"] == "Divert youth" and gaps[0]["goal_fr"] == "Moins de violence"


@pytest.mark.django_db
def test_other_modules_read_the_readers_titles(steward, steward_client, collaborative):  # type: ignore[no-untyped-def]
    from django.utils import translation

    _chain(steward, title="Youth employment", title_fr="Emploi des jeunes")
    _chain(steward, title="After-school mentoring", title_fr="Mentorat après l’école")
    ind = indicator(collaborative, "served")
    url = reverse("measures:indicator", args=["riverside", ind.pk])
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    # The "objectives it measures" list, in French order (E before M; English is A before Y).
    assert french.index("Emploi des jeunes") < french.index("Mentorat après l’école")
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.index("After-school mentoring") < english.index("Youth employment")
    assert "Emploi des jeunes" not in english
    access = access_for(steward, "riverside")
    with translation.override("fr"):
        groups = selectors.objective_groups(access)
    assert [(t, g) for _o, t, _g, g in groups] == [
        ("Emploi des jeunes", "Des jeunes en sécurité"),
        ("Mentorat après l’école", "Des jeunes en sécurité"),
    ]
    page = steward_client.get(
        reverse("agenda:alignment", args=["riverside"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Mentorat après l’école" in page.content.decode()  # a gap: no activity serves it


def test_the_plan_export_carries_the_objectives_in_french(steward, steward_client, organisation):  # type: ignore[no-untyped-def]
    import datetime as dt

    _goal, o = _chain(steward, title="Youth employment", title_fr="Emploi des jeunes")
    services.activity_create(
        access=access_for(steward, "riverside"),
        title="Summer jobs",
        lead_id=organisation.pk,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        objective_ids=[o.pk],
    )
    got = steward_client.get(reverse("agenda:plan_export", args=["riverside"]))
    rows = list(load_workbook(io.BytesIO(got.content)).worksheets[0].values)
    assert rows[0][-1] == "objectives_fr" and rows[1][-1] == "Emploi des jeunes"
    assert rows[1][rows[0].index("objectives")] == "Youth employment"


def test_an_outsider_sees_no_chain(steward, outsider_client):  # type: ignore[no-untyped-def]
    _chain(steward, title="Youth employment", title_fr="Emploi des jeunes")
    url = reverse("agenda:results", args=["riverside"])
    page = outsider_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code in (403, 404) and "Emploi des jeunes" not in page.content.decode()


def test_a_scorecard_heading_written_in_english_only_is_marked_for_a_french_reader(steward):  # type: ignore[no-untyped-def]
    """The heading falls back to the English title, and says so (ADR 0015)."""
    from django.utils import translation

    access = access_for(steward, "riverside")
    goal = Goal.objects.create(collaborative=access.collaborative, title="Safe youth")
    Objective.objects.create(collaborative=access.collaborative, goal=goal, title="Mentoring")
    with translation.override("fr"):
        [(_o, title, _g, goal_title)] = selectors.objective_groups(access)
    assert "Mentoring" in title and "(en anglais)" in title
    assert 'lang="en"' in goal_title and "Safe youth" in goal_title

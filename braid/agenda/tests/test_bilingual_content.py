"""Agenda, governance and terms of reference written in both languages: each reader gets theirs,
or the other one marked; the French terms of reference never pass English text off as French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.agenda import services
from braid.agenda.governance import services as governance
from braid.agenda.models import AgendaVersion, GovernanceBody
from braid.agenda.terms import services as terms
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.errors import ServiceError

MARK_EN = '<span lang="en" class="other-lang">'


@pytest.fixture
def partner_org(organisation):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    return organisation


@pytest.fixture
def agenda(steward):  # type: ignore[no-untyped-def]
    return services.agenda_save(
        access=access_for(steward, "riverside"),
        base_number=0,
        problem="Youth leave school early.",
        problem_fr="Les jeunes quittent l'école trop tôt.",
        vision="Every young person connected.",
    )


def test_the_agenda_page_shows_each_reader_their_language_and_marks_the_other(
    steward_client, agenda
):  # type: ignore[no-untyped-def]
    url = reverse("agenda:agenda", args=["riverside"])
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Youth leave school early." in english and "quittent" not in english
    assert "Every young person connected." in english and MARK_EN not in english
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Les jeunes quittent l&#x27;école trop tôt." in french
    assert "Youth leave school early." not in french
    assert f"{MARK_EN}Every young person connected.</span>" in french
    assert "(en anglais)" in french


def test_the_edit_form_shows_both_boxes_and_saves_both(steward_client, agenda):  # type: ignore[no-untyped-def]
    url = reverse("agenda:agenda_edit", args=["riverside"])
    form = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="fr">Français</label>' in form and "quittent" in form
    response = steward_client.post(
        url,
        {
            "base_number": 1,
            "problem": "Youth leave school early.",
            "problem_fr": "Les jeunes quittent l'école trop tôt.",
            "vision": "Every young person connected.",
            "vision_fr": "Chaque jeune est entouré.",
        },
    )
    assert response.status_code == 302
    current = AgendaVersion.objects.get(number=2)
    assert current.vision_fr == "Chaque jeune est entouré."
    assert current.problem_fr == "Les jeunes quittent l'école trop tôt."


def test_a_required_section_may_be_written_in_french_only_but_not_blank_in_both(steward, agenda):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    keep = {"vision": "Every young person connected."}
    services.agenda_save(
        access=access, base_number=1, problem="", problem_fr="Les jeunes partent.", **keep
    )
    with pytest.raises(ServiceError) as exc:
        services.agenda_save(access=access, base_number=2, problem="", problem_fr=" ", **keep)
    assert [p.field for p in exc.value.problems] == ["problem"]
    assert AgendaVersion.objects.count() == 2


def test_the_api_reads_and_writes_both_languages(client, steward, agenda):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    got = client.get("/api/v1/collaboratives/riverside/agenda/versions/1", **headers).json()
    assert (got["problem"], got["problem_fr"], got["vision_fr"]) == (
        "Youth leave school early.",
        "Les jeunes quittent l'école trop tôt.",
        "",
    )
    saved = client.post(
        "/api/v1/collaboratives/riverside/agenda/versions",
        {"base_number": 1, "problem": "P", "vision": "V", "vision_fr": "V fr"},
        content_type="application/json",
        **headers,
    )
    assert saved.status_code == 201 and saved.json()["vision_fr"] == "V fr"


def test_french_terms_of_reference_use_the_french_text_and_mark_english_only_text(
    steward, steward_client, partner_org, agenda
):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    rules = governance.rules_save(
        access=access,
        name="Steering rules",
        decision_method="consensus",
        meeting_frequency="Monthly",
        meeting_frequency_fr="Tous les mois",
        channels="A group chat",
    )
    body = governance.body_save(
        access=access,
        name="Steering committee",
        kind="steering",
        purpose="Sets direction.",
        purpose_fr="Donne la direction.",
        rules_id=rules.pk,
        member_organisation_ids=[partner_org.pk],
    )
    assert GovernanceBody.objects.get(pk=body.pk).purpose_fr == "Donne la direction."
    terms.terms_issue(
        access=access,
        title="Terms 2026",
        effective_from=dt.date(2026, 1, 15),
        data_sharing="Aggregates only.",
        data_sharing_fr="Agrégats seulement.",
        term_and_exit="Two years.",
    )
    page = steward_client.get(
        reverse("agenda:terms", args=["riverside"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = page.content.decode()
    for french in ("quittent l&#x27;école", "Donne la direction.", "Tous les mois", "Agrégats"):
        assert french in html
    for english in ("Youth leave school", "Sets direction", "Monthly", "Aggregates only"):
        assert english not in html
    # What exists only in English is shown, tagged as English and marked, never passed off.
    assert f"{MARK_EN}Every young person connected.</span>" in html
    assert f"{MARK_EN}A group chat</span>" in html
    assert f"{MARK_EN}Two years.</span>" in html
    english = steward_client.get(
        reverse("agenda:terms", args=["riverside"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Sets direction." in english and "Monthly" in english and MARK_EN not in english


def test_reissue_sees_a_french_clause_change(steward, partner_org, agenda):  # type: ignore[no-untyped-def]
    from braid.agenda.terms import selectors

    access = access_for(steward, "riverside")
    latest = terms.terms_issue(
        access=access, title="T", effective_from=dt.date(2026, 1, 15), data_sharing="A"
    )
    same = {"title": "T", "data_sharing": "A", "effective_to": None}
    assert selectors.changes_since(latest, latest.snapshot, same) == []
    changed = selectors.changes_since(latest, latest.snapshot, {**same, "data_sharing_fr": "B"})
    assert changed == ["The data-sharing clause changes."]


def test_the_title_and_the_issue_written_once_are_marked_as_english_in_french(
    steward, steward_client, partner_org, agenda
):  # type: ignore[no-untyped-def]
    terms.terms_issue(
        access=access_for(steward, "riverside"),
        title="Terms 2026",
        effective_from=dt.date(2026, 1, 15),
    )
    url = reverse("agenda:terms", args=["riverside"])
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<h1 class="tor-title">{MARK_EN}Terms 2026</span>' in french
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="tor-title">Terms 2026</h1>' in english


def test_the_change_note_is_written_in_both_languages_and_read_in_the_readers(
    client, steward, steward_client, agenda
):  # type: ignore[no-untyped-def]
    url = reverse("agenda:agenda_edit", args=["riverside"])
    form = steward_client.get(url).content.decode()
    assert 'name="change_note_fr"' in form
    steward_client.post(
        url,
        {
            "base_number": 1,
            "problem": "Youth leave school early.",
            "vision": "Every young person served.",
            "change_note": "Vision reworded",
        },
    )
    saved = client.post(
        "/api/v1/collaboratives/riverside/agenda/versions",
        {
            "base_number": 2,
            "problem": "P",
            "vision": "V",
            "change_note": "Problem shortened",
            "change_note_fr": "Problème raccourci",
        },
        content_type="application/json",
        **bearer(steward),
    )
    assert saved.status_code == 201 and saved.json()["change_note_fr"] == "Problème raccourci"
    history = reverse("agenda:agenda_history", args=["riverside"])
    french = steward_client.get(history, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "“Problème raccourci”" in french and "Problem shortened" not in french
    assert f"“{MARK_EN}Vision reworded</span>" in french  # written in English only: marked
    page = steward_client.get(
        reverse("agenda:agenda", args=["riverside"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "“Problème raccourci”" in page.content.decode()
    english = steward_client.get(history, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "“Problem shortened”" in english and "Problème raccourci" not in english


def test_the_rules_and_versions_downloads_hold_the_readers_language(steward_client, steward):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    services.agenda_save(
        access=access,
        base_number=0,
        problem="Youth leave school early.",
        change_note="First draft",
        change_note_fr="Première version",
    )
    governance.rules_save(
        access=access,
        rules_id=None,
        name="Steering rules",
        decision_method="consensus",
        meeting_frequency="Monthly",
        meeting_frequency_fr="Chaque mois",
    )
    for name, english, french in (
        ("agenda:agenda_history", "First draft", "Première version"),
        ("agenda:gov_rules", "Monthly", "Chaque mois"),
    ):
        url = reverse(name, args=["riverside"])
        en = steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
        fr = steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
        assert english in en.content.decode("utf-8-sig") and french not in en.content.decode()
        assert french in fr.content.decode("utf-8-sig") and english not in fr.content.decode()

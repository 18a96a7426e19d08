"""Two stewards editing one governance record (a body, its rules of procedure, a leadership
role): the second, stale save is refused and changes nothing, on the page and in the API
(If-Match with the version the GET gave); a fresh save goes through and moves the version."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.governance import services
from braid.agenda.models import GovernanceBody, LeadershipRole, RulesOfProcedure
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory

API = "/api/v1/collaboratives/riverside"
STALE = "Someone changed this while you were editing it. Nothing of yours was saved"


@pytest.fixture
def records(steward, collaborative):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    rules = services.rules_save(access=access, name="SC rules", decision_method="consensus")
    body = services.body_save(access=access, name="Steering committee", kind="steering")
    org = OrganisationFactory(collaborative=collaborative, name="Eastside Health")
    role = services.leadership_save(
        access=access,
        title="chair",
        person="Amina",
        organisation_id=org.pk,
        term_start=dt.date(2026, 1, 1),
    )
    return access, rules, body, role, org


def test_a_stale_page_save_is_refused_and_changes_nothing(records, steward_client) -> None:  # type: ignore[no-untyped-def]
    access, _rules, body, role, org = records
    services.body_save(  # another steward saves first, from version 1
        access=access,
        body_id=body.pk,
        version=1,
        name="Steering committee",
        kind="steering",
        purpose="Theirs",
    )
    page = steward_client.post(
        reverse("agenda:gov_body_edit", args=["riverside", body.pk]),
        {"version": 1, "name": "Mine", "kind": "steering", "purpose": "Mine"},
    )
    assert page.status_code == 200 and STALE in page.content.decode()
    body.refresh_from_db()
    assert (body.name, body.purpose, body.version) == ("Steering committee", "Theirs", 2)
    fresh = steward_client.post(
        reverse("agenda:gov_body_edit", args=["riverside", body.pk]),
        {"version": 2, "name": "Mine", "kind": "steering", "purpose": "Mine"},
    )
    assert fresh.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.version) == ("Mine", 3)

    services.leadership_save(
        access=access,
        role_id=role.pk,
        version=1,
        title="co_chair",
        person="Amina",
        organisation_id=org.pk,
        term_start=dt.date(2026, 1, 1),
    )
    page = steward_client.post(
        reverse("agenda:gov_leadership_edit", args=["riverside", role.pk]),
        {
            "version": 1,
            "title": "chair",
            "person": "Ben",
            "organisation_id": org.pk,
            "term_start": "2026-01-01",
        },
    )
    assert STALE in page.content.decode()
    role.refresh_from_db()
    assert (role.person, role.title) == ("Amina", "co_chair")


def test_the_edit_forms_carry_the_version_they_loaded(records, steward_client) -> None:  # type: ignore[no-untyped-def]
    _access, rules, body, role, _org = records
    for name, pk in (
        ("gov_body_edit", body.pk),
        ("gov_rules_edit", rules.pk),
        ("gov_leadership_edit", role.pk),
    ):
        html = steward_client.get(reverse(f"agenda:{name}", args=["riverside", pk])).content
        assert b'type="hidden" name="version" value="1"' in html, name


def test_the_api_refuses_a_stale_if_match_with_409(records, steward) -> None:  # type: ignore[no-untyped-def]
    access, rules, body, role, org = records
    client, headers = Client(), bearer(steward)
    got = client.get(f"{API}/rules", **headers).json()
    assert [r["version"] for r in got] == [1]
    services.rules_save(
        access=access, rules_id=rules.pk, version=1, name="Theirs", decision_method="consensus"
    )
    put = client.put(
        f"{API}/rules/{rules.pk}",
        json.dumps({"name": "Mine", "decision_method": "consent"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **headers,
    )
    assert put.status_code == 409, put.content
    assert put.json()["current"]["version"] == 2
    rules.refresh_from_db()
    assert (rules.name, rules.decision_method) == ("Theirs", "consensus")
    fresh = client.put(
        f"{API}/rules/{rules.pk}",
        json.dumps({"name": "Mine", "decision_method": "consent"}),
        content_type="application/json",
        HTTP_IF_MATCH='"2"',
        **headers,
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 3
    for path, payload, stale in (
        (f"/bodies/{body.pk}", {"name": "Mine", "kind": "steering"}, body),
        (
            f"/leadership/{role.pk}",
            {
                "title": "chair",
                "person": "Ben",
                "organisation_id": org.pk,
                "term_start": "2026-01-01",
            },
            role,
        ),
    ):
        type(stale).objects.filter(pk=stale.pk).update(version=5)  # someone saved meanwhile
        put = client.put(
            API + path,
            json.dumps(payload),
            content_type="application/json",
            HTTP_IF_MATCH='"1"',
            **headers,
        )
        assert put.status_code == 409, (path, put.content)
    assert GovernanceBody.objects.get(pk=body.pk).name == "Steering committee"
    assert LeadershipRole.objects.get(pk=role.pk).person == "Amina"
    assert RulesOfProcedure.objects.get(pk=rules.pk).version == 3


def test_goals_and_objectives_refuse_a_stale_save(steward, steward_client) -> None:  # type: ignore[no-untyped-def]
    from braid.agenda import services as agenda_services
    from braid.agenda.models import Goal, Objective

    access = access_for(steward, "riverside")
    goal = agenda_services.goal_save(access=access, title="Safer streets")
    objective = agenda_services.objective_save(
        access=access, goal_id=goal.pk, title="Fewer charges"
    )
    agenda_services.goal_save(access=access, goal_id=goal.pk, version=1, title="Theirs")
    page = steward_client.post(
        reverse("agenda:goal_edit", args=["riverside", goal.pk]),
        {"version": 1, "title": "Mine"},
    )
    assert page.status_code == 200 and STALE in page.content.decode()
    assert Goal.objects.get(pk=goal.pk).title == "Theirs"
    html = steward_client.get(reverse("agenda:objective_edit", args=["riverside", objective.pk]))
    assert b'type="hidden" name="version" value="1"' in html.content
    agenda_services.objective_save(
        access=access, objective_id=objective.pk, goal_id=goal.pk, version=1, title="Theirs"
    )
    client, headers = Client(), bearer(steward)
    put = client.put(
        f"{API}/objectives/{objective.pk}",
        json.dumps({"goal_id": goal.pk, "title": "Mine"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **headers,
    )
    assert put.status_code == 409
    assert Objective.objects.get(pk=objective.pk).title == "Theirs"
    fresh = client.put(
        f"{API}/goals/{goal.pk}",
        json.dumps({"title": "Mine"}),
        content_type="application/json",
        HTTP_IF_MATCH='"2"',
        **headers,
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 3


def test_milestones_and_funding_sources_refuse_a_stale_save(steward, steward_client) -> None:  # type: ignore[no-untyped-def]
    from braid.agenda import services as agenda_services
    from braid.agenda.models import FundingSource, Milestone
    from braid.agenda.resources import services as resources
    from braid.agenda.tests.factories import make_activity

    access = access_for(steward, "riverside")
    activity = make_activity(access.collaborative, title="Mentoring")
    milestone = agenda_services.milestone_save(
        access=access, activity_id=activity.pk, title="Ten mentors", due_on=activity.start
    )
    agenda_services.milestone_save(  # someone renames it first
        access=access,
        activity_id=activity.pk,
        milestone_id=milestone.pk,
        version=1,
        title="Twelve mentors",
        due_on=activity.start,
    )
    client, headers = Client(), bearer(steward)
    url = f"{API}/activities/{activity.pk}/milestones/{milestone.pk}"
    body = json.dumps({"title": "Mine", "due_on": activity.start.isoformat()})
    put = client.put(url, body, content_type="application/json", HTTP_IF_MATCH='"1"', **headers)
    assert put.status_code == 409
    assert Milestone.objects.get(pk=milestone.pk).title == "Twelve mentors"
    put = client.put(url, body, content_type="application/json", HTTP_IF_MATCH='"2"', **headers)
    assert put.status_code == 200 and put.json()["version"] == 3

    source = resources.funding_source_save(access=access, funder="Lakeview Foundation")
    resources.funding_source_save(
        access=access,
        source_id=source.pk,
        version=1,
        funder="Lakeview Foundation",
        programme="Theirs",
    )
    page = steward_client.post(
        reverse("agenda:res_funder_edit", args=["riverside", source.pk]),
        {"version": 1, "funder": "Lakeview Foundation", "programme": "Mine"},
    )
    assert page.status_code == 200 and STALE in page.content.decode()
    assert FundingSource.objects.get(pk=source.pk).programme == "Theirs"
    put = client.put(
        f"{API}/funding-sources/{source.pk}",
        json.dumps({"funder": "Lakeview Foundation", "programme": "Mine"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **headers,
    )
    assert put.status_code == 409

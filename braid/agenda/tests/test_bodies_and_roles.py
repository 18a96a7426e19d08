"""Governance: bodies, rules of procedure, the responsibility matrix, leadership, backbone
functions, and every route refusing outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.governance import selectors, services
from braid.agenda.models import (
    BackboneAssignment,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    RulesOfProcedure,
)
from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.core.testing import assert_outsider_api, assert_outsider_ui, table_counts
from braid.partners.tests.factories import ContactFactory

API = "/api/v1/collaboratives/riverside"


def test_majority_vote_rules_are_checked(steward, steward_client):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    with pytest.raises(ServiceError) as exc:
        services.rules_save(
            access=access, name="SC", decision_method="majority", quorum_pct=150, majority_pct=40
        )
    messages = {p.field: p.message for p in exc.value.problems}
    assert "from 1 to 100, not 150" in messages["quorum_pct"]
    assert "at least 50" in messages["majority_pct"]
    with pytest.raises(ServiceError, match="needs a quorum"):
        services.rules_save(access=access, name="SC", decision_method="majority", majority_pct=60)
    with pytest.raises(ServiceError, match="Consensus and consent take no vote"):
        services.rules_save(access=access, name="SC", decision_method="consensus", quorum_pct=50)
    headers = bearer(steward)
    before = table_counts()
    r = Client().post(
        API + "/rules",
        {"name": "SC", "decision_method": "majority", "quorum_pct": 150, "majority_pct": 60},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "quorum_pct"
    page = steward_client.post(
        reverse("agenda:gov_rules_new", args=["riverside"]),
        {"name": "SC", "decision_method": "majority", "quorum_pct": 150, "majority_pct": 60},
    ).content.decode()
    assert "enter a percentage from 1 to 100, not 150" in page
    assert table_counts() == before
    rules = services.rules_save(
        access=access, name="SC", decision_method="majority", quorum_pct=60, majority_pct=67
    )
    assert (rules.quorum_pct, rules.majority_pct) == (60, 67)


def test_body_with_members_chair_and_rules(steward, steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    chair = ContactFactory(organisation=organisation, name="Dr. Raman")
    rules = RulesOfProcedure.objects.create(
        collaborative=collaborative, name="R", decision_method="consent"
    )
    r = steward_client.post(
        reverse("agenda:gov_body_new", args=["riverside"]),
        {
            "name": "Steering committee",
            "kind": "steering",
            "member_organisation_ids": [organisation.pk],
            "chair_id": chair.pk,
            "rules_id": rules.pk,
        },
    )
    body = GovernanceBody.objects.get()
    assert r.status_code == 302
    assert list(body.member_organisations.all()) == [organisation]
    assert list(body.member_contacts.all()) == [chair]  # the chair sits on the body
    a = make_activity(collaborative, lead=organisation, body=body, title="Referral pathway")
    page = steward_client.get(
        reverse("agenda:gov_body", args=["riverside", body.pk])
    ).content.decode()
    assert "Dr. Raman" in page and "Referral pathway" in page and "Consent" in page
    assert a.body == body


def test_foreign_members_are_refused(steward, other_collaborative):  # type: ignore[no-untyped-def]
    foreign = OrganisationFactory(collaborative=other_collaborative)
    with pytest.raises(ServiceError) as exc:
        services.body_save(
            access=access_for(steward, "riverside"),
            name="WG",
            kind="working_group",
            member_organisation_ids=[foreign.pk],
        )
    assert exc.value.problems[0].field == "member_organisation_ids"
    assert GovernanceBody.objects.count() == 0


def test_raci_cells_and_warnings(steward, steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    other = OrganisationFactory(collaborative=collaborative, status="partner")
    a = make_activity(collaborative, lead=organisation)
    m = selectors.raci_matrix(access_for(steward, "riverside"))
    assert m.warnings[a.pk] == ["no one is accountable", "no one is responsible for doing the work"]
    steward_client.post(
        reverse("agenda:gov_raci", args=["riverside"]),
        {"activity": a.pk, "organisation": organisation.pk, "role": "A"},
    )
    steward_client.post(
        reverse("agenda:gov_raci", args=["riverside"]),
        {"activity": a.pk, "organisation": other.pk, "role": "A"},
    )
    m = selectors.raci_matrix(access_for(steward, "riverside"))
    assert m.warnings[a.pk] == ["2 organisations are accountable: keep one"]
    r = Client().put(
        API + "/raci",
        {"activity_id": a.pk, "organisation_id": other.pk, "role": "R"},
        content_type="application/json",
        **bearer(steward),
    )
    assert r.status_code == 200 and r.json()["warnings"] == {}
    assert Responsibility.objects.get(organisation=other).role == "R"
    r = Client().put(
        API + "/raci",
        {"activity_id": a.pk, "organisation_id": other.pk, "role": "X"},
        content_type="application/json",
        **bearer(steward),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "role"
    assert 'choose one of "", R, A, C, I' in r.json()["errors"][0]["message"]
    services.raci_set(
        access=access_for(steward, "riverside"), activity_id=a.pk, organisation_id=other.pk, role=""
    )
    assert Responsibility.objects.count() == 1


def test_leadership_terms_and_sector_spread(steward, collaborative):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    health = OrganisationFactory(collaborative=collaborative, sector="health")
    police = OrganisationFactory(collaborative=collaborative, sector="police_justice")
    today = dt.date(2026, 6, 1)
    services.leadership_save(
        access=access,
        title="chair",
        person="A",
        organisation_id=police.pk,
        term_start=dt.date(2026, 1, 1),
    )
    services.leadership_save(
        access=access,
        title="co_chair",
        person="B",
        organisation_id=health.pk,
        term_start=dt.date(2025, 1, 1),
        term_end=dt.date(2026, 12, 31),
    )
    services.leadership_save(
        access=access,
        title="wg_lead",
        person="C",
        organisation_id=health.pk,
        term_start=dt.date(2026, 2, 1),
    )
    services.leadership_save(
        access=access,
        title="chair",
        person="D",
        organisation_id=health.pk,
        term_start=dt.date(2023, 1, 1),
        term_end=dt.date(2024, 12, 31),
    )
    with pytest.raises(ServiceError, match="cannot end"):
        services.leadership_save(
            access=access,
            title="chair",
            person="E",
            organisation_id=health.pk,
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2025, 1, 1),
        )
    data = selectors.leadership(access, today=today)
    assert [r.person for r in data.current] == ["B", "A", "C"]
    assert [r.person for r in data.past] == ["D"]
    assert [(code, n) for code, _label, n in data.by_sector] == [
        ("health", 2),
        ("police_justice", 1),
    ]
    spec = selectors.sector_spec(data.by_sector)
    assert spec["data"]["values"] == [
        {"sector": "Health", "roles": 2},
        {"sector": "Police and justice", "roles": 1},
    ]
    assert LeadershipRole.objects.count() == 4
    d = LeadershipRole.objects.get(person="D")
    with pytest.raises(ServiceError, match="cannot end"):
        services.leadership_save(
            access=access,
            role_id=d.pk,
            title="chair",
            person="D",
            organisation_id=health.pk,
            term_start=dt.date(2025, 1, 1),
            term_end=dt.date(2024, 1, 1),
        )
    services.leadership_save(
        access=access,
        role_id=d.pk,
        title="chair",
        person="D",
        organisation_id=police.pk,
        term_start=dt.date(2023, 1, 1),
        term_end=dt.date(2026, 12, 31),
    )
    data = selectors.leadership(access, today=today)
    assert [(code, n) for code, _label, n in data.by_sector] == [
        ("health", 2),
        ("police_justice", 2),
    ]


def test_backbone_functions_assigned_and_unassigned(steward, steward_client):  # type: ignore[no-untyped-def]
    steward_client.post(
        reverse("agenda:gov_backbone", args=["riverside"]),
        {"function": "measurement", "assignee": "Kwame, data lead"},
    )
    functions = selectors.backbone(access_for(steward, "riverside"))
    assert len(functions) == 6
    assigned = {code: a.assignee for code, _label, a in functions if a}
    assert assigned == {"measurement": "Kwame, data lead"}
    page = steward_client.get(reverse("agenda:gov_backbone", args=["riverside"])).content.decode()
    assert page.count("unassigned") == 5
    r = Client().get(API + "/backbone", **bearer(steward)).json()
    assert [x["assignee"] for x in r].count(None) == 5
    steward_client.post(
        reverse("agenda:gov_backbone", args=["riverside"]),
        {"function": "measurement", "assignee": ""},
    )
    assert BackboneAssignment.objects.count() == 0


def test_partner_and_viewer_read_but_cannot_change_governance(
    partner_client, viewer_client, partner
):  # type: ignore[no-untyped-def]
    for client in (partner_client, viewer_client):
        assert client.get(reverse("agenda:gov_bodies", args=["riverside"])).status_code == 200
        assert client.get(reverse("agenda:gov_raci", args=["riverside"])).status_code == 200
        assert (
            client.post(
                reverse("agenda:gov_backbone", args=["riverside"]),
                {"function": "policy", "assignee": "x"},
            ).status_code
            == 403
        )
        assert client.get(reverse("agenda:gov_body_new", args=["riverside"])).status_code == 403
    r = Client().post(
        API + "/rules",
        {"name": "x", "decision_method": "consent"},
        content_type="application/json",
        **bearer(partner),
    )
    assert r.status_code == 403
    assert RulesOfProcedure.objects.count() == 0


# --- Outsiders ----------------------------------------------------------------------------


@pytest.fixture
def objects(collaborative, organisation):  # type: ignore[no-untyped-def]
    rules = RulesOfProcedure.objects.create(
        collaborative=collaborative, name="R", decision_method="consent"
    )
    body = GovernanceBody.objects.create(
        collaborative=collaborative, name="SC", kind="steering", rules=rules
    )
    role = LeadershipRole.objects.create(
        collaborative=collaborative,
        title="chair",
        person="P",
        organisation=organisation,
        term_start=dt.date(2026, 1, 1),
    )
    activity = make_activity(collaborative, lead=organisation)
    return {
        "body": body.pk,
        "rules": rules.pk,
        "role": role.pk,
        "activity": activity.pk,
        "org": organisation.pk,
    }


UI = [
    ("get", "agenda:gov_bodies", [], {}),
    ("get", "agenda:gov_body_new", [], {}),
    ("post", "agenda:gov_body_new", [], {"name": "Stolen", "kind": "other"}),
    ("get", "agenda:gov_body", ["body"], {}),
    ("get", "agenda:gov_body_edit", ["body"], {}),
    ("post", "agenda:gov_body_edit", ["body"], {"name": "Stolen", "kind": "other"}),
    ("post", "agenda:gov_body_delete", ["body"], {}),
    ("get", "agenda:gov_rules", [], {}),
    ("get", "agenda:gov_rules_new", [], {}),
    ("post", "agenda:gov_rules_new", [], {"name": "Stolen", "decision_method": "consent"}),
    ("get", "agenda:gov_rules_edit", ["rules"], {}),
    ("post", "agenda:gov_rules_edit", ["rules"], {"name": "Stolen", "decision_method": "consent"}),
    ("post", "agenda:gov_rules_delete", ["rules"], {}),
    ("get", "agenda:gov_raci", [], {}),
    ("post", "agenda:gov_raci", [], {"activity": "activity", "organisation": "org", "role": "A"}),
    ("get", "agenda:gov_leadership", [], {}),
    (
        "post",
        "agenda:gov_leadership",
        [],
        {"title": "chair", "person": "x", "organisation_id": "org", "term_start": "2026-01-01"},
    ),
    ("get", "agenda:gov_leadership_edit", ["role"], {}),
    (
        "post",
        "agenda:gov_leadership_edit",
        ["role"],
        {"title": "chair", "person": "x", "organisation_id": "org", "term_start": "2026-01-01"},
    ),
    ("post", "agenda:gov_leadership_delete", ["role"], {}),
    ("get", "agenda:gov_backbone", [], {}),
    ("post", "agenda:gov_backbone", [], {"function": "policy", "assignee": "x"}),
]


def _data(objects, data):  # type: ignore[no-untyped-def]
    return {k: objects.get(v, v) if isinstance(v, str) else v for k, v in data.items()}


@pytest.mark.parametrize(("method", "name", "args", "data"), UI)
def test_outsider_ui(
    outsider_client, collaborative, other_collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    for slug in {collaborative.slug, other_collaborative.slug} if args else {collaborative.slug}:
        assert_outsider_ui(
            outsider_client,
            method,
            reverse(name, args=[slug, *[objects[a] for a in args]]),
            _data(objects, data),
        )


API_ROUTES = [
    ("get", "/rules", None),
    ("post", "/rules", {"name": "x", "decision_method": "consent"}),
    ("put", "/rules/{rules}", {"name": "x", "decision_method": "consent"}),
    ("delete", "/rules/{rules}", None),
    ("get", "/bodies", None),
    ("post", "/bodies", {"name": "x", "kind": "other"}),
    ("get", "/bodies/{body}", None),
    ("put", "/bodies/{body}", {"name": "x", "kind": "other"}),
    ("delete", "/bodies/{body}", None),
    ("get", "/raci", None),
    ("put", "/raci", {"activity_id": "{activity}", "organisation_id": "{org}", "role": "A"}),
    ("get", "/leadership", None),
    ("get", "/leadership/sectors", None),
    (
        "post",
        "/leadership",
        {"title": "chair", "person": "x", "organisation_id": "{org}", "term_start": "2026-01-01"},
    ),
    (
        "put",
        "/leadership/{role}",
        {"title": "chair", "person": "x", "organisation_id": "{org}", "term_start": "2026-01-01"},
    ),
    ("delete", "/leadership/{role}", None),
    ("get", "/backbone", None),
    ("put", "/backbone/policy", {"assignee": "x"}),
]


def _body(objects, body):  # type: ignore[no-untyped-def]
    if body is None:
        return None
    return {
        k: int(v.format(**objects)) if isinstance(v, str) and v.startswith("{") else v
        for k, v in body.items()
    }


@pytest.mark.parametrize(("method", "path", "body"), API_ROUTES)
def test_outsider_api(
    client, outsider, collaborative, other_collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    headers = bearer(outsider)
    slugs = {collaborative.slug, other_collaborative.slug} if "{" in path else {collaborative.slug}
    for slug in slugs:
        assert_outsider_api(
            client,
            headers,
            method,
            f"/api/v1/collaboratives/{slug}" + path.format(**objects),
            _body(objects, body),
        )

"""Every Diagnose route answers another collaborative's user with 404 and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui
from braid.partners.models import ContextFactor, OutreachEntry
from braid.partners.tests.factories import ContactFactory, RatingFactory


@pytest.fixture
def objects(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    contact = ContactFactory(organisation=organisation)
    RatingFactory(organisation=organisation)
    entry = OutreachEntry.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        channel="call",
        follow_up_on=dt.date.today(),
    )
    factor = ContextFactor.objects.create(
        collaborative=collaborative,
        date=dt.date.today(),
        category="people",
        title="New chief",
        effect="opens",
    )
    return {
        "pk": organisation.pk,
        "contact_id": contact.pk,
        "entry_id": entry.pk,
        "factor_id": factor.pk,
    }


UI = [
    ("get", "partners:list", [], {}),
    ("get", "partners:new", [], {}),
    ("post", "partners:new", [], {"name": "Stolen", "sector": "other"}),
    ("get", "partners:board", [], {}),
    ("get", "partners:follow_ups", [], {}),
    ("post", "partners:follow_up_done", ["entry_id"], {}),
    ("get", "partners:stakeholders", [], {}),
    ("get", "partners:framings", [], {}),
    ("post", "partners:framings", [], {"sector": "health", "framing": "x"}),
    ("post", "partners:sector_add", [], {"label": "Faith"}),
    ("get", "partners:context", [], {}),
    (
        "post",
        "partners:context",
        [],
        {"date": "2026-01-01", "category": "people", "effect": "opens", "title": "x"},
    ),
    ("post", "partners:context_delete", ["factor_id"], {}),
    ("get", "partners:levels", [], {}),
    ("get", "partners:import", [], {}),
    ("get", "partners:export", [], {}),
    ("get", "partners:detail", ["pk"], {}),
    ("get", "partners:edit", ["pk"], {}),
    ("post", "partners:edit", ["pk"], {"name": "Renamed", "sector": "other"}),
    ("post", "partners:status", ["pk"], {"status": "declined"}),
    ("post", "partners:contact_add", ["pk"], {"name": "Eve", "preferred_language": "en"}),
    ("post", "partners:contact_remove", ["pk", "contact_id"], {}),
    ("post", "partners:outreach_add", ["pk"], {"date": "2026-01-01", "channel": "call"}),
    ("post", "partners:rating_add", ["pk"], {"influence": 5, "proximity": 5, "stance": "opponent"}),
    ("post", "partners:level_report", ["pk"], {"level": 4}),
    ("get", "partners:draft", ["pk"], {}),
]


@pytest.mark.parametrize(("method", "name", "args", "data"), UI)
def test_outsider_gets_404_and_nothing_changes(
    outsider_client, collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[collaborative.slug, *[objects[a] for a in args]]),
        data,
    )


@pytest.mark.parametrize(("method", "name", "args", "data"), [r for r in UI if r[2]])
def test_outsider_cannot_reach_rows_under_its_own_slug(
    outsider_client, other_collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[other_collaborative.slug, *[objects[a] for a in args]]),
        data,
    )


API = [
    ("get", "/organisations", None),
    ("post", "/organisations", {"name": "Stolen"}),
    ("get", "/organisations/{pk}", None),
    ("patch", "/organisations/{pk}", {"name": "Renamed"}),
    ("post", "/organisations/{pk}/set-status", {"status": "declined"}),
    ("post", "/organisations/{pk}/report-level", {"level": 4}),
    ("post", "/organisations/{pk}/contacts", {"name": "Eve"}),
    ("get", "/organisations/{pk}/outreach", None),
    ("post", "/organisations/{pk}/outreach", {"channel": "call"}),
    ("post", "/outreach/{entry_id}/complete-follow-up", None),
    ("get", "/follow-ups", None),
    ("get", "/organisations/{pk}/ratings", None),
    ("post", "/organisations/{pk}/ratings", {"influence": 1, "proximity": 1, "stance": "opponent"}),
    ("get", "/stakeholders", None),
    ("get", "/framings", None),
    ("put", "/framings", {"sector": "health", "framing": "x"}),
    ("get", "/context-factors", None),
    (
        "post",
        "/context-factors",
        {"date": "2026-01-01", "category": "people", "effect": "opens", "title": "x"},
    ),
    ("delete", "/context-factors/{factor_id}", None),
    ("get", "/levels", None),
]


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_outsider_api_gets_404_and_nothing_changes(
    client, outsider, collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}" + path.format(**objects)
    assert_outsider_api(client, bearer(outsider), method, url, body)

"""Every resources and terms-of-reference route answers another collaborative's user with 404
and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from braid.agenda.models import (
    Contribution,
    FundingDeadline,
    FundingSource,
    Signature,
    TermsVersion,
)
from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui


@pytest.fixture
def objects(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    contribution = Contribution.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        kind="funding",
        value=Decimal(1000),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    source = FundingSource.objects.create(collaborative=collaborative, funder="City Fund")
    deadline = FundingDeadline.objects.create(
        collaborative=collaborative, source=source, title="Report", due_on=dt.date(2026, 3, 1)
    )
    TermsVersion.objects.create(
        collaborative=collaborative,
        number=1,
        title="ToR",
        effective_from=dt.date(2026, 1, 1),
        snapshot={"partners": [{"id": organisation.pk, "name": organisation.name}]},
    )
    return {
        "contribution_id": contribution.pk,
        "source_id": source.pk,
        "deadline_id": deadline.pk,
        "number": 1,
        "org": organisation.pk,
    }


UI = [
    ("get", "agenda:res_contributions", [], {}),
    (
        "post",
        "agenda:res_contributions",
        [],
        {
            "organisation_id": "org",
            "kind": "funding",
            "value": "5",
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
        },
    ),
    ("post", "agenda:res_contribution_delete", ["contribution_id"], {}),
    ("get", "agenda:res_funders", [], {}),
    ("post", "agenda:res_funders", [], {"funder": "Stolen"}),
    ("get", "agenda:res_funder_edit", ["source_id"], {}),
    ("post", "agenda:res_funder_edit", ["source_id"], {"funder": "Renamed"}),
    ("post", "agenda:res_funder_delete", ["source_id"], {}),
    ("post", "agenda:res_deadline_add", ["source_id"], {"title": "x", "due_on": "2026-01-01"}),
    ("get", "agenda:res_deadlines", [], {}),
    ("post", "agenda:res_deadline_done", ["deadline_id"], {"done": "1"}),
    ("post", "agenda:res_deadline_delete", ["deadline_id"], {}),
    ("get", "agenda:terms", [], {}),
    ("get", "agenda:terms_issue", [], {}),
    ("post", "agenda:terms_issue", [], {"title": "x", "effective_from": "2026-01-01"}),
    ("get", "agenda:terms_version", ["number"], {}),
    ("get", "agenda:terms_pdf", ["number"], {}),
    ("post", "agenda:terms_sign", ["number"], {"organisation_id": "org", "signatory": "x"}),
]


def _data(data, objects):  # type: ignore[no-untyped-def]
    return {k: objects[v] if v == "org" else v for k, v in data.items()}


@pytest.mark.parametrize(("method", "name", "args", "data"), UI)
def test_outsider_gets_404_and_nothing_changes(
    outsider_client, collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[collaborative.slug, *[objects[a] for a in args]]),
        _data(data, objects),
    )


@pytest.mark.parametrize(("method", "name", "args", "data"), [r for r in UI if r[2]])
def test_outsider_cannot_reach_rows_under_its_own_slug(
    outsider_client, other_collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[other_collaborative.slug, *[objects[a] for a in args]]),
        _data(data, objects),
    )


API = [
    ("get", "/contributions", None),
    (
        "post",
        "/contributions",
        {
            "organisation_id": "org",
            "kind": "funding",
            "value": 5,
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
        },
    ),
    ("get", "/contributions/totals", None),
    ("delete", "/contributions/{contribution_id}", None),
    ("get", "/funding-sources", None),
    ("post", "/funding-sources", {"funder": "Stolen"}),
    ("put", "/funding-sources/{source_id}", {"funder": "Renamed"}),
    ("delete", "/funding-sources/{source_id}", None),
    ("post", "/funding-sources/{source_id}/deadlines", {"title": "x", "due_on": "2026-01-01"}),
    ("get", "/deadlines", None),
    ("patch", "/deadlines/{deadline_id}", {"done": True}),
    ("delete", "/deadlines/{deadline_id}", None),
    ("get", "/terms", None),
    ("post", "/terms", {"title": "x", "effective_from": "2026-01-01"}),
    ("get", "/terms/{number}", None),
    ("get", "/terms/{number}/pdf", None),
    ("post", "/terms/{number}/signatures", {"organisation_id": "org", "signatory": "x"}),
]


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_outsider_api_gets_404_and_nothing_changes(
    client, outsider, collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}" + path.format(**objects)
    assert_outsider_api(
        client, bearer(outsider), method, url, _data(body, objects) if body else body
    )


@pytest.mark.parametrize(("method", "path", "body"), [r for r in API if "{" in r[1]])
def test_outsider_api_cannot_reach_rows_under_its_own_slug(
    client, outsider, other_collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{other_collaborative.slug}" + path.format(**objects)
    assert_outsider_api(
        client, bearer(outsider), method, url, _data(body, objects) if body else body
    )
    assert Signature.objects.count() == 0

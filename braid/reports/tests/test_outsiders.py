"""Every report route answers another collaborative's steward with 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui
from braid.reports.models import Report


@pytest.fixture
def report(collaborative):  # type: ignore[no-untyped-def]
    return Report.objects.create(
        collaborative=collaborative,
        title="Annual",
        period="2026",
        start="2026-01-01",
        end="2026-12-31",
        sections=["headline"],
    )


UI = [
    ("get", "reports:list", False, {}),
    ("get", "reports:new", False, {}),
    ("get", "reports:export", False, {}),
    ("post", "reports:new", False, {"title": "x", "period": "2026", "template": "annual"}),
    ("get", "reports:detail", True, {}),
    ("get", "reports:edit", True, {}),
    ("post", "reports:edit", True, {"title": "x", "period": "2026", "template": "annual"}),
    ("post", "reports:narrative", True, {"section": "headline", "text": "x"}),
    ("get", "reports:pdf", True, {}),
    ("post", "reports:publish", True, {"public": "on"}),
    ("post", "reports:unpublish", True, {}),
    ("post", "reports:delete", True, {}),
]


@pytest.mark.parametrize(("method", "name", "with_id", "data"), UI)
def test_outsider_pages(outsider_client, collaborative, report, method, name, with_id, data):  # type: ignore[no-untyped-def]
    args = [collaborative.slug, report.pk] if with_id else [collaborative.slug]
    assert_outsider_ui(outsider_client, method, reverse(name, args=args), data)


API = [
    ("get", "", None),
    ("post", "", {"title": "x", "period": "2026"}),
    ("get", "/{id}", None),
    ("patch", "/{id}", {"title": "y"}),
    ("put", "/{id}/narratives/headline", {"text": "x"}),
    ("post", "/{id}/publish", {"public": True}),
    ("post", "/{id}/unpublish", {}),
    ("delete", "/{id}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_outsider_api(client, outsider, collaborative, report, method, path, body):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/reports" + path.format(id=report.pk)
    assert_outsider_api(client, bearer(outsider), method, url, body)


def test_another_collaboratives_report_id_is_404_for_its_own_steward(  # type: ignore[no-untyped-def]
    outsider_client, other_collaborative, report
):
    url = reverse("reports:detail", args=[other_collaborative.slug, report.pk])
    assert outsider_client.get(url).status_code == 404

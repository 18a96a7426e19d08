"""Every shared-measures route answers another collaborative's user with 404, changing nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui
from braid.measures.models import ImportJob, Submission


@pytest.fixture
def ids(collaborative, measures, steward):  # type: ignore[no-untyped-def]
    sub = Submission.objects.create(
        collaborative=collaborative,
        organisation=measures["org"],
        period=measures["periods"][0],
        status="submitted",
    )
    job = ImportJob.objects.create(
        collaborative=collaborative,
        created_by=steward,
        filename="x.csv",
        path="/tmp/none",
        status="done",
    )
    return {
        "pk": measures["served"].pk,
        "period_id": measures["periods"][0].pk,
        "submission_id": sub.pk,
        "job_id": job.pk,
        "org": measures["org"].pk,
    }


UI = [
    ("get", "measures:scorecard", [], {}),
    ("get", "measures:indicator_new", [], {}),
    ("post", "measures:indicator_new", [], {"code": "x", "name": "X"}),
    ("get", "measures:indicator", ["pk"], {}),
    ("get", "measures:indicator_edit", ["pk"], {}),
    ("post", "measures:indicator_edit", ["pk"], {"code": "x", "name": "X", "action": "save"}),
    ("post", "measures:story", ["pk"], {"period": 1, "text": "x"}),
    ("get", "measures:report", [], {}),
    ("get", "measures:entry", ["period_id"], {}),
    ("post", "measures:entry", ["period_id"], {"action": "submit"}),
    ("post", "measures:upload", [], {}),
    ("get", "measures:job", ["job_id"], {}),
    ("get", "measures:review", [], {}),
    ("post", "measures:approve", ["submission_id"], {}),
    ("post", "measures:return", ["submission_id"], {"comment": "x"}),
    ("post", "measures:remind", ["period_id"], {}),
    ("get", "measures:export", [], {}),
    ("get", "measures:periods", [], {}),
    (
        "post",
        "measures:periods",
        [],
        {"frequency": "monthly", "first": "2027-01-01", "count": 2, "due_days": 10},
    ),
    ("post", "measures:period_close", ["period_id"], {"closed": "1"}),
    ("post", "measures:target", ["pk"], {"period": 1, "value": 3}),
    ("post", "measures:objectives", ["pk"], {"objectives": [1]}),
    ("post", "measures:targets", ["pk"], {"target-1": "3"}),
    ("get", "measures:framework_import", [], {}),
    ("post", "measures:framework_import", [], {}),
    ("get", "measures:framework_export", [], {}),
    ("post", "measures:approve_all", [], {}),
    ("get", "measures:template", ["period_id"], {"organisation": 1}),
    ("get", "measures:job_problems", ["job_id"], {}),
    ("post", "measures:submit_all", [], {"organisation": 1}),
    ("get", "measures:history", [], {}),
]


@pytest.mark.parametrize(("method", "name", "args", "data"), UI)
def test_outsider_gets_404_and_nothing_changes(
    outsider_client, collaborative, ids, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[collaborative.slug, *[ids[a] for a in args]]),
        data,
    )


@pytest.mark.parametrize(("method", "name", "args", "data"), [r for r in UI if r[2]])
def test_outsider_cannot_reach_rows_under_its_own_slug(
    outsider_client, other_collaborative, ids, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[other_collaborative.slug, *[ids[a] for a in args]]),
        data,
    )


API = [
    ("get", "/indicators", None),
    ("post", "/indicators", {"code": "x", "name": "X"}),
    ("get", "/indicators/{pk}", None),
    ("put", "/indicators/{pk}", {"code": "x", "name": "X"}),
    ("patch", "/indicators/{pk}", {"name": "X"}),
    ("get", "/indicators/{pk}/history", None),
    ("get", "/periods", None),
    ("get", "/values", None),
    (
        "post",
        "/values",
        [
            {
                "indicator": "youth-served",
                "period": "2026-01",
                "organisation": "Riverside Police",
                "value": 1,
            }
        ],
    ),
    ("post", "/organisations/{org}/periods/{period_id}/submit", None),
    ("post", "/submissions/{submission_id}/approve", None),
    ("post", "/submissions/{submission_id}/return", {"comment": "x"}),
    ("get", "/submissions", None),
    ("get", "/scorecard", None),
    ("post", "/periods/schedule", {"frequency": "monthly", "first": "2027-01-01", "count": 2}),
    ("post", "/periods/{period_id}/close", None),
    ("put", "/indicators/{pk}/targets", {"period": "2026-01", "value": 3}),
    ("put", "/indicators/{pk}/objectives", {"objective_ids": []}),
    ("put", "/targets", [{"indicator": "youth-served", "period": "2026-01", "value": 3}]),
    ("get", "/framework/export", None),
    ("post", "/organisations/{org}/submit", {}),
    ("post", "/submissions/approve", {}),
    ("get", "/value-history", None),
]


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_outsider_api_gets_404_and_nothing_changes(
    client, outsider, collaborative, ids, method, path, body
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}" + path.format(**ids)
    assert_outsider_api(client, bearer(outsider), method, url, body)


@pytest.mark.parametrize("name", ["measures:review", "measures:indicator_new"])
def test_partners_and_viewers_cannot_reach_steward_pages(
    partner_client, viewer_client, collaborative, name
):  # type: ignore[no-untyped-def]
    url = reverse(name, args=[collaborative.slug])
    assert partner_client.get(url).status_code == 403
    assert viewer_client.get(url).status_code == 403


def test_outsider_cannot_import_a_framework(client, outsider, collaborative, ids):  # type: ignore[no-untyped-def]
    import io

    from braid.core.testing import table_digest

    headers = bearer(outsider)
    before = table_digest()
    upload = io.BytesIO(b"code,name\nx,X\n")
    upload.name = "f.csv"
    url = f"/api/v1/collaboratives/{collaborative.slug}/framework/import"
    response = client.post(url, {"file": upload}, **headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    assert table_digest() == before

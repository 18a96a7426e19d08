"""The values API: paging deep in the list, cursors, an all-or-nothing bulk post; targets and
objective links through the API."""

from __future__ import annotations

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.measures import selectors
from braid.measures.models import Value


def test_values_page_query_count_is_constant_deep_in_the_list(
    client, steward, collaborative, measures, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    Value.objects.bulk_create(
        Value(
            collaborative_id=collaborative.pk,
            indicator=measures["served"],
            organisation=measures["org"],
            period=measures["periods"][0],
            disaggregation=f"k{i}",
            value=i,
        )
        for i in range(30)
    )
    headers = bearer(steward)
    url = f"/api/v1/collaboratives/{collaborative.slug}/values?limit=5"
    first = client.get(url, **headers).json()
    with django_assert_num_queries(3) as captured:
        client.get(url + f"&after={first['next_cursor']}", **headers)
    keys = sorted(
        Value.objects.values_list("indicator_id", "period_id", "organisation_id", "disaggregation")
    )
    deep = ".".join(map(str, keys[-6]))
    with django_assert_num_queries(len(captured.captured_queries)):
        page = client.get(url + f"&after={deep}", **headers).json()
    assert len(page["items"]) == 5
    assert [
        tuple(v[k] for k in ("indicator_id", "period_id", "organisation_id", "disaggregation"))
        for v in page["items"]
    ] == keys[-5:]
    # Walking the cursors visits every value once, in key order.
    seen, cursor = [], ""
    while True:
        page = client.get(url + f"&after={cursor}", **headers).json()
        seen += [
            (v["indicator_id"], v["period_id"], v["organisation_id"], v["disaggregation"])
            for v in page["items"]
        ]
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]
    assert seen == keys


def test_api_values_bad_cursor_is_400(client, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/values?after=12.x"
    response = client.get(url, **bearer(steward))
    assert response.status_code == 400
    assert "next_cursor" in response.json()["detail"]


def test_api_bulk_post_is_all_or_nothing(client, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/values"
    body = [
        {
            "indicator": "youth-served",
            "organisation": "Riverside Police",
            "period": "2026-01",
            "value": 4,
        },
        {
            "indicator": "youth-served",
            "organisation": "Riverside Police",
            "period": "2026-99",
            "value": 4,
        },
    ]
    bad = client.post(url, data=body, content_type="application/json", **bearer(steward))
    assert bad.status_code == 400
    assert bad.json()["errors"][0] == {
        "field": "period",
        "message": "Unknown period; write it like 2026-03, 2026-Q1 or 2026.",
        "row": 1,
    }
    assert not Value.objects.exists()
    ok = client.post(url, data=body[:1], content_type="application/json", **bearer(steward))
    assert ok.status_code == 200 and ok.json()["inserted"] == 1


def test_targets_and_objective_links_through_the_api(client, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    from braid.agenda.models import Goal, Objective

    goal = Goal.objects.create(collaborative=collaborative, title="Fewer young people harmed")
    objective = Objective.objects.create(
        collaborative=collaborative, goal=goal, title="Divert youth from charges"
    )
    headers = bearer(steward)
    base = f"/api/v1/collaboratives/{collaborative.slug}/indicators/{measures['served'].pk}"
    assert client.put(
        base + "/targets",
        data={"period": "2026-02", "value": 25},
        content_type="application/json",
        **headers,
    ).json() == {"period_id": measures["periods"][1].pk, "value": 25.0}
    assert (
        client.put(
            base + "/targets",
            data={"period": "2031-01", "value": 1},
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    refused = client.put(
        base + "/objectives",
        data={"objective_ids": [objective.pk, 99999]},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400  # an unknown id is refused, not silently dropped
    assert refused.json()["errors"][0]["field"] == "objective_ids"
    assert list(measures["served"].objectives.all()) == []
    client.put(
        base + "/objectives",
        data={"objective_ids": [objective.pk]},
        content_type="application/json",
        **headers,
    )
    assert list(measures["served"].objectives.all()) == [objective]
    [row] = selectors.scorecard(access_for(steward, collaborative.slug), objective_id=objective.pk)
    assert row.indicator == measures["served"]

"""The networks API: the network as JSON, GraphML (read back by networkx) and CSV; lessons and
wins; target levels. Outsiders get 404 and change nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import networkx as nx
import pytest

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.testing import table_digest
from braid.networks.models import LogEntry, TargetLevel

BASE = "/api/v1/collaboratives/{slug}"


@pytest.fixture
def triangle(collaborative):
    orgs = [
        OrganisationFactory(collaborative=collaborative, name=n, sector=s)
        for n, s in [("Police", "police_justice"), ("Schools", "education"), ("Health", "health")]
    ]
    a = make_activity(collaborative, orgs[0])
    a.supporters.set(orgs[1:])
    return orgs


def api(collaborative, path):
    return BASE.format(slug=collaborative.slug) + path


def test_network_json(steward_client, collaborative, triangle):
    doc = steward_client.get(api(collaborative, "/network")).json()
    assert doc["kind"] == "activities" and doc["ties"] == 3 and doc["density"] == 1.0
    assert {o["name"] for o in doc["organisations"]} == {"Police", "Schools", "Health"}
    assert all(0 <= o["x"] <= 1 for o in doc["organisations"])


def test_network_graphml_reads_back_in_networkx(steward_client, collaborative, triangle):
    response = steward_client.get(api(collaborative, "/network.graphml"))
    assert response["Content-Type"] == "application/xml"
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 3
    names = {d["name"] for _, d in graph.nodes(data=True)}
    assert names == {"Police", "Schools", "Health"}
    assert all(d["degree"] == 2 for _, d in graph.nodes(data=True))


def test_network_csv_ties_and_organisations(steward_client, collaborative, triangle):
    ties = steward_client.get(api(collaborative, "/network.csv")).content.decode()
    assert ties.splitlines()[0] == "From,To,Type,Count"
    assert len(ties.strip().splitlines()) == 4
    orgs = steward_client.get(api(collaborative, "/network.csv?table=organisations"))
    assert orgs.content.decode().splitlines()[0].startswith("name,sector,x,y,degree")


def test_survey_network_without_rounds_is_empty_not_an_error(steward_client, collaborative):
    doc = steward_client.get(api(collaborative, "/network?kind=survey")).json()
    assert doc["nodes"] == 0 and doc["directed"] is True
    assert steward_client.get(api(collaborative, "/network?kind=nope")).status_code == 422


def test_lessons_api_round_trip(steward_client, collaborative):
    today = dt.date.today().isoformat()
    response = steward_client.post(
        api(collaborative, "/lessons"),
        json.dumps({"kind": "win", "title": "First cohort", "happened_on": today}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry = response.json()
    response = steward_client.patch(
        api(collaborative, f"/lessons/{entry['id']}"),
        json.dumps({"version": 1, "title": "First cohort graduated"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = steward_client.patch(
        api(collaborative, f"/lessons/{entry['id']}"),
        json.dumps({"version": 1, "title": "x"}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    listed = steward_client.get(api(collaborative, "/lessons?kind=win")).json()
    assert [e["title"] for e in listed] == ["First cohort graduated"]
    bad = steward_client.post(
        api(collaborative, "/lessons"),
        json.dumps({"kind": "lesson", "title": " ", "happened_on": today, "activity_ids": [999]}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"title", "activity_ids"}
    assert steward_client.delete(api(collaborative, f"/lessons/{entry['id']}")).status_code == 204
    assert not LogEntry.objects.exists()


def test_target_levels_api_pair_is_one_whichever_way(steward_client, collaborative, triangle):
    police, schools, _ = triangle
    for a, b, level in [(police, schools, 3), (schools, police, 4)]:
        response = steward_client.put(
            api(collaborative, "/target-levels"),
            json.dumps({"organisation_id": a.pk, "partner_id": b.pk, "level": level}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert TargetLevel.objects.count() == 1 and TargetLevel.objects.get().level == 4
    bad = steward_client.put(
        api(collaborative, "/target-levels"),
        json.dumps({"organisation_id": police.pk, "partner_id": police.pk, "level": 2}),
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_partner_may_not_set_targets(partner_client, collaborative, triangle):
    response = partner_client.put(
        api(collaborative, "/target-levels"),
        json.dumps({"organisation_id": triangle[0].pk, "level": 2}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_outsider_api(outsider_client, collaborative, triangle, steward_client):
    steward_client.post(
        api(collaborative, "/lessons"),
        json.dumps({"kind": "win", "title": "Ours", "happened_on": "2026-01-05"}),
        content_type="application/json",
    )
    entry = LogEntry.objects.get()
    before = table_digest()
    for method, path, body in [
        ("get", "/network", None),
        ("get", "/network.graphml", None),
        ("get", "/network.csv", None),
        ("get", "/lessons", None),
        ("patch", f"/lessons/{entry.pk}", {"title": "Theirs"}),
        ("delete", f"/lessons/{entry.pk}", None),
        ("put", "/target-levels", {"organisation_id": triangle[0].pk, "level": 2}),
    ]:
        kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
        response = getattr(outsider_client, method)(api(collaborative, path), **kwargs)
        assert response.status_code == 404, (method, path, response.status_code)
    assert table_digest() == before

"""A steward maintains an indicator: every field, its reporters, its breakdowns, its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.testing import table_digest
from braid.measures.models import Indicator, IndicatorChange, Value


def _api(collaborative, path=""):  # type: ignore[no-untyped-def]
    return f"/api/v1/collaboratives/{collaborative.slug}/indicators{path}"


@pytest.mark.parametrize(
    ("field", "value"),
    [("aggregation", "bogus"), ("frequency", "hourly"), ("kind", "x"), ("tier", "top")],
)
def test_api_refuses_a_choice_the_model_does_not_know(client, steward, collaborative, field, value):  # type: ignore[no-untyped-def]
    before = table_digest()
    response = client.post(
        _api(collaborative),
        {"code": "bad", "name": "Bad", field: value},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 422  # the schema lists the choices (an enum)
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert f"“{value}”" in error["message"] and "choose one of" in error["message"]
    digest = table_digest()
    digest.pop("accounts.ApiToken", None)
    assert digest == before


def test_api_refuses_a_name_longer_than_the_field(client, steward, collaborative):  # type: ignore[no-untyped-def]
    response = client.post(
        _api(collaborative),
        {"code": "long", "name": "n" * 201},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 422  # the schema carries the model's max_length
    assert response.json()["errors"][0]["field"] == "name"
    assert not Indicator.objects.filter(code="long").exists()


def test_patch_changes_only_what_is_sent_and_keeps_history(
    client, steward, collaborative, measures
):  # type: ignore[no-untyped-def]
    served = measures["served"]
    url = _api(collaborative, f"/{served.pk}")
    response = client.patch(
        url,
        {"name": "Young people served", "unit": "people", "version": 1},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["name"], body["unit"], body["version"], body["code"]) == (
        "Young people served",
        "people",
        2,
        "youth-served",
    )
    history = client.get(url + "/history", **bearer(steward)).json()["items"]
    assert {(h["field"], h["before"], h["after"]) for h in history} == {
        ("name", "Youth-Served", "Young people served"),
        ("unit", "", "people"),
    }
    assert {h["changed_by"] for h in history} == {steward.email}


def test_put_from_a_stale_version_is_a_conflict(client, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    served = measures["served"]
    url = _api(collaborative, f"/{served.pk}")
    first = client.patch(
        url, {"unit": "people"}, content_type="application/json", **bearer(steward)
    )
    assert first.status_code == 200
    response = client.put(
        url,
        {"code": "youth-served", "name": "Other", "version": 1},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 409
    served.refresh_from_db()
    assert served.name == "Youth-Served"


def test_reporters_from_another_collaborative_are_refused_not_dropped(
    client, steward, collaborative, other_collaborative, measures
):  # type: ignore[no-untyped-def]
    stranger = OrganisationFactory(collaborative=other_collaborative, name="Elsewhere")
    served = measures["served"]
    response = client.patch(
        _api(collaborative, f"/{served.pk}"),
        {"reporters": [measures["org"].pk, stranger.pk]},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reporters"
    assert set(served.reporters.all()) == {measures["org"], measures["police"]}


def test_removing_a_reporter_is_recorded(client, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    served = measures["served"]
    response = client.patch(
        _api(collaborative, f"/{served.pk}"),
        {"reporters": [measures["police"].pk]},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.json()["reporters"] == [measures["police"].pk]
    change = IndicatorChange.objects.get(field="reporters")
    assert change.after == "Riverside Police"
    assert measures["org"].name in change.before


def test_a_reported_indicator_keeps_its_frequency_and_stored_breakdowns(
    client, steward, collaborative, measures
):  # type: ignore[no-untyped-def]
    served = measures["served"]
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator_id=served.pk,
        organisation_id=measures["org"].pk,
        period_id=measures["periods"][0].pk,
        disaggregation="gender=girls",
        value=3,
    )
    response = client.patch(
        _api(collaborative, f"/{served.pk}"),
        {"frequency": "quarterly", "disaggregations": {"gender": ["boys"]}},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"frequency", "disaggregations"}
    served.refresh_from_db()
    assert (served.frequency, served.version) == ("monthly", 1)


def test_edit_page_saves_fields_and_breakdowns_and_shows_the_history(
    steward_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    served = measures["served"]
    url = reverse("measures:indicator_edit", args=[collaborative.slug, served.pk])
    page = steward_client.get(url)
    assert page.status_code == 200
    assert 'value="girls, boys"' in page.content.decode()
    form = {
        "code": "youth-served",
        "name": "Youth served",
        "kind": "performance",
        "quadrant": "how_much",
        "decimals": "0",
        "direction": "up",
        "aggregation": "sum",
        "frequency": "monthly",
        "tier": "headline",
        "reporters": [str(measures["org"].pk)],
        "version": "1",
        "dim-count": "2",
        "dim-0-name": "gender",
        "dim-0-values": "girls, boys, other",
        "dim-1-name": "age",
        "dim-1-values": "12-15,16-18",
        "action": "save",
    }
    response = steward_client.post(url, form)
    assert response.status_code == 302
    served.refresh_from_db()
    assert served.disaggregations == {
        "gender": ["girls", "boys", "other"],
        "age": ["12-15", "16-18"],
    }
    assert (served.name, served.tier) == ("Youth served", "headline")
    assert list(served.reporters.all()) == [measures["org"]]
    detail = steward_client.get(reverse("measures:indicator", args=[collaborative.slug, served.pk]))
    html = detail.content.decode()
    assert "Changes to this indicator" in html
    assert "girls, boys, other" in html and "youth-served" in html
    # The same form again, from the version it was loaded at: refused, nothing lost.
    again = steward_client.post(url, {**form, "name": "Stale"})
    assert again.status_code == 400
    assert "Someone else changed this indicator" in again.content.decode()


def test_editor_adds_and_removes_rows_without_saving(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served = measures["served"]
    url = reverse("measures:indicator_edit", args=[collaborative.slug, served.pk])
    response = steward_client.post(
        url,
        {
            "name": "Typed, not saved",
            "dim-count": "1",
            "dim-0-name": "gender",
            "dim-0-values": "girls, boys",
            "dim-0-remove": "1",
            "action": "add-dimension",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Typed, not saved"' in html
    assert 'value="girls, boys"' not in html and 'name="dim-0-name"' in html
    served.refresh_from_db()
    assert served.name == "Youth-Served"


def test_new_indicator_page_refuses_a_breakdown_without_a_dimension(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("measures:indicator_new", args=[collaborative.slug]),
        {
            "code": "x",
            "name": "X",
            "kind": "performance",
            "quadrant": "how_much",
            "decimals": "0",
            "direction": "up",
            "aggregation": "sum",
            "frequency": "monthly",
            "tier": "secondary",
            "dim-count": "1",
            "dim-0-name": "",
            "dim-0-values": "a, b",
            "action": "save",
        },
    )
    assert response.status_code == 400
    assert "Name the dimension" in response.content.decode()
    assert not Indicator.objects.filter(code="x").exists()


@pytest.mark.parametrize("persona", ["partner_client", "viewer_client"])
def test_only_stewards_edit_indicators(request, persona, collaborative, measures):  # type: ignore[no-untyped-def]
    client = request.getfixturevalue(persona)
    url = reverse("measures:indicator_edit", args=[collaborative.slug, measures["served"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403

"""API input is typed: choices are enums, lengths and ranges come from the model, types are
strict, text is never null, and ids of another collaborative are refused, not dropped."""

from __future__ import annotations

import pytest

from braid.agenda.tests.factories import make_objective
from braid.collaboratives.testing import bearer
from braid.core.testing import table_digest
from braid.measures.tests.factories import indicator


@pytest.fixture
def auth(steward):  # type: ignore[no-untyped-def]
    return bearer(steward)


def _send(client, method, url, body, auth):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body, content_type="application/json", **auth)


def _refused(response, field: str, status: int = 422) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field], errors
    return errors[0]["message"]


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        # "on": 0 was stored as 1970-01-01
        ("/set-status", {"status": "partner", "on": 0}, "on", "YYYY-MM-DD"),
        (
            "/ratings",
            {"influence": False, "proximity": 3, "stance": "neutral"},
            "influence",
            "whole number",
        ),
        (
            "/ratings",
            {"influence": "3", "proximity": 3, "stance": "neutral"},
            "influence",
            "whole number",
        ),
        ("/set-status", {"status": "bogus"}, "status", "“bogus” is not a choice for status"),
        (
            "/contacts",
            {"name": "A", "preferred_language": "de"},
            "preferred_language",
            "choose one of en, fr",
        ),
        ("/contacts", {"name": "A", "phone": "1" * 41}, "phone", "41 characters; shorten it to 40"),
        ("/contacts", {"name": "A", "nickname": "x"}, "nickname", "not a field here"),
    ],
)
def test_organisation_input_that_breaks_the_schema_is_refused_naming_the_field(  # type: ignore[no-untyped-def]
    client, auth, collaborative, organisation, path, body, field, message
):
    url = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}{path}"
    before = table_digest()
    assert message in _refused(_send(client, "post", url, body, auth), field)
    assert table_digest() == before


def test_null_for_a_text_field_is_refused_not_stored(client, auth, collaborative, organisation):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}"
    before = table_digest()
    _refused(_send(client, "patch", url, {"role": None}, auth), "role")
    assert table_digest() == before
    response = _send(client, "patch", url, {"role": "funder", "left_on": None}, auth)
    assert response.status_code == 200 and response.json()["role"] == "funder"


def test_an_indicator_with_40000_decimals_is_refused(client, auth, collaborative):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/indicators"
    response = _send(client, "post", url, {"code": "c", "name": "C", "decimals": 40000}, auth)
    assert "at most" in _refused(response, "decimals")


def test_choices_are_enums_in_the_openapi_schema(client):  # type: ignore[no-untyped-def]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    status = schemas["OrganisationIn"]["properties"]["status"]
    assert status["enum"] == [
        "prospect",
        "contacted",
        "in_discussion",
        "partner",
        "inactive",
        "declined",
    ]
    assert schemas["IndicatorIn"]["properties"]["aggregation"]["enum"] == [
        "sum",
        "weighted_mean",
        "mean",
        "latest",
    ]
    assert schemas["OrganisationIn"]["properties"]["name"]["maxLength"] == 200
    assert schemas["OrganisationIn"]["additionalProperties"] is False


def test_another_collaboratives_objective_is_refused_not_dropped(  # type: ignore[no-untyped-def]
    client, auth, collaborative, other_collaborative
):
    ours = make_objective(collaborative)
    theirs = make_objective(other_collaborative, title="Their objective")
    served = indicator(collaborative, "served")
    url = f"/api/v1/collaboratives/{collaborative.slug}/indicators/{served.pk}/objectives"
    before = table_digest()
    response = _send(client, "put", url, {"objective_ids": [ours.pk, theirs.pk]}, auth)
    message = _refused(response, "objective_ids", status=400)
    assert (
        message == f"No objective {theirs.pk} in this collaborative: choose from its results chain."
    )
    assert table_digest() == before
    assert _send(client, "put", url, {"objective_ids": [ours.pk]}, auth).status_code == 200
    assert list(served.objectives.values_list("pk", flat=True)) == [ours.pk]


def test_another_collaboratives_supporter_is_refused(  # type: ignore[no-untyped-def]
    client, auth, collaborative, organisation, other_collaborative
):
    from braid.collaboratives.tests.factories import OrganisationFactory

    theirs = OrganisationFactory(collaborative=other_collaborative)
    url = f"/api/v1/collaboratives/{collaborative.slug}/activities"
    body = {
        "title": "Homework club",
        "lead_id": organisation.pk,
        "start": "2026-01-01",
        "end": "2026-06-30",
        "supporter_ids": [theirs.pk],
    }
    before = table_digest()
    _refused(_send(client, "post", url, body, auth), "supporter_ids", status=400)
    assert table_digest() == before


def test_a_report_cannot_be_submitted_for_another_collaboratives_organisation(  # type: ignore[no-untyped-def]
    client, auth, collaborative, other_collaborative
):
    """Found by schemathesis: the submission was created for an id of no organisation here
    (a foreign-key error, 500, on PostgreSQL)."""
    from braid.collaboratives.tests.factories import OrganisationFactory
    from braid.measures.tests.factories import period

    theirs = OrganisationFactory(collaborative=other_collaborative)
    march = period(collaborative, "2026-03", 3)
    before = table_digest()
    for org_id in (theirs.pk, 987654):
        url = f"/api/v1/collaboratives/{collaborative.slug}/organisations/{org_id}/periods/{march.pk}/submit"
        response = client.post(url, **auth)
        assert response.status_code == 404
    assert table_digest() == before

"""Every error under /api/ answers the JSON envelope, whatever went wrong and wherever."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from braid.collaboratives.testing import bearer
from braid.core.testing import table_digest


def _envelope(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    return body


@pytest.fixture
def auth(steward):  # type: ignore[no-untyped-def]
    return bearer(steward)


def test_unknown_api_path_is_a_json_404(client, auth):  # type: ignore[no-untyped-def]
    body = _envelope(client.get("/api/v1/no-such-thing", **auth), 404)
    assert body["detail"] == (
        "There is no API endpoint at /api/v1/no-such-thing; the list is at /api/v1/docs."
    )


def test_wrong_method_is_a_json_405_naming_the_allowed_ones(client, auth, collaborative):  # type: ignore[no-untyped-def]
    response = client.delete(f"/api/v1/collaboratives/{collaborative.slug}/audit", **auth)
    body = _envelope(response, 405)
    assert response["Allow"] == "GET"
    assert "does not take DELETE; it takes GET" in body["detail"]


def test_an_unexpected_exception_is_a_json_500(client, auth, monkeypatch):  # type: ignore[no-untyped-def]
    def broken(user):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("braid.collaboratives.api.memberships_of", broken)
    body = _envelope(client.get("/api/v1/collaboratives", **auth), 500)
    assert body["detail"] == "Something went wrong on our side; it has been logged."
    assert "boom" not in body["detail"]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_connection_is_a_json_503(client, auth, monkeypatch, error):  # type: ignore[no-untyped-def]
    def lost(user):  # type: ignore[no-untyped-def]
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr("braid.collaboratives.api.memberships_of", lost)
    body = _envelope(client.get("/api/v1/collaboratives", **auth), 503)
    assert body["detail"] == "The database is not answering; try again in a minute."


def test_a_body_over_the_limit_is_a_json_413_that_says_the_limit(  # type: ignore[no-untyped-def]
    client, auth, collaborative, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = table_digest()
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/goals",
        data='{"title": "' + "x" * 2000 + '"}',
        content_type="application/json",
        **auth,
    )
    body = _envelope(response, 413)
    assert "limit of 1000 bytes" in body["detail"]
    assert table_digest() == before


@pytest.mark.parametrize("param", ["limit", "offset"])
@pytest.mark.parametrize(
    "path",
    ["members", "audit", "organisations", "activities", "indicators", "periods", "submissions"],
)
def test_paging_beyond_its_bounds_is_a_422_naming_the_field(
    client, auth, collaborative, path, param
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/{path}?{param}=10000000000000000000"
    body = _envelope(client.get(url, **auth), 422)
    assert [e["field"] for e in body["errors"]] == [param]


def test_paging_within_bounds_still_pages(client, auth, collaborative):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/members?limit=1000&offset=10000000"
    response = client.get(url, **auth)
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_follow_ups_far_ahead_are_refused_not_overflowed(client, auth, collaborative):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/follow-ups?within_days=3294159"
    body = _envelope(client.get(url, **auth), 422)
    assert [e["field"] for e in body["errors"]] == ["within_days"]


def test_a_nul_character_in_a_body_is_refused_naming_the_field(client, auth, collaborative):  # type: ignore[no-untyped-def]
    before = table_digest()
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/objectives",
        data={"goal_id": 1, "title": "ok", "expected_results": ["fine", "bad\x00"]},
        content_type="application/json",
        **auth,
    )
    body = _envelope(response, 422)
    assert body["errors"][0]["field"] == "expected_results.1"
    assert "NUL" in body["detail"]
    assert table_digest() == before


def test_a_nul_character_in_a_query_is_refused_naming_the_field(client, auth, collaborative):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/organisations?q=a%00b"
    body = _envelope(client.get(url, **auth), 422)
    assert body["errors"][0]["field"] == "q"


def test_a_body_that_is_not_json_is_a_400(client, auth, collaborative):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/goals",
        data='{"title": NaN}',
        content_type="application/json",
        **auth,
    )
    body = _envelope(response, 400)
    assert (
        body["detail"] == "The request body is not valid JSON: NaN is not a number JSON can carry."
    )


def test_an_anonymous_write_is_a_401_not_a_csrf_failure(collaborative):  # type: ignore[no-untyped-def]
    before = table_digest()
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/collaboratives/{collaborative.slug}/goals",
        data={"title": "x"},
        content_type="application/json",
    )
    body = _envelope(response, 401)
    assert body["detail"].startswith("Authentication required")
    assert table_digest() == before


def test_a_signed_in_browser_write_still_needs_the_csrf_token(steward, collaborative):  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(steward)
    response = browser.post(
        f"/api/v1/collaboratives/{collaborative.slug}/goals",
        data={"title": "x"},
        content_type="application/json",
    )
    assert _envelope(response, 403)["detail"] == "CSRF check Failed"


def test_every_paged_list_in_the_schema_is_bounded(client):  # type: ignore[no-untyped-def]
    """A new list endpoint paged with ninja's unbounded LimitOffsetPagination fails here."""
    schema = client.get("/api/v1/openapi.json").json()
    unbounded = [
        (path, method, p["name"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        for p in op.get("parameters", [])
        if p["name"] in ("limit", "offset") and "maximum" not in p["schema"]
    ]
    assert unbounded == []

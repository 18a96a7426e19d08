"""Test helpers every app uses: table snapshots for "nothing changed" and the outsider checks.
Personas and API tokens are the tenant's: braid.collaboratives.testing."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def table_counts() -> dict[str, int]:
    """Row counts of every Braid table, to assert that a refused request changed nothing."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("braid.")
    }


# Tables a read legitimately touches (a token's "last used" stamp).
DIGEST_SKIP = {"accounts.ApiToken"}


def table_digest() -> dict[str, Any]:
    """Counts plus the latest update marker of each table: catches edits as well as inserts."""
    digest: dict[str, Any] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("braid.") or model._meta.label in DIGEST_SKIP:
            continue
        rows = list(model._default_manager.order_by("pk").values())
        digest[model._meta.label] = rows
    return digest


def assert_outsider_ui(client: Any, method: str, url: str, data: Any = None) -> None:
    """The page answers 404 and no Braid table changed."""
    before = table_digest()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 404, (method, url, response.status_code)
    assert table_digest() == before


def assert_outsider_api(
    client: Any, headers: dict[str, str], method: str, url: str, body: Any = None
) -> None:
    """The endpoint answers the JSON 404 and no Braid table changed."""
    before = table_digest()
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(url, **kwargs, **headers)
    assert response.status_code == 404, (method, url, response.status_code)
    assert response.json()["detail"] == "Not found."
    assert table_digest() == before

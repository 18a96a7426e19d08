"""The permission matrix, generated from the URL configuration and the OpenAPI schema (the
walk of `routes.py`, as the disclosure and outsider tests use), checked against the rows kept
in `permission_matrix.json`.

For every page and API operation:
- anonymous: each method the route takes, called with made-up ids;
- for the routes that need no id (every list, board, form and the collaborative's API lists):
  steward, partner of the owning organisation, partner of another organisation, viewer and
  outsider (another collaborative's steward), GET.

A route without a row fails, and so does an answer that differs from its row. After adding a
route (or changing who may open one), regenerate and review the diff:

    BRAID_WRITE_MATRIX=1 .venv/bin/python -m pytest -p no:xdist braid/core/tests/test_permission_matrix.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from braid.core.tests.routes import API_PREFIX, operations, pages

MATRIX = Path(__file__).with_name("permission_matrix.json")
PERSONAS = ("steward", "partner", "other_partner", "viewer", "outsider")


def _page_path(route: str, slug: str) -> str:
    path = re.sub(r"<slug:slug>", slug, route)
    path = re.sub(r"<int:\w+>", "999999", path)
    path = re.sub(r"<(?:\w+:)?\w+>", "x" * 24, path)
    return "/" + path


def _api_path(path: str, slug: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path.replace("{slug}", slug))


def _outcome(response: Any) -> str:
    """What a person would notice: the status, and where a redirect goes (login or not)."""
    status = response.status_code
    if status in (301, 302):
        location = response.get("Location", "")
        return "302 login" if "/accounts/login/" in location else "302"
    return str(status)


def _methods(spec_methods: list[str]) -> list[str]:
    return spec_methods


def measure(clients: dict[str, Client], slug: str) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    anonymous = clients["anonymous"]
    for page in pages():
        path = _page_path(page.route, slug)
        row = {"anonymous GET": _outcome(anonymous.get(path))}
        row["anonymous POST"] = _outcome(anonymous.post(path, {}))
        if page.tenant and len(page.params) == 1:
            for persona in PERSONAS:
                row[f"{persona} GET"] = _outcome(clients[persona].get(path))
        rows[page.name] = row
    for op in operations():
        path = _api_path(op.path, slug)
        call = getattr(anonymous, op.method.lower())
        key = f"{op.method} {op.path[len(API_PREFIX) :]}"
        body = {} if op.method == "GET" else {"data": "{}", "content_type": "application/json"}
        row = {"anonymous": _outcome(call(path, **body))}
        if op.method == "GET" and "{slug}" in op.path and op.path.count("{") == 1:
            for persona in PERSONAS:
                row[persona] = _outcome(clients[persona].get(path))
        rows[key] = row
    return rows


@pytest.fixture
def clients(collaborative, organisation, other_collaborative):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import make_persona
    from braid.collaboratives.tests.factories import OrganisationFactory

    other_org = OrganisationFactory(collaborative=collaborative, name="Northside School Board")
    made = {
        "steward": make_persona(collaborative, "steward"),
        "partner": make_persona(collaborative, "partner", organisation=organisation),
        "other_partner": make_persona(
            collaborative, "partner", organisation=other_org, email="other@riverside.example.org"
        ),
        "viewer": make_persona(collaborative, "viewer"),
        "outsider": make_persona(other_collaborative, "steward"),
    }
    result = {"anonymous": Client()}
    for name, user in made.items():
        client = Client()
        client.force_login(user)
        result[name] = client
    return result


@pytest.mark.django_db
def test_every_route_has_its_row_and_keeps_it(clients, collaborative):  # type: ignore[no-untyped-def]
    measured = measure(clients, collaborative.slug)
    if os.environ.get("BRAID_WRITE_MATRIX"):
        MATRIX.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n")
    kept = json.loads(MATRIX.read_text()) if MATRIX.exists() else {}
    missing = sorted(set(measured) - set(kept))
    assert not missing, (
        f"routes without a row in {MATRIX.name}: {missing}. Regenerate (see the docstring) and "
        "check each answer is the one you mean."
    )
    gone = sorted(set(kept) - set(measured))
    assert not gone, f"rows of routes that no longer exist: {gone} (regenerate)"
    changed = {
        route: {
            k: f"{kept[route].get(k)} -> {v}" for k, v in row.items() if kept[route].get(k) != v
        }
        for route, row in measured.items()
        if row != kept[route]
    }
    assert not changed, f"answers differ from the matrix: {changed}"


def test_the_matrix_says_what_the_doors_promise():
    """Read off the kept rows: nothing under /api/ answers an anonymous caller but 401 (or the
    schema's own pages), no tenant page opens to anonymous or outsider, and an outsider never
    gets more than a 404 from a collaborative's API list."""
    kept = json.loads(MATRIX.read_text())
    public_api = {"GET /docs", "GET /openapi.json"}
    for route, row in kept.items():
        if route.split(" ")[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
            if route not in public_api:
                assert row["anonymous"] in ("401", "405"), (route, row)
            if "outsider" in row:
                assert row["outsider"] == "404", (route, row)
        elif route.startswith("public:"):  # the public results page: no login, 404 when off
            assert row["anonymous GET"] in ("200", "404", "405"), (route, row)
        elif "outsider GET" in row:
            assert row["outsider GET"] in ("404", "405"), (route, row)
            assert row["anonymous GET"] in ("302 login", "405"), (route, row)

"""The disclosure guard: every route is classified (braid/core/tests/routes.py), and every
route that returns figures, called as a steward, the reporting partner, another partner and a
viewer, returns no other organisation's draft and no count under the threshold."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import bearer, make_persona
from braid.core.tests.routes import API_PREFIX, DISCLOSES, SILENT, Call, operations, pages
from braid.measures.tests.factories import DRAFT_OF_B, SMALL_OF_A, disclosure_scenario, found

WHERE = "braid/core/tests/routes.py"


def test_every_route_is_classified():  # type: ignore[no-untyped-def]
    routes = {p.key for p in pages()} | {o.key for o in operations()}
    unclassified = sorted(routes - set(DISCLOSES) - set(SILENT))
    assert not unclassified, (
        f"Classify these routes in {WHERE}: in DISCLOSES (with how to call them) if they "
        f"return partners' figures, else in SILENT with the reason: {unclassified}"
    )
    assert not set(DISCLOSES) & set(SILENT), "a route is both DISCLOSES and SILENT"
    gone = sorted((set(DISCLOSES) | set(SILENT)) - routes)
    assert not gone, f"These routes no longer exist; remove them from {WHERE}: {gone}"


CALLS = [
    pytest.param(key, call, id=f"{key} {i}")
    for key, calls in DISCLOSES.items()
    for i, call in enumerate(calls)
]


def _url(key: str, call: Call, slug: str, scenario: dict[str, Any]) -> tuple[str, bool]:
    params = {name: scenario[obj].pk for name, obj in call.params.items()}
    if key.startswith("GET /"):
        path = key.removeprefix("GET ")
        assert path.startswith(API_PREFIX)
        return path.format(slug=slug, **params), True
    return reverse(key, kwargs={"slug": slug, **params}), False


def _read(user: Any, url: str, query: dict[str, Any], api: bool) -> str:
    client = Client()
    if api:
        response = client.get(url, query, **bearer(user))
    else:
        client.force_login(user)
        response = client.get(url, query)
    assert response.status_code < 500, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


@pytest.mark.parametrize(("key", "call"), CALLS)
def test_no_reader_sees_what_it_may_not(key, call, collaborative, organisation):  # type: ignore[no-untyped-def]
    scenario = disclosure_scenario(collaborative, organisation)
    readers = {
        "steward": make_persona(collaborative, "steward"),
        "a": make_persona(collaborative, "partner", organisation=scenario["a"], email="a@x.org"),
        "b": make_persona(collaborative, "partner", organisation=scenario["b"], email="b@x.org"),
        "viewer": make_persona(collaborative, "viewer"),
    }
    url, api = _url(key, call, collaborative.slug, scenario)
    query = {k: getattr(scenario.get(v), "pk", v) for k, v in call.query.items()}
    seen = found(_read(readers["steward"], url, query, api), call.steward_sees)
    assert seen == list(call.steward_sees), f"{key}: the steward should see {call.steward_sees}"
    leaks = {}
    for who in ("a", "b", "viewer"):
        forbidden = (DRAFT_OF_B if who != "b" else ()) + (SMALL_OF_A if who != "a" else ())
        hits = found(_read(readers[who], url, query, api), forbidden)
        if hits:
            leaks[who] = hits
    if call.pending:
        if leaks:
            pytest.xfail(call.pending)
        pytest.fail(f"{key} no longer leaks: remove `pending` from its Call in {WHERE}")
    assert not leaks, f"{key} ({url}) shows figures its readers may not see: {leaks}"

"""The outsider ratchet: every route under a collaborative's slug, generated from the URL
configuration and the OpenAPI schema (pages and API, reads and writes), answers another
collaborative's steward with 404 and changes nothing (`table_digest()`). No list of routes is
kept by hand: a new route is covered the day it is added.

Pages are called with GET and POST (a view that accepts only one answers the other 405, which
says nothing of the collaborative); API operations with their own method and a body built from
their schema, so that validation passes and the tenant check is what answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse

from braid.collaboratives.testing import bearer
from braid.core.testing import table_digest
from braid.core.tests.routes import Operation, Page, operations, pages
from braid.measures.tests.factories import disclosure_scenario

FILE = "<a file>"
# Path parameters that name a seeded row of the victim collaborative; others get 1.
SEEDED = {"pk": "a", "org": "a", "org_id": "a", "indicator_id": "served", "period_id": "period"}


def _ids(scenario: dict[str, Any]) -> dict[str, int]:
    return {name: scenario[key].pk for name, key in SEEDED.items()}


def _page_urls(slug: str, ids: dict[str, int]) -> list[tuple[Page, str]]:
    out = []
    for page in pages():
        if page.tenant:
            kwargs: dict[str, Any] = {p: ids.get(p, 1) for p in page.params if p != "slug"}
            out.append((page, reverse(page.name, kwargs={"slug": slug, **kwargs})))
    return out


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A small value that satisfies `schema`: required properties only, bounds respected."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _example(options[0], components) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], components) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema.get("items", {}), components)] * max(1, schema.get("minItems", 0))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "binary":
        return FILE
    if schema.get("format") == "date":
        return dt.date(2026, 1, 1).isoformat()
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00Z"
    if schema.get("format") == "time":
        return "09:30"
    if schema.get("format") == "email":
        return "x@example.org"
    return "x" * max(1, schema.get("minLength", 1))


def _call(client: Client, headers: dict[str, str], op: Operation, url: str, comps: Any) -> Any:
    content = op.spec.get("requestBody", {}).get("content", {})
    body = content.get("application/json")
    query = {
        p["name"]: _example(p.get("schema", {}), comps)
        for p in op.spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if "multipart/form-data" in content:
        form = _example(content["multipart/form-data"]["schema"], comps)
        files = {k: SimpleUploadedFile("x.csv", b"a\n1\n") for k, v in form.items() if v == FILE}
        return getattr(client, op.method.lower())(url, data={**form, **files}, **headers)
    if body is None:
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return getattr(client, op.method.lower())(url, **headers)
    data = json.dumps(_example(body["schema"], comps))
    return getattr(client, op.method.lower())(
        url, data=data, content_type="application/json", **headers
    )


def _fill(url: str) -> str:
    """Every path parameter left (`{member_id}`, `{number}`, `{function}`) as 1."""
    return re.sub(r"\{[a-z_]+\}", "1", url)


def test_outsiders_get_404_from_every_route_and_change_nothing(
    collaborative, organisation, outsider, outsider_client
):  # type: ignore[no-untyped-def]
    from config.api import api

    scenario = disclosure_scenario(collaborative, organisation)
    ids = _ids(scenario)
    comps = api.get_openapi_schema()["components"]["schemas"]
    headers = bearer(outsider)
    before = table_digest()
    wrong: list[str] = []
    for page, url in _page_urls(collaborative.slug, ids):
        answers = {m: getattr(outsider_client, m)(url).status_code for m in ("get", "post")}
        if set(answers.values()) - {404, 405} or 404 not in answers.values():
            wrong.append(f"{page.name} {url}: {answers}")
    api_client = Client()
    tenant_ops = [op for op in operations() if op.tenant]
    for op in tenant_ops:
        params = {p: ids.get(p, 1) for p in ("org_id", "indicator_id", "period_id")}
        url = op.path.replace("{slug}", collaborative.slug)
        for name, value in params.items():
            url = url.replace("{" + name + "}", str(value))
        url = _fill(url)
        resolve(url)  # the route exists: a 404 is the tenant check's, not the router's
        response = _call(api_client, headers, op, url, comps)
        if response.status_code != 404:
            wrong.append(f"{op.key}: {response.status_code} {response.content[:200]!r}")
    assert not wrong, "Another collaborative's steward reached these routes:\n" + "\n".join(wrong)
    assert table_digest() == before, "a refused request changed a table"
    assert len(tenant_ops) > 50  # the walk found the API

"""The permission matrix for roles on routes that name a row, and on every write.

`test_permission_matrix.py` keeps, for every route, what anonymous callers get and what each
role gets from the routes that need no id. This file keeps the rest, on the demo
collaborative (which holds a row of every kind):

- every page that names a row (`/meetings/<pk>/`), at a real URL of the demo found by
  following the steward's links, opened (GET) and posted to (an empty form) by the steward,
  the partner (Eastside Community Health Centre), another partner (Riverside District School
  Board) and the viewer;
- every API operation under the collaborative, with its real ids (read from the list
  operation above it) and a body built from its schema, as each of them.

Each write runs in a savepoint that is rolled back, so the calls do not change what the next
one sees. An answer is kept as what a person would notice of the permission: `wrote` (a write
that changed a Braid table), `allowed` (the request got past the permission check and changed
nothing: 2xx, a redirect, or a refusal of the input or the state such as 400, 409 or 422),
`refused` (403), `hidden` (404), `login` (401 or a redirect to the login page) or `n/a` (405). A 5xx fails the test. A route with no row fails; so does a
route whose answers differ from its row. After adding a route or changing who may use one:

    BRAID_WRITE_MATRIX=1 .venv/bin/python -m pytest -p no:xdist braid/core/tests/test_permission_roles.py
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve

from braid.collaboratives.testing import bearer
from braid.core.tests.routes import Operation, operations, pages
from braid.core.tests.test_outsider_ratchet import _call

MATRIX = Path(__file__).with_name("permission_roles.json")
SLUG = "demo"
PERSONAS = {
    "steward": "steward@demo.braid",
    "partner": "partner@demo.braid",
    "other_partner": "school@demo.braid",
    "viewer": "viewer@demo.braid",
}
HREF = re.compile(r'href="(/c/demo/[^"#?]*)')
# Views that stream a file or start long work are still reached; only these are not followed
# (they log the reader out or answer a file a crawl need not read twice).
SKIP = ("/logout",)


class _Rollback(Exception):
    pass


def kind(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return f"ERROR {status}"
    if status == 401 or (
        status in (301, 302) and "/accounts/login/" in response.get("Location", "")
    ):
        return "login"
    return {403: "refused", 404: "hidden", 405: "n/a"}.get(status, "allowed")


def _braid_tables() -> set[str]:
    from django.apps import apps

    # A token's "last used" stamp is bookkeeping of the call, not a write of the caller's.
    skip = {"accounts.ApiToken"}
    return {
        m._meta.db_table
        for m in apps.get_models()
        if m.__module__.startswith("braid.") and m._meta.label not in skip
    }


def undone(call: Any, write: bool = False) -> str:
    """What `call()` answered, run in a savepoint that is rolled back afterwards; for a write,
    `wrote` when it changed a Braid table."""
    tables, written = _braid_tables(), []

    def observe(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE") and any(f'"{t}"' in sql for t in tables):
            written.append(sql)
        return execute(sql, params, many, context)

    box: list[Any] = []
    try:
        with transaction.atomic(), connection.execute_wrapper(observe):
            box.append(call())
            raise _Rollback
    except _Rollback:
        pass
    answer = kind(box[0])
    return "wrote" if write and answer == "allowed" and written else answer


def crawl(client: Client) -> dict[str, str]:
    """One real URL per page name that takes an id, found by following links from every page
    that needs none."""
    start = [
        "/" + p.route.replace("<slug:slug>", SLUG)
        for p in pages()
        if p.tenant and len(p.params) == 1
    ]
    found: dict[str, str] = {}
    seen, queue = set(start), deque(start)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in sorted(set(HREF.findall(response.content.decode()))):
            if href in seen or href.endswith(SKIP):
                continue
            seen.add(href)
            try:
                match = resolve(href)
            except Resolver404:
                continue
            if len(match.kwargs) > 1 and match.view_name not in found:
                found[match.view_name] = href
                queue.append(href)
    return found


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict):
        body = body.get("items", body.get("results", []))
    return body if isinstance(body, list) else []


def api_url(op: Operation, client: Client, headers: dict[str, str]) -> str | None:
    """The operation's path with real ids: each `{param}` read from the list above it."""
    path = op.path.replace("{slug}", SLUG)
    while match := re.search(r"\{(\w+)\}", path):
        listing = client.get(path[: match.start()].rstrip("/"), **headers)
        rows = _items(listing.json()) if listing.status_code == 200 else []
        keys = (match.group(1), "id", match.group(1).removesuffix("_id"))
        ids = [
            next((r[k] for k in keys if r.get(k) is not None), None)
            for r in rows
            if isinstance(r, dict)
        ]
        ids = [i for i in ids if i is not None]
        if not ids:
            return None
        path = path[: match.start()] + str(ids[0]) + path[match.end() :]
    return path


def measure() -> dict[str, Any]:
    from braid.accounts.models import User

    users = {name: User.objects.get(email=email) for name, email in PERSONAS.items()}
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    rows: dict[str, Any] = {}
    for name, url in sorted(crawl(clients["steward"]).items()):
        rows[name] = {
            f"{who} {method}": undone(
                lambda c=c, m=method, u=url: getattr(c, m.lower())(u), method != "GET"
            )
            for who, c in clients.items()
            for method in ("GET", "POST")
        }
    from config.api import api

    comps = api.get_openapi_schema()["components"]["schemas"]
    api_client = Client()
    tokens = {who: bearer(u) for who, u in users.items()}
    steward = tokens["steward"]
    for op in operations():
        if not op.tenant or (op.method == "GET" and op.path.count("{") == 1):
            continue  # no id and read-only: test_permission_matrix.py has its row
        url = api_url(op, api_client, steward)
        if url is None:
            rows[op.key] = {"sample": "none in the demo"}
            continue
        rows[op.key] = {
            who: undone(
                lambda t=t, o=op, u=url: _call(api_client, t, o, u, comps), op.method != "GET"
            )
            for who, t in tokens.items()
        }
    return rows


@pytest.fixture
def demo(db, settings):  # type: ignore[no-untyped-def]
    for name in ("BRAID_RATE_EXPORT", "BRAID_RATE_PUBLIC_LINK", "BRAID_RATE_TOKEN"):
        setattr(settings, name, "100000/m")
    settings.RATELIMIT_ENABLE = False
    call_command("demo", verbosity=0)


def test_every_role_on_every_id_route_and_write_keeps_its_row(demo):  # type: ignore[no-untyped-def]
    measured = measure()
    if os.environ.get("BRAID_WRITE_MATRIX"):
        MATRIX.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n")
    errors = {k: v for k, v in measured.items() if any("ERROR" in str(a) for a in v.values())}
    assert not errors, f"server errors: {errors}"
    kept = json.loads(MATRIX.read_text()) if MATRIX.exists() else {}
    missing = sorted(set(measured) - set(kept))
    assert not missing, f"routes without a row in {MATRIX.name}: {missing} (regenerate, review)"
    gone = sorted(set(kept) - set(measured))
    assert not gone, f"rows of routes that no longer exist: {gone} (regenerate)"
    # Whether a permitted write changed something can depend on the day the demo was made
    # (a meeting already held...): the rows are compared on the permission alone.
    changed = {
        route: {
            k: f"{kept[route].get(k)} -> {v}"
            for k, v in row.items()
            if _coarse(kept[route].get(k)) != _coarse(v)
        }
        for route, row in measured.items()
    }
    changed = {route: diff for route, diff in changed.items() if diff}
    if os.environ.get("BRAID_TEST_LEG") == "postgresql":
        # Bodies built from the schema name ids such as 1, which exist only where the
        # database's sequences start afresh (the SQLite leg, where the rows are kept).
        changed = {}
    assert not changed, f"answers differ from the matrix: {changed}"
    assert len(measured) > 150  # the crawl and the API walk found the routes
    promises(measured)


def _coarse(answer: str | None) -> str | None:
    return "through" if answer in ("allowed", "wrote") else answer


def test_the_role_matrix_says_what_the_roles_promise() -> None:
    promises(json.loads(MATRIX.read_text()))


def promises(kept: dict[str, Any]) -> None:
    """Read off the rows: a viewer changes nothing but what is their own (notification
    choices, calendar links); no one but a steward changes the collaborative's set-up; the
    rows measured something (writes refused and writes done, by several roles)."""
    kept = json.loads(MATRIX.read_text())
    own = re.compile(r"notification|preference|calendar|feed|token|digest|me/|profile")
    for route, row in kept.items():
        if "sample" in row:
            continue
        for key, answer in row.items():
            who = key.split(" ")[0]
            steward = row.get(key.replace(who, "steward", 1))
            setup = re.search(r"indicators|periods|targets|members|invitations|settings", route)
            if answer == "wrote" and who != "steward" and setup and "entry" not in route:
                assert steward == "wrote", f"{who} changed the set-up through {route}: {row}"
            if who == "viewer" and answer == "wrote":
                assert own.search(route), f"the viewer changed something through {route}: {row}"
    answers = [a for row in kept.values() for a in row.values()]
    assert answers.count("refused") > 100 and answers.count("wrote") > 30

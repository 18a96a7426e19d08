"""Schemathesis over the whole OpenAPI schema, in-process: no operation answers a 5xx, every
answer matches its documented schema, and input that breaks the schema is refused.

Every operation runs against the demo collaborative (plus a second one whose ids must not leak
in), authenticated as its steward with a token. Each case runs in a savepoint rolled back
afterwards, so cases are independent and a failure shrinks to a small reproducible example.
Bounded (a few examples per operation, derandomised) so that it fits the suite's time.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
)

from config.api import api

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
OPERATIONS = sorted((op.ok().path, op.ok().method.upper()) for op in SCHEMA.get_all_operations())
# Examples per operation and mode; BRAID_FUZZ_EXAMPLES=200 for a long hunt.
EXAMPLES = int(os.environ.get("BRAID_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, negative_data_rejection]
pytestmark = pytest.mark.django_db  # also makes pytest-django create the test database
SKIP = {
    # Renders a PDF with WeasyPrint (seconds per case); its inputs are a path id and a language.
    ("/api/v1/collaboratives/{slug}/terms/{number}/pdf", "GET"),
}


# What an id-like field names, when its name alone does not say it (`org_id`, `lead_id`...).
ID_MODELS = {
    "org": "partners.Organisation",
    "organisation": "partners.Organisation",
    "lead": "partners.Organisation",
    "supporter": "partners.Organisation",
    "member_organisation": "partners.Organisation",
    "reporters": "partners.Organisation",
    "contact": "partners.Contact",
    "member_contact": "partners.Contact",
    "chair": "partners.Contact",
    "member": "collaboratives.Membership",
    "entry": "partners.OutreachEntry",
    "factor": "partners.ContextFactor",
    "rules": "agenda.RulesOfProcedure",
    "body": "agenda.GovernanceBody",
    "role": "agenda.LeadershipRole",
    "source": "agenda.FundingSource",
    "deadline": "agenda.FundingDeadline",
    "contribution": "agenda.Contribution",
    "goal": "agenda.Goal",
    "objective": "agenda.Objective",
    "activity": "agenda.Activity",
    "milestone": "agenda.Milestone",
    "indicator": "measures.Indicator",
    "period": "measures.Period",
    "submission": "measures.Submission",
}
# Text fields that name a row by its code or name (the values API).
CODE_FIELDS = {
    "indicator": ("measures.Indicator", "code"),
    "period": ("measures.Period", "code"),
    "baseline_period": ("measures.Period", "code"),
    "organisation": ("partners.Organisation", "name"),
}


def _pools(demo: Any, other: Any) -> dict[str, list[Any]]:
    """For each id-like name: the demo collaborative's ids, plus one of the other's."""
    pools: dict[str, list[Any]] = {}
    for name, label in ID_MODELS.items():
        rows = apps.get_model(label)._default_manager
        mine = list(rows.filter(collaborative=demo).values_list("pk", flat=True)[:50])
        theirs = list(rows.filter(collaborative=other).values_list("pk", flat=True)[:1])
        pools[name] = mine + theirs or [1]
    pools["number"] = [1, 2, 3]
    for name, (label, column) in CODE_FIELDS.items():
        rows = apps.get_model(label)._default_manager.filter(collaborative=demo)
        pools[f"text:{name}"] = list(rows.values_list(column, flat=True)[:50]) or ["x"]
    return pools


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo collaborative, another one, a steward's token and the ids that exist."""
    from braid.collaboratives.models import Membership
    from braid.collaboratives.testing import bearer, make_persona
    from braid.collaboratives.tests.factories import CollaborativeFactory, OrganisationFactory
    from braid.demo.seed import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo = load_demo(force=True)
        other = CollaborativeFactory(slug="elsewhere")
        OrganisationFactory(collaborative=other, name="Elsewhere Org")
        make_persona(other, "steward")
        steward = Membership.objects.filter(collaborative=demo, role="steward").first().user
        token = bearer(steward)["HTTP_AUTHORIZATION"]
        headers = {"Authorization": token}
        yield {"slug": demo.slug, "headers": headers, "pools": _pools(demo, other)}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def wsgi():  # type: ignore[no-untyped-def]
    """Django's WSGI app, without closing the test's connection after each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _pool(name: str, pools: dict[str, list[Any]]) -> list[Any] | None:
    stem = name.removesuffix("_ids").removesuffix("_id")
    return pools.get(stem) or pools.get(stem.removesuffix("s"))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _retarget(container: dict[str, Any], pools: dict[str, list[Any]], data: Any) -> None:
    """Swap, half the time, a generated id (or code) for one that exists."""
    for name, value in list(container.items()):
        pool = _pool(name, pools)
        codes = pools.get(f"text:{name}")
        if not data.draw(st.booleans()):
            continue
        if pool and _is_int(value):
            container[name] = data.draw(st.sampled_from(pool))
        elif pool and isinstance(value, list) and all(_is_int(v) for v in value):
            container[name] = data.draw(st.lists(st.sampled_from(pool), max_size=3))
        elif codes and isinstance(value, str):
            container[name] = data.draw(st.sampled_from(codes))


def _aim(case: Any, world: dict[str, Any], data: Any, mode: GenerationMode) -> None:
    """Point the case at the demo collaborative and, often, at rows that exist."""
    if case.path_parameters and "slug" in case.path_parameters:
        case.path_parameters["slug"] = world["slug"]
    pools = world["pools"]
    if case.path_parameters:  # a negative case's path ints are valid: only its body is not
        _retarget(case.path_parameters, pools, data)
    if mode is not GenerationMode.POSITIVE:
        return
    if case.query:
        _retarget(case.query, pools, data)
    bodies = case.body if isinstance(case.body, list) else [case.body]
    for body in bodies:
        if isinstance(body, dict):
            _retarget(body, pools, data)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize(
    ("path", "method"), OPERATIONS, ids=[f"{m} {p[7:]}" for p, m in OPERATIONS]
)
def test_operation_survives_fuzzing(world, wsgi, path, method, mode):  # type: ignore[no-untyped-def]
    if (path, method) in SKIP:
        pytest.skip("slow renderer; covered by its own tests")
    operation = SCHEMA[path][method]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],  # a failure reports its curl command; shrinking costs minutes
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: Any) -> None:
        _aim(case, world, data, mode)
        sid = transaction.savepoint()
        try:
            case.headers = {**(case.headers or {}), **world["headers"]}
            response = case.call(app=wsgi)
            if os.environ.get("BRAID_FUZZ_DEBUG"):
                print(
                    mode,
                    case.path_parameters,
                    case.query,
                    repr(case.body)[:80],
                    response.status_code,
                    response.text[:100],
                )
            case.validate_response(response, checks=CHECKS)
        finally:
            transaction.savepoint_rollback(sid)

    run()

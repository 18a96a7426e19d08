"""Every route of the common agenda, results chain and action plan answers another
collaborative's user with 404 and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.agenda.models import AgendaVersion, Milestone
from braid.agenda.tests.factories import make_activity, make_objective
from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api, assert_outsider_ui


@pytest.fixture
def objects(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    organisation.status = "partner"
    organisation.save()
    AgendaVersion.objects.create(collaborative=collaborative, number=1, problem="P", author=steward)
    objective = make_objective(collaborative)
    activity = make_activity(collaborative, lead=organisation)
    milestone = Milestone.objects.create(
        collaborative=collaborative, activity=activity, title="M", due_on=dt.date(2026, 6, 1)
    )
    return {
        "goal": objective.goal_id,
        "objective": objective.pk,
        "pk": activity.pk,
        "mid": milestone.pk,
        "org": organisation.pk,
    }


ACTIVITY = {"title": "Stolen", "start": "2026-01-01", "end": "2026-02-01", "status": "planned"}
UI = [
    ("get", "agenda:agenda", [], {}),
    ("get", "agenda:agenda_edit", [], {}),
    ("post", "agenda:agenda_edit", [], {"base_number": 1, "problem": "Stolen"}),
    ("get", "agenda:agenda_history", [], {}),
    ("post", "agenda:agenda_endorse", [], {"number": 1, "organisation": "org"}),
    ("get", "agenda:results", [], {}),
    ("get", "agenda:goal_new", [], {}),
    ("post", "agenda:goal_new", [], {"title": "Stolen"}),
    ("get", "agenda:goal_edit", ["goal"], {}),
    ("post", "agenda:goal_edit", ["goal"], {"title": "Stolen"}),
    ("post", "agenda:goal_delete", ["goal"], {}),
    ("get", "agenda:objective_new", [], {}),
    ("get", "agenda:objective_edit", ["objective"], {}),
    ("post", "agenda:objective_edit", ["objective"], {"title": "Stolen", "horizon": "short"}),
    ("post", "agenda:objective_delete", ["objective"], {}),
    ("get", "agenda:plan", [], {}),
    ("get", "agenda:activity_new", [], {}),
    ("post", "agenda:activity_new", [], ACTIVITY),
    ("get", "agenda:alignment", [], {}),
    ("get", "agenda:plan_export", [], {}),
    ("get", "agenda:plan_import", [], {}),
    ("post", "agenda:plan_import", [], {}),
    ("post", "agenda:plan_import", [], {"step": "map", "column_0": "activity"}),
    ("get", "agenda:plan_import_template", [], {}),
    ("get", "agenda:my_commitments", [], {}),
    ("get", "agenda:commitments", ["org"], {}),
    ("get", "agenda:activity", ["pk"], {}),
    ("get", "agenda:activity_edit", ["pk"], {}),
    ("post", "agenda:activity_edit", ["pk"], ACTIVITY),
    ("post", "agenda:activity_delete", ["pk"], {}),
    ("post", "agenda:note_add", ["pk"], {"text": "x"}),
    (
        "post",
        "agenda:milestone_add",
        ["pk"],
        {"title": "x", "kind": "milestone", "due_on": "2026-01-05"},
    ),
    ("post", "agenda:milestone_done", ["pk", "mid"], {}),
    ("post", "agenda:milestone_delete", ["pk", "mid"], {}),
]


def _resolve(objects, data):  # type: ignore[no-untyped-def]
    return {k: objects.get(v, v) if isinstance(v, str) else v for k, v in data.items()}


@pytest.mark.parametrize(("method", "name", "args", "data"), UI)
def test_outsider_gets_404_and_nothing_changes(
    outsider_client, collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[collaborative.slug, *[objects[a] for a in args]]),
        _resolve(objects, data),
    )


@pytest.mark.parametrize(("method", "name", "args", "data"), [r for r in UI if r[2]])
def test_outsider_cannot_reach_rows_under_its_own_slug(
    outsider_client, other_collaborative, objects, method, name, args, data
):  # type: ignore[no-untyped-def]
    assert_outsider_ui(
        outsider_client,
        method,
        reverse(name, args=[other_collaborative.slug, *[objects[a] for a in args]]),
        _resolve(objects, data),
    )


API = [
    ("get", "/agenda", None),
    ("get", "/agenda/versions", None),
    ("get", "/agenda/versions/1", None),
    ("post", "/agenda/versions", {"base_number": 1, "problem": "Stolen"}),
    ("post", "/agenda/versions/1/endorsements", {"organisation_id": "{org}"}),
    ("get", "/goals", None),
    ("post", "/goals", {"title": "Stolen"}),
    ("put", "/goals/{goal}", {"title": "Stolen"}),
    ("delete", "/goals/{goal}", None),
    ("post", "/objectives", {"goal_id": "{goal}", "title": "Stolen"}),
    ("put", "/objectives/{objective}", {"goal_id": "{goal}", "title": "Stolen"}),
    ("delete", "/objectives/{objective}", None),
    ("get", "/activities", None),
    ("post", "/activities", {**ACTIVITY, "lead_id": "{org}"}),
    ("get", "/activities/{pk}", None),
    ("patch", "/activities/{pk}", {"title": "Stolen"}),
    ("delete", "/activities/{pk}", None),
    ("get", "/activities/{pk}/notes", None),
    ("post", "/activities/{pk}/notes", {"text": "x"}),
    ("post", "/activities/{pk}/milestones", {"title": "x", "due_on": "2026-01-05"}),
    ("put", "/activities/{pk}/milestones/{mid}", {"title": "x", "due_on": "2026-01-05"}),
    ("delete", "/activities/{pk}/milestones/{mid}", None),
    ("get", "/alignment", None),
]


def _body(objects, body):  # type: ignore[no-untyped-def]
    if body is None:
        return None
    return {
        k: int(v.format(**objects)) if isinstance(v, str) and v.startswith("{") else v
        for k, v in body.items()
    }


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_outsider_api_gets_404_and_nothing_changes(
    client, outsider, collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    assert_outsider_api(
        client,
        bearer(outsider),
        method,
        f"/api/v1/collaboratives/{collaborative.slug}" + path.format(**objects),
        _body(objects, body),
    )


@pytest.mark.parametrize(("method", "path", "body"), [r for r in API if "{" in r[1]])
def test_outsider_api_cannot_reach_rows_under_its_own_slug(
    client, outsider, other_collaborative, objects, method, path, body
):  # type: ignore[no-untyped-def]
    assert_outsider_api(
        client,
        bearer(outsider),
        method,
        f"/api/v1/collaboratives/{other_collaborative.slug}" + path.format(**objects),
        _body(objects, body),
    )

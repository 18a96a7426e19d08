"""The value history's first line of each figure: its first entry (before None), by whoever
entered it, the way it came in, whichever path wrote it (the import's fast way or careful way,
the form), shown once, in time order, to the readers the disclosure rule lets read it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.audit import rendered
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer, make_persona
from braid.measures.imports import import_values
from braid.measures.models import ValueHistory
from braid.measures.services import values_save

HEADER = "indicator,organisation,period,value\n"


class _Unseekable(io.BytesIO):
    """A source the fast way cannot read again: the import goes the careful way."""

    def seekable(self) -> bool:
        return False


def _import(collaborative, user, rows, *, careful=False):  # type: ignore[no-untyped-def]
    text = HEADER + "".join(f"youth-served,{org},{period},{v}\n" for org, period, v in rows)
    source = (_Unseekable if careful else io.BytesIO)(text.encode())
    result = import_values(
        access=access_for(user, collaborative.slug), source=source, filename="values.csv"
    )
    assert result.ok, result.problems
    return result


def _api(client, collaborative, user, **query):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/value-history"
    return client.get(url, query, **bearer(user))


def _lines(client, collaborative, user, **query):  # type: ignore[no-untyped-def]
    response = _api(client, collaborative, user, **query)
    assert response.status_code == 200, response.content
    return [
        (c["organisation"], c["period"], c["before"], c["after"], c["way"], c["who"])
        for c in response.json()["items"]
    ]


FIRST = [("Riverside Police", "2026-01", 20), ("Riverside Police", "2026-02", 30)]


@pytest.mark.parametrize("careful", [False, True], ids=["fast-way", "careful-way"])
def test_a_first_import_shows_one_first_entry_per_figure(
    client, steward_client, collaborative, measures, steward, careful
):  # type: ignore[no-untyped-def]
    result = _import(collaborative, steward, FIRST, careful=careful)
    assert result.inserted == 2 and result.changed_at
    assert ValueHistory.objects.count() == 0  # nothing written twice
    police, who = "Riverside Police", steward.email
    expected = [
        (police, "2026-02", None, 30, "upload", who),
        (police, "2026-01", None, 20, "upload", who),
    ]
    assert sorted(_lines(client, collaborative, steward)) == sorted(expected)
    # The audit line's link (its changed_at) finds the import's first entries.
    [shown] = rendered([AuditEvent.objects.get(action="values.import")], collaborative.slug)
    assert "changed_at=" in shown["url"]
    body = steward_client.get(shown["url"]).content.decode().split("<tbody>")[1]
    assert body.count("<tr>") == 2 and "File upload" in body and who in body
    assert _lines(client, collaborative, steward, changed_at=result.changed_at) == _lines(
        client, collaborative, steward
    )


def test_a_second_import_shows_the_first_entry_then_the_change(
    client, collaborative, measures, steward
):  # type: ignore[no-untyped-def]
    _import(collaborative, steward, FIRST)
    changed = ("Riverside Police", "2026-01", 25)
    second = _import(collaborative, steward, [changed, FIRST[1]])  # one changed, one the same
    lines = _lines(client, collaborative, steward, period=measures["periods"][0].pk)
    police, who = "Riverside Police", steward.email
    assert lines == [
        (police, "2026-01", 20, 25, "upload", who),
        (police, "2026-01", None, 20, "upload", who),
    ]
    only = _lines(client, collaborative, steward, changed_at=second.changed_at)
    assert only == [(police, "2026-01", 20, 25, "upload", who)]  # that import's change only


def test_the_form_s_first_entry_shows_once_even_after_a_clear(
    client, collaborative, measures, partner
):  # type: ignore[no-untyped-def]
    access = access_for(partner, collaborative.slug)
    for figure in ("5", "", "7"):
        values_save(
            access=access,
            organisation_id=measures["org"].pk,
            period_id=measures["periods"][0].pk,
            values={(measures["served"].pk, ""): figure},
        )
    befores_afters = [
        (b, a, way) for _o, _p, b, a, way, _w in _lines(client, collaborative, partner)
    ]
    assert befores_afters == [(None, 7, "form"), (5, None, "form"), (None, 5, "form")]


def test_readers_the_disclosure_rule_keeps_out_see_no_first_entry(
    client, collaborative, measures, steward, viewer, outsider
):  # type: ignore[no-untyped-def]
    _import(collaborative, steward, FIRST)
    other = make_persona(collaborative, "partner", organisation=measures["org"], email="o@x.org")
    assert _lines(client, collaborative, viewer) == []
    assert _lines(client, collaborative, other) == []  # another partner's figures
    assert _api(client, collaborative, outsider).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("measures:history", args=[collaborative.slug])).status_code == 404


def test_first_entries_page_with_the_changes_in_time_order(
    client, steward_client, collaborative, measures, steward
):  # type: ignore[no-untyped-def]
    periods = [p.code for p in measures["periods"]]
    orgs = ["Riverside Police", measures["org"].name]
    _import(collaborative, steward, [(o, p, 1) for o in orgs for p in periods])  # 8 figures
    _import(collaborative, steward, [(orgs[0], periods[0], 2)])
    lines = _lines(client, collaborative, steward, limit=3)
    assert lines[0][2:4] == (1, 2) and [line[2] for line in lines[1:]] == [None, None]
    rest = _lines(client, collaborative, steward, limit=100, offset=3)
    assert len(rest) == 6 and all(line[2] is None for line in rest)
    page = steward_client.get(reverse("measures:history", args=[collaborative.slug]))
    assert page.content.decode().split("<tbody>")[1].count("<tr>") == 9


@pytest.mark.django_db(transaction=True)
def test_old_figures_get_a_first_entry_no_later_than_their_first_change(collaborative, measures):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        ("measures", "0011_indicator_unit_in_french"),
        ("measures", "0012_value_first_entry"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    old, kept = apps.get_model("measures", "Value"), apps.get_model("measures", "ValueHistory")
    at = {"collaborative_id": collaborative.pk, "organisation_id": measures["org"].pk}
    at |= {"indicator_id": measures["served"].pk, "disaggregation": ""}
    last, first_change = (
        dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    periods = measures["periods"]
    old.objects.create(**at, period_id=periods[0].pk, value=5, updated_at=last, updated_by_id=7)
    old.objects.create(**at, period_id=periods[1].pk, value=6, updated_at=last, updated_by_id=7)
    kept.objects.create(**at, period_id=periods[1].pk, before=4, after=6, changed_at=first_change)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    apps = executor.loader.project_state([after]).apps
    rows = apps.get_model("measures", "Value").objects.order_by("period_id")
    assert [(v.created_at, v.created_by_id, v.created_way) for v in rows] == [
        (last, 7, ""),
        (first_change, 7, ""),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_form_change_after_an_import_keeps_the_import_s_first_entry(
    client, collaborative, measures, steward, partner
):  # type: ignore[no-untyped-def]
    org = measures["org"].name
    _import(collaborative, steward, [(org, "2026-01", 8)])
    values_save(
        access=access_for(partner, collaborative.slug),
        organisation_id=measures["org"].pk,
        period_id=measures["periods"][0].pk,
        values={(measures["served"].pk, ""): "9"},
    )
    assert _lines(client, collaborative, steward) == [
        (org, "2026-01", 8, 9, "form", partner.email),
        (org, "2026-01", None, 8, "upload", steward.email),
    ]

"""The value table's shape: its key is its primary key (WITHOUT ROWID on SQLite), it has no other
index, and the reads by organisation and period go through that key (docs/adr/0005)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from braid.measures.models import Value

pytestmark = pytest.mark.django_db


def _indexes() -> list[str]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'measures_value'"
            )
        else:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'measures_value'")
        return [r[0] for r in cur.fetchall()]


def test_the_key_is_the_only_index() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT sql FROM sqlite_master WHERE name = 'measures_value'")
            sql = cur.fetchone()[0]
        assert sql.rstrip().endswith("WITHOUT ROWID")
        # A WITHOUT ROWID table keeps its rows in its primary key: no index besides.
        assert _indexes() == []
    else:
        assert _indexes() == ["measures_value_pkey"]


def test_the_key_refuses_a_second_value(collaborative, measures) -> None:  # type: ignore[no-untyped-def]
    key = {
        "collaborative_id": collaborative.pk,
        "indicator": measures["served"],
        "organisation": measures["org"],
        "period": measures["periods"][0],
    }
    Value.objects.create(**key, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.create(**key, value=2)
    Value.objects.create(**key, disaggregation="gender=girls", value=1)
    assert Value.objects.count() == 2
    only = Value.objects.get(disaggregation="")
    assert only.pk == (
        collaborative.pk,
        measures["served"].pk,
        key["period"].pk,
        key["organisation"].pk,
        "",
    )


def test_reads_by_organisation_and_period_use_the_key(collaborative, measures) -> None:  # type: ignore[no-untyped-def]
    qs = Value.objects.filter(
        collaborative_id=collaborative.pk,
        indicator_id__in=[measures["served"].pk, measures["served"].pk + 1],
        organisation_id=measures["org"].pk,
        period_id=measures["periods"][0].pk,
    )
    plan = qs.explain()
    if connection.vendor == "sqlite":
        assert "USING PRIMARY KEY" in plan, plan
    else:
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
            plan = qs.explain()
        assert "measures_value_pkey" in plan, plan


def test_the_values_cursor_is_a_range_of_the_key(collaborative, measures) -> None:  # type: ignore[no-untyped-def]
    from braid.measures.models import after_key

    qs = Value.objects.filter(
        after_key((measures["served"].pk, 1, 2, "")), collaborative_id=collaborative.pk
    )
    if connection.vendor == "sqlite":
        plan = qs.order_by("pk").explain()
        assert (
            "USING PRIMARY KEY (collaborative_id=? AND (indicator_id,period_id,organisation_id,disaggregation)>(?,?,?,?))"
            in plan
        ), plan
    else:
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            plan = qs.order_by("pk").explain()
        assert "Index Cond" in plan and "ROW(indicator_id, period_id, organisation_id" in plan, plan

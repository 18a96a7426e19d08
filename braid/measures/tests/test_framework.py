"""A whole framework (indicators, reporters, breakdowns, baseline, targets) from a file and back."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.testing import table_digest
from braid.measures.framework import export_framework, import_framework
from braid.measures.models import Indicator, IndicatorChange, Target
from braid.measures.tests.factories import period

HEADER = "code,name,frequency,aggregation,reporters,disaggregations,baseline_value,baseline_period"


@pytest.fixture
def periods(collaborative):  # type: ignore[no-untyped-def]
    return [period(collaborative, f"2026-{m:02d}", m) for m in range(1, 5)]


def _file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def _run(access, text: str, name: str = "framework.csv"):  # type: ignore[no-untyped-def]
    return import_framework(access=access, source=_file(text), filename=name)


def test_import_creates_indicators_with_everything_then_round_trips(
    steward, collaborative, organisation, periods
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    text = (
        HEADER + ",target 2026-01,target 2026-03\n"
        f"served,Youth served,monthly,sum,{organisation.name},"
        '"age: 12-15, 16-18; gender: girls, boys",10,2026-01,12,14\n'
        "rate,Return rate,monthly,Weighted mean (pooled numerators and denominators),,,,,55.5,\n"
    )
    result = _run(access, text)
    assert result.ok, result.problems
    assert (result.rows, result.created, result.updated, result.targets) == (2, 2, 0, 3)
    served = Indicator.objects.get(code="served")
    assert served.disaggregations == {"age": ["12-15", "16-18"], "gender": ["girls", "boys"]}
    assert list(served.reporters.all()) == [organisation]
    assert (served.baseline_value, served.baseline_period) == (10, periods[0])
    assert Indicator.objects.get(code="rate").aggregation == "weighted_mean"
    assert dict(Target.objects.filter(indicator=served).values_list("period__code", "value")) == {
        "2026-01": 12,
        "2026-03": 14,
    }
    exported = io.StringIO()
    export_framework(access=access, fmt="csv", fileobj=exported)
    again = _run(access, exported.getvalue())
    assert again.ok, again.problems
    assert (again.created, again.updated) == (0, 0)
    assert not IndicatorChange.objects.exists()


def test_xlsx_export_imports_as_is(steward, collaborative, organisation, periods):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    assert _run(access, HEADER + ",target 2026-02\nserved,Served,monthly,sum,,,,,7\n").ok
    data = io.BytesIO()
    export_framework(access=access, fmt="xlsx", fileobj=data)
    data.seek(0)
    result = import_framework(access=access, source=data, filename="f.xlsx")
    assert result.ok, result.problems
    assert (result.created, result.updated, result.targets) == (0, 0, 1)


def test_a_row_for_an_existing_code_changes_it_with_history(
    steward, collaborative, organisation, periods
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    assert _run(access, HEADER + "\nserved,Served,monthly,sum,,,,\n").ok
    result = _run(access, HEADER + f"\nserved,Youth served,monthly,mean,{organisation.name},,,\n")
    assert result.ok and (result.created, result.updated) == (0, 1)
    served = Indicator.objects.get(code="served")
    assert (served.name, served.aggregation, served.version) == ("Youth served", "mean", 2)
    fields = set(IndicatorChange.objects.values_list("field", flat=True))
    assert fields == {"name", "aggregation", "reporters"}


def test_every_problem_is_listed_and_nothing_is_written(
    steward, collaborative, organisation, periods
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    text = (
        HEADER + ",target 2026-01,target 2031-01\n"
        "served,Served,hourly,bogus,Nobody Org,age 12-15,ten,2026-09,x,\n"
        "served,Again,monthly,sum,,,,,,\n"
        ",No code,monthly,sum,,,,,,\n"
    )
    before = table_digest()
    result = _run(access, text)
    assert not result.ok
    found = {(p.row, p.field) for p in result.problems}
    assert (1, "target 2031-01") in found
    assert table_digest() == before
    # Without the unknown period, the rows' own problems are listed, each with its column.
    result = _run(access, text.replace(",target 2031-01", ",target 2026-02"))
    found = {(p.row, p.field) for p in result.problems}
    assert found >= {
        (2, "frequency"),
        (2, "aggregation"),
        (2, "reporters"),
        (2, "disaggregations"),
        (2, "baseline_value"),
        (2, "baseline_period"),
        (2, "target 2026-01"),
        (3, "code"),
        (4, "code"),
    }
    assert all(p.message for p in result.problems)
    assert table_digest() == before


def test_targets_for_a_period_of_another_frequency_are_refused(steward, collaborative, periods):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    result = _run(access, "code,name,frequency,target 2026-01\nq,Quarterly,quarterly,5\n")
    [problem] = result.problems
    assert (problem.row, problem.field) == (2, "target 2026-01")
    assert "quarterly" in problem.message


def test_import_queries_do_not_grow_with_targets(steward, collaborative, organisation):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    for m in range(1, 13):
        period(collaborative, f"2026-{m:02d}", m)

    def build(n_indicators: int, n_periods: int) -> str:
        cols = [f"target 2026-{m:02d}" for m in range(1, n_periods + 1)]
        lines = ["code,name,reporters," + ",".join(cols)]
        for i in range(n_indicators):
            lines.append(f"i{i},Ind {i},{organisation.name}," + ",".join(["5"] * n_periods))
        return "\n".join(lines) + "\n"

    def count(text: str) -> int:
        Indicator.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            assert _run(access, text).ok
        return len(ctx.captured_queries)

    assert count(build(3, 2)) == count(build(3, 12))
    # Ten times the indicators: only SQLite's batches of 999 parameters add a statement.
    assert count(build(30, 12)) <= count(build(3, 12)) + 2


def test_page_imports_and_exports(steward_client, collaborative, periods):  # type: ignore[no-untyped-def]
    url = reverse("measures:framework_import", args=[collaborative.slug])
    assert steward_client.get(url).status_code == 200
    upload = _file("code,name,target 2026-01\nserved,Served,3\n")
    upload.name = "f.csv"
    response = steward_client.post(url, {"file": upload})
    assert response.status_code == 302
    csv = steward_client.get(
        reverse("measures:framework_export", args=[collaborative.slug]) + "?format=csv"
    )
    text = csv.content.decode("utf-8-sig")
    assert "target 2026-01" in text.splitlines()[0]
    assert "served,Served" in text
    bad = _file("code,name\n,Nameless\n")
    bad.name = "f.csv"
    page = steward_client.post(url, {"file": bad})
    assert page.status_code == 400
    assert "Give the indicator a short code" in page.content.decode()


def test_cli_imports_and_exports_through_the_registry(steward, collaborative, periods, tmp_path):  # type: ignore[no-untyped-def]
    from braid.core.transfer import EXPORTERS, IMPORTERS

    access = access_for(steward, collaborative.slug)
    path = tmp_path / "f.csv"
    path.write_text("code,name,target 2026-01\nserved,Served,3\n")
    summary = IMPORTERS["indicators"].fn(access, path, tmp_path / "problems.csv")
    assert (summary.rows, summary.inserted, summary.errors) == (1, 1, 0)
    out = io.StringIO()
    EXPORTERS["indicators"].fn(access, "csv", out)
    assert "served" in out.getvalue()


def test_api_imports_exports_and_sets_many_targets(client, steward, collaborative, periods):  # type: ignore[no-untyped-def]
    base = f"/api/v1/collaboratives/{collaborative.slug}"
    upload = _file("code,name\nserved,Served\n")
    upload.name = "f.csv"
    response = client.post(base + "/framework/import", {"file": upload}, **bearer(steward))
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 1, "created": 1, "updated": 0, "targets": 0}
    body = [
        {"indicator": "served", "period": p.code, "value": 10.0 + n} for n, p in enumerate(periods)
    ]
    response = client.put(
        base + "/targets", body, content_type="application/json", **bearer(steward)
    )
    assert response.json() == {"set": 4, "removed": 0}
    body = [{"indicator": "served", "period": "2026-01", "value": None}]
    response = client.put(
        base + "/targets", body, content_type="application/json", **bearer(steward)
    )
    assert response.json() == {"set": 0, "removed": 1}
    assert Target.objects.count() == 3
    response = client.put(
        base + "/targets",
        [{"indicator": "nope", "period": "2026-01", "value": 1}],
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "indicator"
    exported = client.get(base + "/framework/export?format=csv", **bearer(steward))
    assert "target 2026-02" in exported.content.decode("utf-8-sig")


def test_targets_form_sets_and_removes_many_periods(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served = measures["served"]
    p = measures["periods"]
    url = reverse("measures:targets", args=[collaborative.slug, served.pk])
    response = steward_client.post(
        url, {f"target-{p[0].pk}": "5", f"target-{p[1].pk}": "6.5", f"target-{p[3].pk}": ""}
    )
    assert response.status_code == 302
    assert dict(Target.objects.filter(indicator=served).values_list("period_id", "value")) == {
        p[0].pk: 5,
        p[1].pk: 6.5,
    }

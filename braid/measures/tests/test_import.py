"""The values import: every problem at once, all-or-nothing, history kept, warnings."""

from __future__ import annotations

import io

import pytest

from braid.collaboratives.access import access_for
from braid.core.testing import table_counts
from braid.measures.imports import import_values
from braid.measures.models import Submission, Value, ValueHistory


def run(setup, text: str, **kw):  # type: ignore[no-untyped-def]
    return import_values(
        access=setup["access"], source=io.BytesIO(text.encode()), filename="v.csv", **kw
    )


GOOD = (
    "indicator,organisation,period,disaggregation,value,numerator,denominator\n"
    "youth-served,Eastside Health Centre,2026-01,,40,,\n"
    "youth-served,Eastside Health Centre,2026-01,gender=girls,22,,\n"
    "youth-served,Eastside Health Centre,2026-01,gender=boys,18,,\n"
    "youth-served,Riverside Police,2026-01,,12,,\n"
    "school-return,Eastside Health Centre,2026-01,,,9,12\n"
)


def test_good_file_lands_whole_with_percentages_from_numerator_and_denominator(setup):  # type: ignore[no-untyped-def]
    result = run(setup, GOOD)
    assert result.ok and (result.rows, result.inserted, result.updated) == (5, 5, 0)
    assert Value.objects.get(indicator=setup["pct"]).value == 75.0
    assert Submission.objects.filter(status="draft").count() == 2


def test_every_problem_is_reported_and_nothing_lands(setup):  # type: ignore[no-untyped-def]
    bad = (
        "indicator;organisation;period;disaggregation;value;numerator;denominator\n"
        "youth-served;Eastside Health Centre;2026-01;;40;;\n"
        "nope;Eastside Health Centre;2026-01;;1;;\n"
        "youth-served;Nowhere Inc;2026-13;;abc;;\n"
        "youth-served;Eastside Health Centre;2026-01;age=12-15;3;;\n"
        "youth-served;Eastside Health Centre;2026-02;;-4;;\n"
        "school-return;Riverside Police;2026-01;;;3;2\n"
        "youth-served;Eastside Health Centre;2026-01;;41;;\n"
    )
    before = table_counts()
    result = run(setup, bad)
    assert not result.ok
    assert [(p.row, p.field) for p in result.problems] == [
        (3, "indicator"),
        (4, "organisation"),
        (4, "period"),
        (4, "value"),
        (5, "disaggregation"),
        (6, "value"),
        (7, "numerator"),
        (8, "indicator"),
    ]
    assert "row 2" in result.problems[-1].message
    assert table_counts() == before


def test_unassigned_partner_is_an_error(setup):  # type: ignore[no-untyped-def]
    result = run(
        setup,
        "indicator,organisation,period,value,numerator,denominator\nschool-return,Riverside Police,2026-01,,3,4\n",
    )
    assert [(p.row, p.field) for p in result.problems] == [(2, "organisation")]
    assert "not assigned" in result.problems[0].message


def test_reimport_updates_and_keeps_history(setup):  # type: ignore[no-untyped-def]
    run(setup, GOOD)
    result = run(setup, GOOD.replace(",40,", ",44,"))
    assert (result.inserted, result.updated) == (0, 5)
    [change] = ValueHistory.objects.all()
    assert (change.before, change.after) == (40, 44)
    assert change.changed_by_id == setup["access"].user.pk


def test_decimal_comma_and_semicolons_in_french(setup):  # type: ignore[no-untyped-def]
    text = (
        "indicator;organisation;period;value\nyouth-served;Eastside Health Centre;2026-02;1 234,0\n"
    )
    assert run(setup, text, decimal="comma").ok
    assert Value.objects.get(period__code="2026-02").value == 1234.0


def test_warnings_do_not_block(setup):  # type: ignore[no-untyped-def]
    history = "indicator,organisation,period,disaggregation,value\n" + "".join(
        f"youth-served,Eastside Health Centre,2026-0{m},,{v}\n"
        for m, v in ((1, 40), (2, 42), (3, 41))
    )
    run(setup, history)
    from braid.measures.tests.factories import period as make_period

    for m in range(4, 7):
        make_period(setup["access"].collaborative, f"2026-{m:02d}", m)
    run(
        setup,
        "indicator,organisation,period,value\nyouth-served,Eastside Health Centre,2026-04,39\n",
    )
    text = (
        "indicator,organisation,period,disaggregation,value\n"
        "youth-served,Eastside Health Centre,2026-05,,400\n"
        "youth-served,Eastside Health Centre,2026-05,gender=girls,100\n"
        "youth-served,Eastside Health Centre,2026-05,gender=boys,100\n"
    )
    result = run(setup, text)
    assert result.ok
    assert [(w.row, w.field) for w in result.warnings] == [(2, "value"), (2, "disaggregation")]


def test_partner_cannot_change_a_submitted_period_or_import_for_others(
    setup, partner, collaborative
):  # type: ignore[no-untyped-def]
    access = access_for(partner, collaborative.slug)
    ok = import_values(
        access=access,
        source=io.BytesIO(b"indicator,period,value\nyouth-served,2026-01,40\n"),
        filename="v.csv",
        organisation_id=setup["org"].pk,
    )
    assert ok.ok
    Submission.objects.filter(organisation=setup["org"]).update(status="submitted")
    again = import_values(
        access=access,
        source=io.BytesIO(b"indicator,period,value\nyouth-served,2026-01,41\n"),
        filename="v.csv",
        organisation_id=setup["org"].pk,
    )
    assert [p.field for p in again.problems] == ["period"]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_values(
            access=access,
            source=io.BytesIO(b"x"),
            filename="v.csv",
            organisation_id=setup["police"].pk,
        )


def test_a_repeated_new_key_alone_is_reported_and_nothing_lands(setup):  # type: ignore[no-untyped-def]
    text = GOOD + "youth-served,Riverside Police,2026-01,,13,,\n"
    before = table_counts()
    result = run(setup, text)
    assert [(p.row, p.field) for p in result.problems] == [(7, "indicator")]
    assert "row 5" in result.problems[0].message
    assert table_counts() == before


def test_a_repeated_existing_key_is_reported_and_nothing_changes(setup):  # type: ignore[no-untyped-def]
    assert run(setup, GOOD).ok
    values = sorted(Value.objects.values_list("indicator_id", "disaggregation", "value"))
    text = GOOD.replace(",40,", ",44,") + "youth-served,Eastside Health Centre,2026-01,,45,,\n"
    result = run(setup, text)
    assert [(p.row, p.field) for p in result.problems] == [(7, "indicator")]
    assert "row 2" in result.problems[0].message
    assert sorted(Value.objects.values_list("indicator_id", "disaggregation", "value")) == values
    assert not ValueHistory.objects.exists()


def test_new_and_existing_keys_in_one_file(setup):  # type: ignore[no-untyped-def]
    assert run(setup, GOOD).ok
    text = GOOD.replace(",40,", ",44,") + "youth-served,Riverside Police,2026-02,,15,,\n"
    result = run(setup, text)
    assert result.ok and (result.rows, result.inserted, result.updated) == (6, 1, 5)
    assert Value.objects.count() == 6
    [change] = ValueHistory.objects.all()
    assert (change.before, change.after) == (40, 44)


def test_a_count_keeps_its_numerator_and_rows_may_be_blank_or_padded(setup):  # type: ignore[no-untyped-def]
    text = (
        "indicator,organisation,period,disaggregation,value,numerator,denominator\n"
        "youth-served,Eastside Health Centre,2026-01,,40,,\n"
        ",,,,,,\n"
        "\n"
        "youth-served,Eastside Health Centre,2026-02, gender=girls ,7,3,\n"
        "youth-served,Eastside Health Centre,2026-03,gender=girls,8\n"
    )
    result = run(setup, text)
    assert result.ok and result.rows == 3
    got = sorted(Value.objects.values_list("period__code", "disaggregation", "value", "numerator"))
    assert got == [
        ("2026-01", "", 40.0, None),
        ("2026-02", "gender=girls", 7.0, 3.0),
        ("2026-03", "gender=girls", 8.0, None),
    ]


def test_problems_report_the_unassigned_and_the_duplicates_together(setup):  # type: ignore[no-untyped-def]
    text = (
        "indicator,organisation,period,value,numerator,denominator\n"
        "school-return,Riverside Police,2026-01,,3,4\n"
        "youth-served,Riverside Police,2026-01,5,,\n"
        "youth-served,Riverside Police,2026-01,6,,\n"
    )
    result = run(setup, text)
    assert [(p.row, p.field) for p in result.problems] == [(2, "organisation"), (4, "indicator")]


def test_progress_may_use_the_database_while_a_large_file_is_read(setup):  # type: ignore[no-untyped-def]
    rows = [
        f"youth-served,{org},2026-0{m},{key},{n % 100}\n"
        for n in range(25_000)
        for org in [("Eastside Health Centre", "Riverside Police")[n % 2]]
        for m in [n // 2 % 3 + 1]
        for key in [("", "gender=girls", "gender=boys")[n // 6 % 3]]
    ]
    seen: list[int] = []

    def progress(done: int) -> None:
        seen.append(done)
        Submission.objects.count()  # as the import job does: a query between batches

    result = run(
        setup,
        "indicator,organisation,period,disaggregation,value\n" + "".join(rows),
        progress=progress,
    )
    assert seen == [10_000, 20_000, 25_000]
    assert result.rows == 25_000 and result.problem_count == 25_000 - 18
    assert not Value.objects.exists()


def test_an_xlsx_file_goes_the_same_way(setup):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in GOOD.splitlines():
        sheet.append([float(c) if c.isdigit() else c for c in line.split(",")])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_values(
        access=setup["access"], source=io.BytesIO(buffer.getvalue()), filename="v.xlsx"
    )
    assert result.ok and (result.rows, result.inserted) == (5, 5)
    assert Value.objects.get(indicator=setup["pct"]).value == 75.0
    assert Value.objects.get(disaggregation="gender=girls").value == 22.0

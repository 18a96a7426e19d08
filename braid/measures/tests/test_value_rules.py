"""One rule for what a value may be: the form, a file and the API refuse the same rows with the
same words, and read numbers as the writer's language writes them."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.core.errors import ServiceError
from braid.core.testing import table_counts
from braid.measures import services
from braid.measures.imports import import_values
from braid.measures.models import Submission, Value
from braid.measures.tests.factories import indicator

HEADER = "indicator,organisation,period,disaggregation,value,numerator,denominator\n"


@pytest.fixture
def rows(measures, collaborative):  # type: ignore[no-untyped-def]
    """A percentage next to the count the partner reports."""
    pct = indicator(
        collaborative,
        "school-return",
        [measures["org"]],
        quadrant="better_off_pct",
        aggregation="weighted_mean",
    )
    ratio = indicator(collaborative, "mean-wait", [measures["org"]], decimals=1, min_value=0)
    return {**measures, "pct": pct, "ratio": ratio}


def _through_form(client, rows, period, fields, language="en"):  # type: ignore[no-untyped-def]
    url = reverse("measures:entry", args=[rows["served"].collaborative.slug, period.pk])
    response = client.post(
        url,
        {"version": 0, "action": "save", **fields},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    # On a problem the page comes back (400, nothing saved) with each problem beside its field.
    if response.status_code == 400:
        return list(response.context["problems"].values())
    return []


def _through_file(partner, rows, lines, decimal="point", language="en"):  # type: ignore[no-untyped-def]
    access = access_for(partner, rows["served"].collaborative.slug)
    with translation.override(language):
        result = import_values(
            access=access,
            source=io.BytesIO((HEADER + lines).encode()),
            filename="v.csv",
            organisation_id=rows["org"].pk,
            decimal=decimal,
        )
    return [p.message for p in result.problems]


def _through_api(client, partner, rows, payload):  # type: ignore[no-untyped-def]
    slug = rows["served"].collaborative.slug
    response = client.post(
        f"/api/v1/collaboratives/{slug}/values",
        data=json.dumps(payload),
        content_type="application/json",
        **bearer(partner),
    )
    assert response.status_code == 400, response.content
    return [p["message"] for p in response.json()["errors"]]


# (form fields, file row, API row): the same figure, as each path writes it.
CASES = {
    "a count with decimals": (
        {"served": "12.5"},
        "youth-served,,{p},,12.5,,",
        {"indicator": "youth-served", "period": "{p}", "value": 12.5},
    ),
    "below the declared range": (
        {"served": "-4"},
        "youth-served,,{p},,-4,,",
        {"indicator": "youth-served", "period": "{p}", "value": -4},
    ),
    "a numerator above its denominator": (
        {"num": "5", "den": "3"},
        "school-return,,{p},,,5,3",
        {"indicator": "school-return", "period": "{p}", "numerator": 5, "denominator": 3},
    ),
    # Python's int() and float() read "1_000"; a person's form does not, nor may the file's
    # fast loop (braid.lib.numbers.plain_reader).
    "a count written with underscores": (
        {"served": "1_000"},
        "youth-served,,{p},,1_000,,",
        None,  # JSON numbers have no underscores
    ),
    "a decimal figure written with underscores": (
        {"ratio": "1_000.5"},
        "mean-wait,,{p},,1_000.5,,",
        None,
    ),
    "a count of seventeen digits": (
        {"served": "12345678901234567"},
        "youth-served,,{p},,12345678901234567,,",
        None,
    ),
    "a figure too large to be one": (
        {"ratio": "1e400"},
        "mean-wait,,{p},,1e400,,",
        None,  # JSON has no number this large that stays a number
    ),
}


def _fields(rows, fields):  # type: ignore[no-untyped-def]
    names = {
        "served": f"value-{rows['served'].pk}",
        "ratio": f"value-{rows['ratio'].pk}",
        "num": f"num-{rows['pct'].pk}",
        "den": f"den-{rows['pct'].pk}",
    }
    return {names[k]: v for k, v in fields.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_form_file_and_api_refuse_the_same_rows_in_the_same_words(
    case, rows, partner, partner_client, client
):  # type: ignore[no-untyped-def]
    fields, line, api_row = CASES[case]
    period = rows["periods"][0]
    before = table_counts()
    by_form = _through_form(partner_client, rows, period, _fields(rows, fields))
    by_file = _through_file(partner, rows, line.format(p=period.code) + "\n")
    assert by_form == by_file and len(by_form) == 1, (by_form, by_file)
    if api_row is not None:
        api_row = {
            k: v.format(p=period.code) if isinstance(v, str) else v for k, v in api_row.items()
        }
        assert _through_api(client, partner, rows, [api_row]) == by_file
    assert not Value.objects.exists()
    assert table_counts()["measures.Value"] == before["measures.Value"]


def test_a_closed_period_refuses_the_form_the_file_and_the_api_alike(
    rows, partner, partner_client, steward, client
):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    services.period_close(
        access=access_for(steward, period.collaborative.slug), period_id=period.pk
    )
    by_form = _through_form(partner_client, rows, period, _fields(rows, {"served": "12"}))
    by_file = _through_file(partner, rows, f"youth-served,,{period.code},,12,,\n")
    by_api = _through_api(
        client, partner, rows, [{"indicator": "youth-served", "period": period.code, "value": 12}]
    )
    assert by_form == by_file == by_api == ["This period is closed; ask a steward to reopen it."]
    assert not Value.objects.exists()


def test_a_submitted_report_refuses_the_form_the_file_and_the_api_alike(
    rows, partner, partner_client, client
):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    Submission.objects.create(
        collaborative=period.collaborative,
        organisation=rows["org"],
        period=period,
        status="submitted",
    )
    by_form = _through_form(partner_client, rows, period, _fields(rows, {"served": "12"}))
    by_file = _through_file(partner, rows, f"youth-served,,{period.code},,12,,\n")
    by_api = _through_api(
        client, partner, rows, [{"indicator": "youth-served", "period": period.code, "value": 12}]
    )
    assert by_form == by_file == by_api
    assert by_form == [
        "This report is already submitted; ask a steward to return it before changing values."
    ]


def test_an_ambiguous_number_is_refused_by_the_form_and_the_file_alike(
    rows, partner, partner_client
):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    by_form = _through_form(
        partner_client, rows, period, _fields(rows, {"ratio": "1.500"}), language="fr"
    )
    by_file = _through_file(
        partner, rows, f'mean-wait,,{period.code},,"1.500",,\n', decimal="comma", language="fr"
    )
    assert by_form == by_file
    assert len(by_form) == 1 and "1,5" in by_form[0] and "1500" in by_form[0]
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [("en", "1,500", 1500.0), ("en", "1.5", 1.5), ("fr", "1 500", 1500.0), ("fr", "1,5", 1.5)],
)
def test_the_form_reads_figures_in_the_pages_language(
    rows, partner_client, language, typed, stored
):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    said = _through_form(
        partner_client, rows, period, _fields(rows, {"ratio": typed}), language=language
    )
    assert Value.objects.get(indicator=rows["ratio"]).value == stored, said


@pytest.mark.parametrize("typed", ["nan", "inf", "1e400", "-Infinity"])
def test_the_form_refuses_what_is_not_a_figure(rows, partner_client, typed):  # type: ignore[no-untyped-def]
    said = _through_form(partner_client, rows, rows["periods"][0], _fields(rows, {"ratio": typed}))
    assert not Value.objects.exists()
    assert len(said) == 1 and not said[0].startswith("Draft saved")


def test_a_french_file_reads_decimal_commas(rows, partner):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    text = (
        "indicator;organisation;period;value\n"
        f"mean-wait;;{period.code};12,5\n"
        f"youth-served;;{period.code};1 234\n"
    )
    access = access_for(partner, period.collaborative.slug)
    # Found from the file (12,5 can only be twelve and a half), whatever the language.
    result = import_values(
        access=access,
        source=io.BytesIO(text.encode()),
        filename="v.csv",
        organisation_id=rows["org"].pk,
    )
    assert result.ok and result.decimal == "comma", result.problems
    assert Value.objects.get(indicator=rows["ratio"]).value == 12.5
    assert Value.objects.get(indicator=rows["served"]).value == 1234


def test_a_french_file_of_thousands_is_read_in_the_language_it_was_chosen_in(rows, partner):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    text = f"indicator;organisation;period;value\nmean-wait;;{period.code};1 234,5\n"
    access = access_for(partner, period.collaborative.slug)
    result = import_values(
        access=access,
        source=io.BytesIO(text.encode()),
        filename="v.csv",
        organisation_id=rows["org"].pk,
        decimal="comma",
    )
    assert result.ok
    assert Value.objects.get(indicator=rows["ratio"]).value == 1234.5


def test_a_row_for_another_organisation_is_refused_not_written_over_ones_own(rows, partner, client):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    line = f"youth-served,Riverside Police,{period.code},,77,,\n"
    by_file = _through_file(partner, rows, line)
    by_api = _through_api(
        client,
        partner,
        rows,
        [
            {
                "indicator": "youth-served",
                "organisation": "Riverside Police",
                "period": period.code,
                "value": 77,
            }
        ],
    )
    assert by_file == by_api
    assert by_file[0].startswith("This row is for another organisation")
    assert not Value.objects.exists()


def test_the_partners_own_name_in_the_organisation_column_is_fine(rows, partner):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    assert (
        _through_file(partner, rows, f"youth-served,{rows['org'].name},{period.code},,7,,\n") == []
    )
    assert Value.objects.get().organisation_id == rows["org"].pk


def test_an_undeclared_disaggregation_is_refused_by_the_service(rows, partner):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    with pytest.raises(ServiceError) as caught:
        services.values_save(
            access=access_for(partner, period.collaborative.slug),
            organisation_id=rows["org"].pk,
            period_id=period.pk,
            values={(rows["served"].pk, "colour=blue"): 3.0},
        )
    assert caught.value.problems[0].message.startswith("Not a declared disaggregation")
    assert not Value.objects.exists()


def test_draft_saves_and_imports_write_one_audit_line_with_counts(rows, partner):  # type: ignore[no-untyped-def]
    period = rows["periods"][0]
    access = access_for(partner, period.collaborative.slug)
    services.values_save(
        access=access,
        organisation_id=rows["org"].pk,
        period_id=period.pk,
        values={(rows["served"].pk, ""): 4.0},
    )
    _through_file(
        partner, rows, f"youth-served,,{period.code},,5,,\nmean-wait,,{period.code},,2.5,,\n"
    )
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "details"))
    assert [a for a, _d in events] == ["values.saved", "values.import"]
    assert events[0][1]["inserted"] == 1
    assert (events[1][1]["inserted"], events[1][1]["updated"]) == (1, 1)

"""Values files as people have them: indicators by code or name, organisations by name,
periods written the usual ways, headers in English, French or both, and a mapping chosen on
the upload page or with `--map`; every path reads them through the one value rule."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.measures.home import cli_import
from braid.measures.imports import import_values
from braid.measures.models import ImportJob, Period, Value
from braid.measures.tests.factories import indicator


def _quarters(collaborative):  # type: ignore[no-untyped-def]
    for q in (1, 2):
        start = dt.date(2026, 3 * q - 2, 1)
        Period.objects.create(
            collaborative=collaborative,
            frequency="quarterly",
            code=f"2026-Q{q}",
            start=start,
            end=start + dt.timedelta(days=89),
            due_date=start + dt.timedelta(days=110),
        )


def _import(access, text, **kwargs):  # type: ignore[no-untyped-def]
    return import_values(
        access=access, source=io.BytesIO(text.encode()), filename="f.csv", **kwargs
    )


def test_indicators_by_name_and_periods_as_people_write_them(collaborative, measures, steward):  # type: ignore[no-untyped-def]
    _quarters(collaborative)
    indicator(collaborative, "meals", [measures["org"]], name="Repas servis", frequency="quarterly")
    text = (
        "Indicateur;Organisation;Période;Valeur\n"
        f"repas SERVIS;{measures['org'].name};T1 2026;10\n"
        f"meals;{measures['org'].name};2026 Q2;20\n"
        f"Youth-Served;Riverside Police;janv. 2026;7\n"
        f"youth-served;Riverside Police;February 2026;8\n"
    )
    result = _import(access_for(steward, collaborative.slug), text)
    assert result.ok, result.problems
    written = Value.objects.values_list("indicator__code", "period__code", "value")
    assert sorted(written) == [
        ("meals", "2026-Q1", 10),
        ("meals", "2026-Q2", 20),
        ("youth-served", "2026-01", 7),
        ("youth-served", "2026-02", 8),
    ]


def test_an_ambiguous_period_or_name_is_refused_with_what_to_write(
    collaborative, measures, steward
):  # type: ignore[no-untyped-def]
    _quarters(collaborative)
    indicator(collaborative, "twin-a", [measures["org"]], name="Twin")
    indicator(collaborative, "twin-b", [measures["org"]], name="Twin")
    org = measures["org"].name
    text = (
        f"indicator,organisation,period,value\nyouth-served,{org},2026-1,3\nTwin,{org},2026-01,4\n"
    )
    text += f"Youth servd,{org},2026-01,5\n"
    result = _import(access_for(steward, collaborative.slug), text)
    assert [(p.row, p.field, p.message) for p in result.problems] == [
        (2, "period", "“2026-1” may be 2026-01 or 2026-Q1: write one of them."),
        (
            3,
            "indicator",
            "Several indicators have this name; write the code instead: twin-a, twin-b.",
        ),
        (
            4,
            "indicator",
            "Unknown indicator; write its code or its name, as on the indicators page."
            " Did you mean “Youth-Served”?",
        ),
    ]
    assert not Value.objects.exists()


def test_the_api_reads_names_and_periods_the_same_way(client, collaborative, measures, steward):  # type: ignore[no-untyped-def]
    body = [{"indicator": "Youth-Served", "organisation": "riverside police"}]
    body[0] |= {"period": "Jan 2026", "value": 9}
    url = f"/api/v1/collaboratives/{collaborative.slug}/values"
    response = client.post(url, body, content_type="application/json", **bearer(steward))
    assert response.status_code == 200, response.json()
    assert Value.objects.get().value == 9


def test_a_mapping_names_the_columns_and_the_command_line_takes_map(
    collaborative, measures, steward, tmp_path
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    text = "Mesure;Qui;Quand;Nombre de jeunes\nyouth-served;Riverside Police;2026-01;11\n"
    refused = _import(access, text)
    assert not refused.ok  # "Qui", "Quand" and "Nombre de jeunes" are not recognised
    result = _import(access, text, mapping=["indicator", "organisation", "period", "value"])
    assert result.ok, result.problems
    path = tmp_path / "v.csv"
    path.write_text(text.replace(";11", ";12"))
    summary = cli_import(
        access,
        path,
        tmp_path / "r.csv",
        map=["Qui=organisation", "Quand=period", "Nombre de jeunes=value"],
    )
    assert summary.errors == 0 and Value.objects.get().value == 12
    with pytest.raises(Exception, match="the file has no column “Où”"):
        cli_import(access, path, tmp_path / "r.csv", map=["Où=period"])


def test_the_upload_page_asks_which_column_is_which_then_imports(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    url = reverse("measures:upload", args=[collaborative.slug])
    file = io.BytesIO(
        "Indicateur / Indicator;Période;Chiffre du mois\nYouth-Served;janv. 2026;6\n".encode()
    )
    file.name = "chiffres.csv"
    page = partner_client.post(url, {"file": file})
    html = page.content.decode()
    assert page.status_code == 200 and "Which column is which?" in html
    assert '<option value="period" selected>' in html and "janv. 2026" in html
    assert not ImportJob.objects.exists()  # nothing runs before the columns are confirmed
    missing = partner_client.post(url, {"step": "map", "column_0": "", "column_1": "period"})
    assert missing.status_code == 400 and "names the indicator" in missing.content.decode()
    choices = {"step": "map", "column_0": "indicator", "column_1": "period", "column_2": "value"}
    with django_capture_on_commit_callbacks(execute=True):
        done = partner_client.post(url, choices)
    job = ImportJob.objects.get()
    assert done.status_code == 302 and job.status == "done", job.result
    assert Value.objects.get(organisation=measures["org"]).value == 6
    again = partner_client.post(url, choices)  # the kept file went with the job
    assert again.status_code == 302 and ImportJob.objects.count() == 1


def test_a_period_written_another_way_keeps_the_file_on_the_fast_way(
    collaborative, measures, steward, monkeypatch
):  # type: ignore[no-untyped-def]
    from braid.measures.imports import service

    def careful(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("the careful way was taken")

    monkeypatch.setattr(service, "_careful", careful)
    names = [measures["org"].name, "Riverside Police"]
    written = [(p, o) for p in ("janv. 2026", "Feb 2026") for o in names]
    rows = "".join(f"youth-served,{o},{p},{n}\n" for n, (p, o) in enumerate(written))
    result = _import(
        access_for(steward, collaborative.slug), "indicator,organisation,period,value\n" + rows
    )
    assert result.ok and result.inserted == 4

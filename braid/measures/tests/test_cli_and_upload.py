"""`braid import values`, `braid export values`, and the upload page with its progress."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from braid.measures.models import ImportJob, Value

GOOD = "indicator,organisation,period,value\nyouth-served,Riverside Police,2026-01,4\nyouth-served,Eastside Health Centre,2026-01,=40\n"


def test_cli_import_reports_errors_to_a_file_and_exits_non_zero(
    tmp_path, collaborative, steward, measures
):  # type: ignore[no-untyped-def]
    bad = tmp_path / "values.csv"
    bad.write_text(GOOD)
    with pytest.raises(CommandError, match="Nothing was imported: 1 problems"):
        call_command("import", "values", str(bad), collaborative=collaborative.slug)
    assert "Not a number" in (tmp_path / "values.csv.errors.csv").read_text()
    assert not Value.objects.exists()


def test_cli_import_then_export_neutralises_and_round_trips(
    tmp_path, collaborative, steward, measures, capsys
):  # type: ignore[no-untyped-def]
    good = tmp_path / "values.csv"
    good.write_text(GOOD.replace("=40", "40"))
    call_command("import", "values", str(good), collaborative=collaborative.slug)
    assert (
        "rows read: 2, inserted: 2, updated: 0, warnings: 0, errors: 0" in capsys.readouterr().out
    )
    out = tmp_path / "out.csv"
    call_command(
        "export", "values", collaborative=collaborative.slug, format="csv", output=str(out)
    )
    lines = out.read_text().splitlines()
    assert (
        lines[0]
        == "indicator,organisation,period,disaggregation,value,numerator,denominator,status"
    )
    assert "youth-served,Riverside Police,2026-01,,4.0,,,draft" in lines


def test_viewer_export_hides_small_counts(viewer_client, collaborative, measures):  # type: ignore[no-untyped-def]
    from braid.measures.models import Submission

    for org, v in ((measures["org"], 3), (measures["police"], 40)):
        Value.objects.create(
            collaborative_id=collaborative.pk,
            indicator=measures["served"],
            organisation=org,
            period=measures["periods"][0],
            value=v,
        )
        Submission.objects.create(
            collaborative=collaborative,
            organisation=org,
            period=measures["periods"][0],
            status="approved",
        )
    text = viewer_client.get(
        reverse("measures:export", args=[collaborative.slug]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert "Eastside Health Centre,2026-01,,< 5" in text and "Riverside Police,2026-01,,—" in text


def test_upload_page_runs_the_import_and_shows_every_problem(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    file = io.BytesIO(b"indicator,period,value\nyouth-served,2026-01,abc\nnope,2026-01,4\n")
    file.name = "mine.csv"
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(reverse("measures:upload", args=[collaborative.slug]), {"file": file})
    response = partner_client.get(
        reverse("measures:job", args=[collaborative.slug, ImportJob.objects.get().pk])
    )
    job = ImportJob.objects.get()
    assert job.status == "done" and job.result["problem_count"] == 2
    html = response.content.decode()
    assert "2 problems found: nothing was imported" in html
    assert "Unknown indicator code" in html
    fragment = partner_client.get(
        reverse("measures:job", args=[collaborative.slug, job.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'id="job"' in fragment.content.decode() and "<html" not in fragment.content.decode()

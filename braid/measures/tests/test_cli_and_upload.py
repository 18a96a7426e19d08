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
    assert job.status == "failed" and job.result["problem_count"] == 2
    html = response.content.decode()
    assert "2 problems found: nothing was imported" in html
    assert "Unknown indicator; write its code or its name" in html
    fragment = partner_client.get(
        reverse("measures:job", args=[collaborative.slug, job.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'id="job"' in fragment.content.decode() and "<html" not in fragment.content.decode()


def test_a_running_import_shows_progress_other_processes_can_see(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks, monkeypatch
):  # type: ignore[no-untyped-def]
    """The import runs in one transaction: its progress goes through the cache, so the page
    polled by another request moves while the job's own row still says 0."""
    from django.core.cache import cache

    from braid.measures.imports import service

    rows = "".join(f"youth-served,2026-0{1 + n % 3},k{n},{n}\n" for n in range(25_000))
    file = io.BytesIO(("indicator,period,disaggregation,value\n" + rows).encode())
    file.name = "big.csv"
    seen: list[tuple[int, str]] = []
    real = service.import_values

    def watched(**kwargs):  # type: ignore[no-untyped-def]
        progress = kwargs["progress"]

        def spy(done: int) -> None:
            progress(done)
            job = ImportJob.objects.get()
            page = partner_client.get(
                reverse("measures:job", args=[collaborative.slug, job.pk]),
                HTTP_HX_REQUEST="true",
            ).content.decode()
            seen.append((cache.get(job.progress_key), page))

        return real(**{**kwargs, "progress": spy})

    monkeypatch.setattr(service, "import_values", watched)
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(reverse("measures:upload", args=[collaborative.slug]), {"file": file})
    job = ImportJob.objects.get()
    assert job.rows_total == 25_000
    assert [n for n, _page in seen[:2]] == [10_000, 20_000]
    assert 'value="10000" max="25000"' in seen[0][1]
    assert "10,000 of about 25,000 rows read (40 %)" in seen[0][1]
    # Every row read; the undeclared breakdowns refuse the file, so the upload failed.
    assert job.status == "failed" and job.rows_done == 25_000


@pytest.mark.parametrize(
    ("content", "rows"),
    [(b"a,b\n1,2\n3,4\n", 2), (b"a,b\n1,2\n3,4", 2), (b"a,b\n", 0), (b"", 0)],
)
def test_the_row_estimate_counts_lines_less_the_header(tmp_path, content, rows):  # type: ignore[no-untyped-def]
    from braid.measures.views_upload import _csv_rows

    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert _csv_rows(path) == rows
    assert _csv_rows(tmp_path / "f.xlsx") == 0


def test_the_job_page_says_when_a_large_file_was_not_checked_for_unusual_figures(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks, monkeypatch
):  # type: ignore[no-untyped-def]
    from braid.measures.imports import reading

    monkeypatch.setattr(reading, "WARN_LIMIT", 1)
    file = io.BytesIO(b"indicator,period,value\nyouth-served,2026-01,4\nyouth-served,2026-02,5\n")
    file.name = "two.csv"
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(reverse("measures:upload", args=[collaborative.slug]), {"file": file})
    job = ImportJob.objects.get()
    html = partner_client.get(reverse("measures:job", args=[collaborative.slug, job.pk]))
    assert "2 rows imported" in html.content.decode()
    assert "files of up to 50,000 rows" in html.content.decode()


def test_cli_import_says_when_figures_were_not_checked(
    tmp_path, collaborative, steward, measures, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    from braid.measures.imports import reading

    monkeypatch.setattr(reading, "WARN_LIMIT", 1)
    good = tmp_path / "values.csv"
    good.write_text(GOOD.replace("=40", "40"))
    call_command("import", "values", str(good), collaborative=collaborative.slug)
    assert "warnings: not looked for: over 50,000 rows, errors: 0" in capsys.readouterr().out


# "1,500" tells nothing about the decimal mark (1.5 or 1500): the choice decides.
AMBIGUOUS = (
    'indicator,organisation,period,value\nyouth-served,Eastside Health Centre,2026-01,"1,500"\n'
)


@pytest.mark.parametrize(("decimal", "stored"), [("comma", 1.5), ("point", 1500.0)])
def test_cli_import_reads_the_decimal_mark_it_is_given(
    tmp_path, collaborative, steward, measures, decimal, stored
):  # type: ignore[no-untyped-def]
    measures["served"].decimals = 1
    measures["served"].save()
    path = tmp_path / "values.csv"
    path.write_text(AMBIGUOUS)
    call_command("import", "values", str(path), collaborative=collaborative.slug, decimal=decimal)
    assert Value.objects.get().value == stored


def test_cli_refuses_a_decimal_mark_for_a_file_without_figures(tmp_path, collaborative, steward):  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_text("name\nAlpha\n")
    with pytest.raises(CommandError, match="--decimal does not apply to 'organisations'"):
        call_command(
            "import", "organisations", str(path), collaborative=collaborative.slug, decimal="comma"
        )


@pytest.mark.parametrize(("decimal", "stored"), [("comma", 1.5), ("point", 1500.0)])
def test_the_upload_pages_decimal_choice_is_read(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks, decimal, stored
):  # type: ignore[no-untyped-def]
    measures["served"].decimals = 1
    measures["served"].save()
    file = io.BytesIO(AMBIGUOUS.encode())
    file.name = "mine.csv"
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("measures:upload", args=[collaborative.slug]),
            {"file": file, "decimal": decimal},
        )
    job = ImportJob.objects.get()
    assert job.result["decimal"] == decimal
    assert Value.objects.get().value == stored
    html = partner_client.get(reverse("measures:job", args=[collaborative.slug, job.pk]))
    assert f"read with a decimal {decimal}" in html.content.decode()


def test_an_xlsx_files_numbers_are_numbers_whatever_the_choice(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    measures["served"].decimals = 3
    measures["served"].save()
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value"])
    sheet.append(["youth-served", "2026-01", 1.125])  # 1,125 in French: not 1125
    file = io.BytesIO()
    book.save(file)
    file.seek(0)
    file.name = "mine.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("measures:upload", args=[collaborative.slug]),
            {"file": file, "decimal": "comma"},
        )
    assert Value.objects.get().value == 1.125


def test_cli_export_as_a_viewer_or_the_public_reads_through_that_audience(
    tmp_path, collaborative, steward, measures
):  # type: ignore[no-untyped-def]
    """`braid export values --as viewer` is the viewer's export (small counts hidden, with the
    figure that would give them away); `--as public` also leaves out what is not approved."""
    from django.core.management.base import CommandError

    from braid.measures.models import Submission

    first, second = measures["periods"][:2]
    for org, period, v, status in (
        (measures["org"], first, 3, "approved"),
        (measures["police"], first, 40, "approved"),
        (measures["org"], second, 25, "submitted"),
        (measures["police"], second, 30, "draft"),
    ):
        Value.objects.create(
            collaborative_id=collaborative.pk,
            indicator=measures["served"],
            organisation=org,
            period=period,
            value=v,
        )
        Submission.objects.create(
            collaborative=collaborative, organisation=org, period=period, status=status
        )

    def export(reader: str) -> list[str]:
        out = tmp_path / f"{reader}.csv"
        call_command(
            "export", "values", "--as", reader, collaborative=collaborative.slug, output=str(out)
        )
        return out.read_text(encoding="utf-8-sig").splitlines()[1:]

    assert sorted(export("steward")) == [
        "youth-served,Eastside Health Centre,2026-01,,3.0,,,approved",
        "youth-served,Eastside Health Centre,2026-02,,25.0,,,submitted",
        "youth-served,Riverside Police,2026-01,,40.0,,,approved",
        "youth-served,Riverside Police,2026-02,,30.0,,,draft",
    ]
    assert sorted(export("viewer")) == [
        "youth-served,Eastside Health Centre,2026-01,,< 5,,,approved",
        "youth-served,Eastside Health Centre,2026-02,,25.0,,,submitted",
        "youth-served,Riverside Police,2026-01,,—,,,approved",
    ]
    assert sorted(export("public")) == [
        "youth-served,Eastside Health Centre,2026-01,,< 5,,,approved",
        "youth-served,Riverside Police,2026-01,,—,,,approved",
    ]
    with pytest.raises(CommandError, match="--as viewer is offered for: values"):
        call_command("export", "plan", "--as", "viewer", collaborative=collaborative.slug)

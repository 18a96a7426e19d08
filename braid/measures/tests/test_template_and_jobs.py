"""A partner's template file for a period imports as it is; a refused upload is listed as failed,
its problems download as CSV, and the corrected file can be uploaded from its page."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from braid.collaboratives.access import access_for
from braid.measures.imports import import_values
from braid.measures.models import ImportJob, Value
from braid.measures.tasks import run_import


def _template(client, collaborative, period, fmt="csv"):  # type: ignore[no-untyped-def]
    url = reverse("measures:template", args=[collaborative.slug, period.pk])
    return client.get(url + f"?format={fmt}")


def test_template_lists_codes_names_and_the_previous_figures(
    partner_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    served, org, p = measures["served"], measures["org"], measures["periods"]
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator_id=served.pk,
        organisation_id=org.pk,
        period_id=p[0].pk,
        value=17,
    )
    response = _template(partner_client, collaborative, p[1])
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Indicator code,Indicator,Organisation,Period,Breakdown,Value,Numerator,Denominator,"
        "Previous (2026-01)"
    )
    assert lines[1] == f"youth-served,Youth-Served,{org.name},2026-02,,,,,17.0"
    assert lines[2].startswith("youth-served,Youth-Served") and ",gender=girls," in lines[2]


def test_a_filled_template_imports_as_it_is(partner, partner_client, collaborative, measures):  # type: ignore[no-untyped-def]
    p = measures["periods"]
    text = _template(partner_client, collaborative, p[1]).content.decode("utf-8-sig")
    lines = text.splitlines()
    # The partner fills the total and both parts, and changes nothing else.
    lines[1] = lines[1].replace(",2026-02,,,,,", ",2026-02,,25,,,")
    lines[2] = lines[2].replace(",gender=girls,,,,", ",gender=girls,12,,,")
    lines[3] = lines[3].replace(",gender=boys,,,,", ",gender=boys,13,,,")
    access = access_for(partner, collaborative.slug)
    result = import_values(
        access=access,
        source=io.BytesIO("\n".join(lines).encode()),
        filename="t.csv",
        organisation_id=measures["org"].pk,
    )
    assert result.ok, result.problems
    assert Value.objects.get(period=p[1], disaggregation="").value == 25


def test_xlsx_template_opens(partner_client, collaborative, measures):  # type: ignore[no-untyped-def]
    response = _template(partner_client, collaborative, measures["periods"][1], "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Indicator code", "Indicator"]


def test_the_french_template_is_headed_in_french_and_imports_as_it_is(
    partner, partner_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    p = measures["periods"]
    response = partner_client.get(
        reverse("measures:template", args=[collaborative.slug, p[1].pk]),
        {"format": "csv"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Code de l’indicateur,Indicateur,Organisation,Période,")
    lines[1] = lines[1].replace(",2026-02,,,,,", ",2026-02,,31,,,")
    from braid.measures.imports.columns import is_braid_layout

    assert is_braid_layout(lines[0].split(","))  # no mapping step for Braid's own template
    result = import_values(
        access=access_for(partner, collaborative.slug),
        source=io.BytesIO("\n".join(lines[:2]).encode()),  # the total only
        filename="t.csv",
        organisation_id=measures["org"].pk,
    )
    assert result.ok, result.problems
    assert Value.objects.get(period=p[1], disaggregation="").value == 31


def test_viewers_get_no_template(viewer_client, collaborative, measures):  # type: ignore[no-untyped-def]
    assert _template(viewer_client, collaborative, measures["periods"][1]).status_code == 404


def test_a_refused_upload_is_failed_with_downloadable_problems(
    partner, partner_client, collaborative, measures, tmp_path
):  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_text("indicator,period,value\nnope,2026-01,3\n")
    job = ImportJob.objects.create(
        collaborative=collaborative,
        organisation=measures["org"],
        created_by=partner,
        filename="bad.csv",
        path=str(path),
    )
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    page = partner_client.get(reverse("measures:job", args=[collaborative.slug, job.pk]))
    html = page.content.decode()
    assert "nothing was imported" in html and "Upload the corrected file" in html
    report = partner_client.get(reverse("measures:report", args=[collaborative.slug]))
    assert "refused: problems to fix" in report.content.decode()
    csv = partner_client.get(reverse("measures:job_problems", args=[collaborative.slug, job.pk]))
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,problem"
    assert lines[1].startswith("2,indicator,nope,")

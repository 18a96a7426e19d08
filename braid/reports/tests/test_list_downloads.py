"""The reports list downloads as CSV and XLSX with the page's own rows: a steward gets drafts
and published reports, other members the published ones only; titles in the reader's
language, formulas neutralised."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from braid.reports.models import Report


def _report(collaborative, title, status="draft", **extra):  # type: ignore[no-untyped-def]
    return Report.objects.create(
        collaborative=collaborative,
        title=title,
        period="2026",
        start="2026-01-01",
        end="2026-12-31",
        sections=["headline"],
        status=status,
        **extra,
    )


def test_the_reports_list_downloads_as_each_reader_sees_it(  # type: ignore[no-untyped-def]
    collaborative, steward_client, viewer_client
):
    _report(collaborative, "=HYPERLINK(1)")
    _report(collaborative, "Annual report", "published", title_fr="Rapport annuel")
    url = reverse("reports:list", args=[collaborative.slug])
    assert "?format=csv" in steward_client.get(url).content.decode()
    lines = steward_client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Report,Template,Funder,Period,Status,Published on"
    assert len(lines) == 3 and any(line.startswith("'=HYPERLINK(1)") for line in lines)
    french = viewer_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    rows = french.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith("Rapport annuel,")  # the draft is the stewards'
    sheet = load_workbook(io.BytesIO(steward_client.get(url, {"format": "xlsx"}).content)).active
    assert [c.value for c in sheet[1]][:2] == ["Report", "Template"] and sheet.max_row == 3

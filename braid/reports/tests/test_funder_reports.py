"""Funder reports: each funding source's template is what its last report held; the deadline
calendar links each deadline still to meet to the report it asks for, or starts it."""

from __future__ import annotations

import datetime as dt
import html

from django.urls import reverse

from braid.agenda.models import FundingDeadline, FundingSource
from braid.collaboratives.access import access_for
from braid.reports import services
from braid.reports.periods import quarter_before
from braid.reports.sections import template_sections


def test_the_quarter_before_a_deadline() -> None:
    assert quarter_before(dt.date(2027, 1, 2)) == "2026-Q4"
    assert quarter_before(dt.date(2026, 11, 2)) == "2026-Q3"
    assert quarter_before(dt.date(2026, 4, 1)) == "2026-Q1"


def test_a_funder_report_starts_from_the_funding_sources_last_report(
    collaborative, steward, figures
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    source = FundingSource.objects.create(collaborative=collaborative, funder="Lakeview")
    first = services.report_create(
        access=access, title="Q1", period="2026-Q1", template="funder", funding_source_id=source.pk
    )
    assert first.sections == template_sections("funder") and first.indicator_ids == []
    services.report_update(
        access=access,
        report=first,
        title="Q1",
        period="2026-Q1",
        template="funder",
        sections=["headline", "indicators"],
        indicator_ids=[figures["indicator"].pk],
        funding_source_id=source.pk,
    )
    second = services.report_create(
        access=access, title="Q2", period="2026-Q2", template="funder", funding_source_id=source.pk
    )
    assert second.sections == ["headline", "indicators"]
    assert second.indicator_ids == [figures["indicator"].pk]


def test_the_deadline_calendar_links_each_deadline_to_its_report(
    collaborative, steward, steward_client
):  # type: ignore[no-untyped-def]
    source = FundingSource.objects.create(collaborative=collaborative, funder="Lakeview")
    FundingDeadline.objects.create(
        collaborative=collaborative,
        source=source,
        title="Quarterly counts",
        due_on=dt.date(2027, 1, 2),
    )
    url = reverse("agenda:res_deadlines", args=[collaborative.slug])
    page = html.unescape(steward_client.get(url).content.decode())
    start = reverse("reports:new", args=[collaborative.slug])
    assert f"{start}?template=funder&funding_source_id={source.pk}&period=2026-Q4" in page
    assert "start the report" in page
    form = steward_client.get(
        f"{start}?template=funder&funding_source_id={source.pk}&period=2026-Q4"
    )
    assert 'value="2026-Q4"' in form.content.decode()
    access = access_for(steward, collaborative.slug)
    report = services.report_create(
        access=access,
        title="Counts",
        period="2026-Q4",
        template="funder",
        funding_source_id=source.pk,
    )
    page = html.unescape(steward_client.get(url).content.decode())
    assert reverse("reports:detail", args=[collaborative.slug, report.pk]) in page
    assert "report: Counts, 2026-Q4 (draft)" in page

"""Reports as a steward builds them and members read them: create, narrative saved as typed,
preview, PDF, publish (frozen), unpublish, who sees what; the API the same."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.core.errors import ServiceError
from braid.measures.models import Value
from braid.measures.services import aggregates_refresh
from braid.measures.tests.factories import found
from braid.reports.models import Report
from braid.reports.periods import parse_period


def _url(name, collaborative, *args):  # type: ignore[no-untyped-def]
    return reverse(name, args=[collaborative.slug, *args])


def test_periods_as_people_write_them():  # type: ignore[no-untyped-def]
    assert parse_period("2026") == ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert parse_period("2026-q4") == ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert parse_period("2024-Q1")[2] == dt.date(2024, 3, 31)
    assert parse_period("2026-H1") == ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert parse_period("2024-02")[2] == dt.date(2024, 2, 29)
    with pytest.raises(ServiceError) as exc:
        parse_period("Q4 2026")
    assert "2026-Q4" in exc.value.message


def test_steward_builds_previews_and_downloads(steward_client, collaborative, figures):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        _url("reports:new", collaborative),
        {"title": "Annual report", "period": "2026", "template": "annual"},
    )
    report = Report.objects.get(collaborative=collaborative)
    assert response.status_code == 302 and response.url == _url(
        "reports:edit", collaborative, report.pk
    )
    assert report.sections[:3] == ["agenda", "headline", "indicators"]
    assert (report.start, report.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    # The narrative is saved as typed (the page's script posts one section at a time).
    saved = steward_client.post(
        _url("reports:narrative", collaborative, report.pk),
        {"section": "headline", "text": "Two hubs opened; numbers rose by a quarter."},
    )
    assert saved.json() == {"saved": True, "section": "headline", "lang": "en", "version": 1}
    report.refresh_from_db()
    assert report.narratives["headline"].startswith("Two hubs opened")
    edit = steward_client.get(_url("reports:edit", collaborative, report.pk)).content.decode()
    assert "Two hubs opened; numbers rose by a quarter." in edit
    assert 'data-autosave="' in edit and "js/reports.js" in edit

    page = steward_client.get(_url("reports:detail", collaborative, report.pk)).content.decode()
    assert "Two hubs opened; numbers rose by a quarter." in page
    assert "Young people served" in page and "150" in page
    assert "Two new youth hubs opened." in page  # the story behind the curve
    assert 'data-vega="chart-served"' in page  # the chart, its table beside
    assert "data-draft" in page

    pdf = steward_client.get(_url("reports:pdf", collaborative, report.pk) + "?lang=fr")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "annual-report-2026-fr.pdf" in pdf["Content-Disposition"]


def test_bad_input_is_refused_on_the_form_and_kept(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        _url("reports:new", collaborative),
        {"title": "Board update", "period": "Q4 2026", "template": "quarterly"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a period" in page and 'value="Board update"' in page
    assert not Report.objects.exists()


def test_publish_freezes_what_the_report_shows(
    steward_client, viewer_client, collaborative, organisation, figures
):  # type: ignore[no-untyped-def]
    steward_client.post(
        _url("reports:new", collaborative),
        {"title": "Q1", "period": "2026-Q1", "template": "custom"},
    )
    report = Report.objects.get()
    steward_client.post(
        _url("reports:narrative", collaborative, report.pk),
        {"section": "indicators", "text": "Frozen words."},
    )
    # A viewer does not see a draft.
    assert viewer_client.get(_url("reports:detail", collaborative, report.pk)).status_code == 404
    # (Not b"Q1" alone: two characters that a random CSRF token or CSP nonce may hold.)
    listed = viewer_client.get(_url("reports:list", collaborative)).content.decode()
    assert _url("reports:detail", collaborative, report.pk) not in listed
    assert "2026-Q1" not in listed

    steward_client.post(_url("reports:publish", collaborative, report.pk), {})
    report.refresh_from_db()
    assert report.published and not report.public and report.snapshot["data"]["audit_id"] > 0
    before = viewer_client.get(_url("reports:detail", collaborative, report.pk)).content.decode()
    assert "data-frozen" in before and "150" in before and "Frozen words." in before

    # The data changes after publication: the report does not.
    Value.objects.filter(period=figures["feb"]).update(value=98765)
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={figures["indicator"].pk})
    after = viewer_client.get(_url("reports:detail", collaborative, report.pk)).content.decode()
    assert not found(after, ("98765",)) and "150" in after
    # Not editable while published; back to draft reads the data live again.
    refused = steward_client.post(
        _url("reports:narrative", collaborative, report.pk), {"section": "indicators", "text": "x"}
    )
    assert refused.status_code == 400 and "unpublish" in refused.json()["detail"]
    steward_client.post(_url("reports:unpublish", collaborative, report.pk))
    live = steward_client.get(_url("reports:detail", collaborative, report.pk)).content.decode()
    assert found(live, ("98765",)) == ["98765"]
    assert viewer_client.get(_url("reports:detail", collaborative, report.pk)).status_code == 404


def test_french_report_has_french_words(steward_client, collaborative, figures):  # type: ignore[no-untyped-def]
    steward_client.post(
        _url("reports:new", collaborative),
        {"title": "Bilan", "period": "2026", "template": "annual"},
    )
    report = Report.objects.get()
    steward_client.post(_url("reports:publish", collaborative, report.pk), {})
    report.refresh_from_db()
    fr = {p["key"]: p for p in report.snapshot["languages"]["fr"]}
    en = {p["key"]: p for p in report.snapshot["languages"]["en"]}
    assert fr["headline"]["title"] == "Tableau de bord en bref"
    assert en["headline"]["title"] == "Headline scorecard"
    assert "Réel" in fr["indicators"]["content"]["indicators"][0]["table"]["columns"]


def test_partners_and_viewers_read_published_reports_only(
    partner_client, viewer_client, steward_client, collaborative, figures
):  # type: ignore[no-untyped-def]
    for client in (partner_client, viewer_client):
        assert client.get(_url("reports:new", collaborative)).status_code == 403
        assert client.get(_url("reports:list", collaborative)).status_code == 200


def test_api_round(steward, viewer, collaborative, figures, client):  # type: ignore[no-untyped-def]
    base = f"/api/v1/collaboratives/{collaborative.slug}/reports"
    auth = bearer(steward)
    created = client.post(
        base,
        json.dumps({"title": "Funder", "period": "2026-H1", "template": "funder"}),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert created.json()["sections"] == [
        "headline",
        "indicators",
        "disaggregations",
        "resources",
        "lessons",
    ]
    bad = client.post(
        base,
        json.dumps({"title": "X", "period": "2026-Q9", "sections": ["nope"]}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"period", "sections"}
    said = client.put(
        f"{base}/{rid}/narratives/headline",
        json.dumps({"text": "Half a year of work."}),
        content_type="application/json",
        **auth,
    )
    assert said.status_code == 200
    got = client.get(f"{base}/{rid}?lang=fr", **auth).json()
    headline = next(p for p in got["parts"] if p["key"] == "headline")
    assert headline["narrative"] == "Half a year of work." and "150" in json.dumps(headline)
    stale = client.patch(
        f"{base}/{rid}",
        json.dumps({"title": "Y", "version": 0}),
        content_type="application/json",
        **auth,
    )
    assert stale.status_code == 409
    assert client.get(base, **bearer(viewer)).json() == []
    published = client.post(
        f"{base}/{rid}/publish",
        json.dumps({"public": True}),
        content_type="application/json",
        **auth,
    )
    assert published.json()["status"] == "published" and published.json()["public"] is True
    assert [r["id"] for r in client.get(base, **bearer(viewer)).json()] == [rid]
    refused = client.delete(f"{base}/{rid}", **auth)
    assert refused.status_code == 400
    viewer_write = client.post(
        f"{base}/{rid}/unpublish", content_type="application/json", **bearer(viewer)
    )
    assert viewer_write.status_code == 403


def test_the_headline_tables_period_never_breaks_at_its_hyphen(
    steward_client, collaborative, figures
):  # type: ignore[no-untyped-def]
    """ "2026-Q3" in a narrow column stays on one line (a date cell, white-space: nowrap)."""
    steward_client.post(
        _url("reports:new", collaborative),
        {"title": "Annual report", "period": "2026", "template": "annual"},
    )
    report = Report.objects.get(collaborative=collaborative)
    page = steward_client.get(_url("reports:detail", collaborative, report.pk)).content.decode()
    headline = page.split('class="table report-table"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<td class="date">([^<]*)</td>', headline)
    assert cells and all(re.fullmatch(r"\d{4}(-\S+)?|—", c) for c in cells), cells

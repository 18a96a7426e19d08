"""The public results page: off until a steward turns it on, then only what was chosen, read
as the public may see it, without login or JavaScript, cached until the data changes; its
snippet, its open data (CSV, IATI XML) and the reports published to it."""

from __future__ import annotations

import csv
import io

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.measures.models import Submission, Value
from braid.measures.services import aggregates_refresh, story_save, submission_approve
from braid.measures.tests.factories import (
    DRAFT_OF_B,
    SMALL_OF_A,
    disclosure_scenario,
    found,
    indicator,
    period,
)
from braid.reports import services


@pytest.fixture
def access(collaborative, steward):  # type: ignore[no-untyped-def]
    return access_for(steward, collaborative.slug)


@pytest.fixture
def figures(collaborative, organisation):  # type: ignore[no-untyped-def]
    served = indicator(collaborative, "served", [organisation], name="Young people served")
    hidden = indicator(collaborative, "staff", [organisation], name="Staff trained")
    jan, feb = period(collaborative, "2026-01", 1), period(collaborative, "2026-02", 2)
    for p, v in ((jan, 120), (feb, 150)):
        for ind in (served, hidden):
            Value.objects.create(
                collaborative=collaborative,
                indicator=ind,
                organisation=organisation,
                period=p,
                value=v,
            )
        Submission.objects.create(
            collaborative=collaborative, organisation=organisation, period=p, status="approved"
        )
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk, hidden.pk})
    return {"served": served, "hidden": hidden, "jan": jan, "feb": feb}


def _get(path: str, **query: str):  # type: ignore[no-untyped-def]
    return Client().get(path, query)


def test_off_until_turned_on_and_unknown_is_the_same_404(collaborative, access, figures):  # type: ignore[no-untyped-def]
    url = reverse("public:page", args=[collaborative.slug])
    assert _get(url).status_code == 404
    assert _get("/p/nobody-here/").status_code == 404
    services.public_page_save(
        access=access, enabled=False, sections=["indicators"], indicator_ids=[figures["served"].pk]
    )
    assert _get(url).status_code == 404
    assert _get(reverse("public:data_csv", args=[collaborative.slug])).status_code == 404


def test_only_what_was_chosen_without_login_or_script(collaborative, access, figures, organisation):  # type: ignore[no-untyped-def]
    services.public_page_save(
        access=access,
        enabled=True,
        sections=["purpose", "partners", "indicators"],
        indicator_ids=[figures["served"].pk],
        intro="We keep young people safe together.",
    )
    organisation.status = "partner"
    organisation.save()
    response = _get(reverse("public:page", args=[collaborative.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "We keep young people safe together." in page
    assert "Young people served" in page and "Staff trained" not in page
    assert organisation.name in page
    assert '<svg class="spark"' in page  # the history drawn on the server
    assert "<script" not in page  # nothing needs JavaScript
    detail = _get(
        reverse("public:indicator", args=[collaborative.slug, "served"]), lang="fr"
    ).content.decode()
    assert '<html lang="fr">' in detail and "Cible" in detail
    assert "<svg" in detail and "150" in detail  # the chart as SVG, its table beside
    assert _get(reverse("public:indicator", args=[collaborative.slug, "staff"])).status_code == 404
    embed = _get(reverse("public:embed", args=[collaborative.slug]))
    assert "X-Frame-Options" not in embed and "Young people served" in embed.content.decode()


def test_cached_until_the_data_changes(
    collaborative, access, figures, organisation, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    services.public_page_save(
        access=access, enabled=True, sections=["indicators"], indicator_ids=[figures["served"].pk]
    )
    url = reverse("public:page", args=[collaborative.slug])
    first = _get(url).content.decode()
    assert "Two hubs opened" not in first
    with django_assert_max_num_queries(3):  # cached: the page, the data mark
        assert _get(url).content.decode() == first
    # A change through a service (audited) shows at once: the story behind the curve ...
    story_save(
        access=access,
        indicator_id=figures["served"].pk,
        period_id=figures["feb"].pk,
        text="Two hubs opened.",
    )
    assert "Two hubs opened." in _get(url).content.decode()
    # ... and a new figure once approved.
    mar = period(collaborative, "2026-03", 3)
    Value.objects.create(
        collaborative=collaborative,
        indicator=figures["served"],
        organisation=organisation,
        period=mar,
        value=181,
    )
    sub = Submission.objects.create(
        collaborative=collaborative, organisation=organisation, period=mar, status="submitted"
    )
    assert "181" not in _get(url).content.decode()
    submission_approve(access=access, submission_id=sub.pk)
    assert "181" in _get(url).content.decode()


def test_open_data_csv_and_iati(collaborative, access, figures):  # type: ignore[no-untyped-def]
    services.public_page_save(
        access=access, enabled=True, sections=["indicators"], indicator_ids=[figures["served"].pk]
    )
    text = _get(reverse("public:data_csv", args=[collaborative.slug])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["indicator"], r["period"], r["actual"]) for r in rows] == [
        ("served", "2026-01", "120"),
        ("served", "2026-02", "150"),
    ]
    xml = _get(reverse("public:data_iati", args=[collaborative.slug])).content
    root = ElementTree.fromstring(xml)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    [ind] = root.iter("indicator")
    assert ind.find("title/narrative").text == "Young people served"
    assert [a.get("value") for a in ind.iter("actual")] == ["120", "150"]


def test_the_public_sees_no_small_count_and_no_draft(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    scenario = disclosure_scenario(collaborative, organisation)
    access = access_for(steward, collaborative.slug)
    served, share = scenario["served"], scenario["share"]
    # Every section on, both indicators, a published report on the public page.
    services.public_page_save(
        access=access,
        enabled=True,
        sections=["purpose", "partners", "indicators", "stories", "reports"],
        indicator_ids=[served.pk, share.pk],
    )
    report = services.report_create(
        access=access,
        title="Q1",
        period="2026-Q1",
        template="annual",
        sections=["headline", "indicators", "disaggregations"],
    )
    services.report_publish(access=access, report=report, public=True)
    slug = collaborative.slug
    reads = {
        "page": _get(reverse("public:page", args=[slug])),
        "page fr": _get(reverse("public:page", args=[slug]), lang="fr"),
        "embed": _get(reverse("public:embed", args=[slug])),
        "served": _get(reverse("public:indicator", args=[slug, served.code])),
        "share": _get(reverse("public:indicator", args=[slug, share.code])),
        "csv": _get(reverse("public:data_csv", args=[slug])),
        "iati": _get(reverse("public:data_iati", args=[slug])),
        "report": _get(reverse("public:report", args=[slug, report.pk])),
    }
    texts = {k: r.content.decode() for k, r in reads.items()}
    assert all(r.status_code == 200 for r in reads.values()), {
        k: r.status_code for k, r in reads.items()
    }
    leaks = {k: found(t, SMALL_OF_A + DRAFT_OF_B) for k, t in texts.items()}
    assert not any(leaks.values()), leaks
    # What it shows: the approved total (7,919 + 20,000) and the hidden percentage as "< …".
    assert found(texts["csv"], ("27919",)) == ["27919"]
    assert "&lt; 10" in texts["share"] or "< 10" in texts["csv"]
    root = ElementTree.fromstring(reads["iati"].content)
    share_actuals = [
        a
        for i in root.iter("indicator")
        if i.find("reference").get("code") == share.code
        for a in i.iter("actual")
    ]
    assert share_actuals and all(a.get("value") is None for a in share_actuals)


def test_reports_on_the_public_page(collaborative, access, figures):  # type: ignore[no-untyped-def]
    services.public_page_save(access=access, enabled=True, sections=["reports"], indicator_ids=[])
    shown = services.report_create(access=access, title="Annual", period="2026", template="custom")
    kept = services.report_create(access=access, title="Board", period="2026", template="custom")
    services.report_publish(access=access, report=shown, public=True)
    services.report_publish(access=access, report=kept, public=False)
    page = _get(reverse("public:page", args=[collaborative.slug])).content.decode()
    assert "Annual · 2026" in page and "Board" not in page
    frozen = _get(reverse("public:report", args=[collaborative.slug, shown.pk])).content.decode()
    assert "Young people served" in frozen and "150" in frozen
    assert _get(reverse("public:report", args=[collaborative.slug, kept.pk])).status_code == 404
    pdf = _get(reverse("public:report_pdf", args=[collaborative.slug, shown.pk]), lang="fr")
    assert pdf.content.startswith(b"%PDF")

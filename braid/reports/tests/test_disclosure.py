"""Every section of a report, on its page, in its PDF and through the API, shows no figure
its reader may not see: a draft is read as the steward building it; a published report is
frozen as the public may see it, so no reader finds a small count or another's draft in it."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import bearer, make_persona
from braid.measures.tests.factories import DRAFT_OF_B, SMALL_OF_A, disclosure_scenario, found
from braid.reports import sections as registry
from braid.reports import services
from braid.reports.models import Report


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode()


def _reads(user, collaborative, report, pdf_in=("en", "fr")) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    out = {}
    for lang in ("en", "fr"):
        page = client.get(
            reverse("reports:detail", args=[collaborative.slug, report.pk]),
            HTTP_ACCEPT_LANGUAGE=lang,
        )
        out[f"page {lang}"] = page.content.decode() if page.status_code == 200 else ""
        if lang in pdf_in:  # PDFs take a second each: the frozen content is the same for all
            pdf = client.get(
                reverse("reports:pdf", args=[collaborative.slug, report.pk]), {"lang": lang}
            )
            out[f"pdf {lang}"] = _pdf_text(pdf.content) if pdf.status_code == 200 else ""
        api = Client().get(
            f"/api/v1/collaboratives/{collaborative.slug}/reports/{report.pk}",
            {"lang": lang},
            **bearer(user),
        )
        out[f"api {lang}"] = api.content.decode() if api.status_code == 200 else ""
    return out


@pytest.fixture
def scenario(collaborative, organisation):  # type: ignore[no-untyped-def]
    found_ = disclosure_scenario(collaborative, organisation)
    steward = make_persona(collaborative, "steward")
    from braid.collaboratives.access import access_for

    access = access_for(steward, collaborative.slug)
    report = services.report_create(
        access=access,
        title="Everything",
        period="2026-Q1",
        template="annual",
        sections=[s.key for s in registry.all_sections(access)],
    )
    return {**found_, "steward": steward, "access": access, "report": report}


def test_the_steward_reads_its_draft_with_every_figure(scenario, collaborative):  # type: ignore[no-untyped-def]
    reads = _reads(scenario["steward"], collaborative, scenario["report"])
    for where, text in reads.items():
        assert found(text, ("34.198",)) == ["34.198"], where


def test_a_published_report_shows_no_reader_what_it_may_not(scenario, collaborative):  # type: ignore[no-untyped-def]
    report = services.report_publish(
        access=scenario["access"], report=scenario["report"], public=True
    )
    readers = {
        "steward": scenario["steward"],
        "a": make_persona(collaborative, "partner", organisation=scenario["a"], email="a@x.org"),
        "b": make_persona(collaborative, "partner", organisation=scenario["b"], email="b@x.org"),
        "viewer": make_persona(collaborative, "viewer"),
    }
    leaks = {}
    for who, user in readers.items():
        pdfs = ("en", "fr") if who in ("steward", "a") else ()
        for where, text in _reads(user, collaborative, report, pdfs).items():
            assert text, f"{who} cannot read the published report ({where})"
            hits = found(text, SMALL_OF_A + DRAFT_OF_B)
            if hits:
                leaks[f"{who} {where}"] = hits
    assert not leaks
    # What the frozen report does show: the total of the approved reports (7,919 + 20,000).
    assert found(str(report.snapshot), ("27919",)) == ["27919"]


def test_drafts_are_not_read_by_partners_or_viewers(scenario, collaborative):  # type: ignore[no-untyped-def]
    report: Report = scenario["report"]
    for user in (
        make_persona(collaborative, "partner", organisation=scenario["a"], email="a@x.org"),
        make_persona(collaborative, "viewer"),
    ):
        assert not any(_reads(user, collaborative, report).values())

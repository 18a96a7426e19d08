"""Sections from meetings, networks and surveys: members read the decisions register, every
lesson and the survey results above the floor; a published report (frozen as the public may
see it), its PDF and the public page hold only public lessons and wins, no decisions register,
and no survey figure under the floor."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership, Role
from braid.demo.seed import load_demo
from braid.reports import document, services
from braid.reports.models import PublicPage

DECISION = "Adopt the shared referral form"
MEMBERS_LESSON = "The survey showed police and schools see their collaboration differently"
PUBLIC_WIN = "First 50 young people referred to wraparound support"
FACTOR = "History of working together in the community"  # shown only with its score


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    collaborative = load_demo()
    steward = Membership.objects.filter(collaborative=collaborative, role=Role.STEWARD).first()
    assert steward is not None
    access = access_for(steward.user, collaborative.slug)
    report = services.report_create(access=access, title="All", period="2026", template="annual")
    return collaborative, access, report


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_the_steward_draft_holds_every_module_section(demo) -> None:  # type: ignore[no-untyped-def]
    _collaborative, access, report = demo
    assert {"decisions", "network", "surveys", "lessons"} <= set(report.sections)
    html = document.render_html(report, access, "en")
    for text in (DECISION, MEMBERS_LESSON, PUBLIC_WIN, FACTOR, "data:image/svg+xml;base64,"):
        assert text in html, text
    french = document.render_html(report, access, "fr")
    assert "Décisions de la période" in french and "Leçons et réussites" in french


def test_under_the_floor_no_survey_figure_is_shown_anywhere(demo) -> None:  # type: ignore[no-untyped-def]
    collaborative, access, report = demo
    collaborative.min_group_size = 100
    collaborative.save()
    access = access_for(access.user, collaborative.slug)
    draft = document.render_html(report, access, "en")
    assert FACTOR not in draft and "Too few answers to show any result" in draft
    report = services.report_publish(access=access, report=report, public=True)
    assert FACTOR not in str(report.snapshot)


def test_the_published_report_pdf_and_public_page_hold_only_what_the_public_may_see(demo) -> None:  # type: ignore[no-untyped-def]
    collaborative, access, report = demo
    report = services.report_publish(access=access, report=report, public=True)
    snapshot = str(report.snapshot)
    assert PUBLIC_WIN in snapshot
    assert DECISION not in snapshot and MEMBERS_LESSON not in snapshot
    pdf = _pdf_text(document.render_pdf(report, access, "fr"))
    assert "Les 50 premiers jeunes" in pdf and "police et les écoles" not in pdf
    assert "First 50 young people" not in pdf  # the win in French (ADR 0015)
    assert DECISION not in pdf
    PublicPage.objects.update_or_create(
        collaborative=collaborative, defaults={"enabled": True, "sections": ["stories", "reports"]}
    )
    public = Client()
    for url in (
        reverse("public:page", args=[collaborative.slug]),
        reverse("public:report", args=[collaborative.slug, report.pk]),
    ):
        page = public.get(url).content.decode()
        assert PUBLIC_WIN in page, url
        assert MEMBERS_LESSON not in page and DECISION not in page, url

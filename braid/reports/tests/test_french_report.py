"""The demo's annual report in French carries no English from the demo: every text written in
both languages (ADR 0015) is printed in French, in the web preview, the PDF, the frozen
snapshot and the public page, the breakdowns' dimensions and groups included."""

from __future__ import annotations

import base64
import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.models import (
    Activity,
    AgendaVersion,
    FundingDeadline,
    Goal,
    Milestone,
    Objective,
)
from braid.collaboratives.access import access_for
from braid.collaboratives.models import Membership, Role
from braid.demo import reports as demo_reports
from braid.demo.french import (
    DEADLINE_TITLES_FR,
    DIMENSION_LABELS,
    INDICATOR_NAMES_FR,
    ISSUE_FR,
    MILESTONE_TITLES_FR,
    STORY_FR,
    UNITS_FR,
)
from braid.demo.meetings import DECISIONS_FR
from braid.demo.seed import load_demo
from braid.demo.surveys import ROUND_TITLES_FR
from braid.measures.models import Indicator, Story
from braid.meetings.models import Decision
from braid.networks.models import LogEntry
from braid.reports import document
from braid.reports.models import Report
from braid.surveys.models import Round


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    collaborative = load_demo()
    steward = Membership.objects.filter(collaborative=collaborative, role=Role.STEWARD).first()
    assert steward is not None
    access = access_for(steward.user, collaborative.slug)
    draft = Report.objects.get(collaborative=collaborative, title="Annual report", status="draft")
    return collaborative, access, draft


def _english(collaborative) -> list[str]:  # type: ignore[no-untyped-def]
    """What the demo wrote in English in fields that have a French twin."""
    agenda = AgendaVersion.objects.filter(collaborative=collaborative).order_by("-number").first()
    assert agenda is not None
    found = ["Annual report", collaborative.issue, *demo_reports.NARRATIVES.values()]
    found += [getattr(agenda, f) for f in ("problem", "vision", "north_star")]
    for ind in Indicator.objects.filter(collaborative=collaborative):
        found += [ind.name, ind.definition]
        found += [names["en"] for names in ind.disaggregation_labels.values()]
        found += [group for groups in ind.disaggregations.values() for group in groups]
    found += Story.objects.filter(collaborative=collaborative).values_list("text", flat=True)
    for entry in LogEntry.objects.filter(collaborative=collaborative):
        found += [getattr(entry, f) for f in LogEntry.TEXTS]
    for decision in Decision.objects.filter(collaborative=collaborative):
        found += [getattr(decision, f) for f in Decision.TEXTS]
    found += Round.objects.filter(collaborative=collaborative).values_list("title", flat=True)
    for model in (Activity, Milestone, FundingDeadline):  # the plan's titles, what funders expect
        found += model.objects.filter(collaborative=collaborative).values_list("title", flat=True)
    for chain in (Goal, Objective):  # the results chain, each text written in both languages
        for item in chain.objects.filter(collaborative=collaborative):
            found += [getattr(item, f) for f in chain.TEXTS if getattr(item, f"{f}_fr")]
    found += [  # the units (the charts' axes), those whose French is another word
        ind.unit
        for ind in Indicator.objects.filter(collaborative=collaborative)
        if ind.unit_fr and ind.unit_fr != ind.unit
    ]
    return [" ".join(t.split()) for t in found if t]


def _french(collaborative) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        demo_reports.TITLE_FR,
        *demo_reports.NARRATIVES_FR.values(),
        *INDICATOR_NAMES_FR.values(),
        *(names["fr"] for names in DIMENSION_LABELS.values()),
    ]


def _plain(html: str) -> str:
    """The page's text, the words of its charts (SVG images: axes, legends) included."""
    from html import unescape

    from django.utils.html import strip_tags

    return " ".join(unescape(f"{strip_tags(html)} {_chart_words(html)}").split())


def _chart_words(html: str) -> str:
    found = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    svgs = [base64.b64decode(data).decode() for data in found]
    return " ".join(t for svg in svgs for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _check(text: str, collaborative) -> None:  # type: ignore[no-untyped-def]
    english = [t for t in _english(collaborative) if t in text]
    assert english == [], english
    missing = [t for t in _french(collaborative) if " ".join(t.split()) not in text]
    assert missing == [], missing
    assert "(en anglais)" not in text  # no fallback either


def test_the_french_draft_preview_and_pdf_carry_no_english_from_the_demo(demo):  # type: ignore[no-untyped-def]
    collaborative, access, draft = demo
    preview = _plain(document.render_html(draft, access, "fr"))
    pdf = _pdf_text(document.render_pdf(draft, access, "fr"))
    for text in (preview, pdf):
        _check(text, collaborative)
        assert ISSUE_FR in text  # the cover's purpose statement
        assert " ".join(STORY_FR.split()) in text  # the story behind the charges curve
        assert DECISIONS_FR["Adopt the shared referral form"] in text  # the decisions section
        assert ROUND_TITLES_FR["Partnership check-up, this year"] in text  # the surveys section
        assert MILESTONE_TITLES_FR["Youth worker hired"] in text  # the plan's milestones reached
        assert DEADLINE_TITLES_FR["Quarterly diversion counts"] in text  # funders' deadlines
    assert f" {UNITS_FR['visits']} " in preview  # a chart's axis, the unit in French
    english = _plain(document.render_html(draft, access, "en"))  # and the other way round
    assert demo_reports.NARRATIVES["plan"] in english and "Rapport annuel" not in english


def test_the_frozen_report_and_the_public_page_in_french(demo):  # type: ignore[no-untyped-def]
    collaborative, access, _draft = demo
    published = Report.objects.get(collaborative=collaborative, status="published")
    _check(_plain(document.render_html(published, access, "fr")), collaborative)
    client = Client()
    page = client.get(reverse("public:page", args=[collaborative.slug]), {"lang": "fr"})
    text = _plain(page.content.decode())
    assert demo_reports.INTRO_FR in text and demo_reports.INTRO not in text
    assert ISSUE_FR in text and collaborative.issue not in text
    shown = Indicator.objects.filter(collaborative=collaborative).order_by("pk")[:6]
    for ind in shown:
        assert ind.name_fr in text and ind.name not in text
    report = client.get(
        reverse("public:report", args=[collaborative.slug, published.pk]), {"lang": "fr"}
    )
    _check(_plain(report.content.decode()), collaborative)

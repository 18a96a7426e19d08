"""Tab rows say which page you are on (aria-current, drawn filled), sub-pages included, and
keep actions apart from navigation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

CURRENT = re.compile(r'<a class="button small" href="([^"]+)" aria-current="page">([^<]+)</a>')


@pytest.mark.parametrize(
    ("page", "tab"),
    [
        ("agenda:agenda", "Common agenda"),
        ("agenda:agenda_history", "Common agenda"),
        ("agenda:plan", "Action plan"),
        ("agenda:plan_import", "Action plan"),
        ("agenda:gov_rules", "Rules of procedure"),
        ("partners:list", "Register"),
        ("partners:stakeholders", "Stakeholder grid"),
        ("measures:scorecard", "Scorecard"),
        ("measures:periods", "Reporting periods"),
        ("meetings:decisions", "Decisions register"),
    ],
)
def test_the_tab_of_the_page_shown_is_marked_current_and_only_it(
    steward_client, collaborative, page, tab
):  # type: ignore[no-untyped-def]
    html = steward_client.get(reverse(page, args=[collaborative.slug])).content.decode()
    assert [label for _href, label in CURRENT.findall(html)] == [tab]


def test_measures_actions_sit_apart_from_its_tabs(steward_client, collaborative):  # type: ignore[no-untyped-def]
    html = steward_client.get(reverse("measures:scorecard", args=[collaborative.slug])).content
    nav = html.decode().split("<nav", 2)[2].split("</nav>")[0]  # the page's tab row
    assert "Scorecard" in nav and "Define an indicator" not in nav and "Export" not in nav

"""Every Design page of the demo collaborative renders, draws its charts and passes axe-core,
for a steward (English) and a partner (French)."""

from __future__ import annotations

from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import login

STEWARD_PAGES = [
    ("agenda", "/c/demo/agenda/", None),
    ("history", "/c/demo/agenda/history/", None),
    ("results", "/c/demo/agenda/results/", None),
    ("plan", "/c/demo/agenda/plan/", ".vega-chart svg, .vega-chart canvas"),
    ("alignment", "/c/demo/agenda/plan/alignment/", None),
    ("bodies", "/c/demo/agenda/governance/", None),
    ("rules", "/c/demo/agenda/rules/", None),
    ("raci", "/c/demo/agenda/raci/", None),
    ("leadership", "/c/demo/agenda/leadership/", ".vega-chart svg, .vega-chart canvas"),
    ("backbone", "/c/demo/agenda/backbone/", None),
    ("contributions", "/c/demo/agenda/resources/", ".vega-chart svg, .vega-chart canvas"),
    ("funders", "/c/demo/agenda/funders/", None),
    ("deadlines", "/c/demo/agenda/deadlines/", ".vega-chart svg, .vega-chart canvas"),
    ("terms", "/c/demo/agenda/terms/", None),
]


def test_design_pages_render_and_are_accessible(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    steward = pages.new_page()
    login(steward, "steward@demo.braid", "demo-steward")
    for label, url, chart in STEWARD_PAGES:
        response = steward.goto(url)
        assert response is not None and response.ok, url
        if chart:
            steward.wait_for_selector(chart)
        pages.check(steward, f"steward-{label}")
    assert steward.get_by_text("5 of 8 parties signed").is_visible()

    partner = pages.new_page()
    login(partner, "partner@demo.braid", "demo-partner")
    partner.goto("/c/demo/")
    partner.get_by_role("button", name="Français").click()
    partner.wait_for_load_state("networkidle")
    partner.goto("/c/demo/agenda/plan/mine/")
    partner.wait_for_selector("text=Activités que nous menons")
    pages.check(partner, "partner-commitments-fr")
    partner.goto("/c/demo/agenda/terms/")
    partner.wait_for_selector("text=Signer la version 1 pour mon organisation")
    pages.check(partner, "partner-terms-fr")

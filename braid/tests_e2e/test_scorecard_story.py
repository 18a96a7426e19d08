"""A viewer reads the demo scorecard and one indicator, in English and in French: the verdict,
the chart's forecast (the chart's own data) and the table beside it give the same figures."""

from __future__ import annotations

import json
import re

from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import login

CODE = "youth-charged-violent"
VERDICT = {
    "en": re.compile(
        r"^(?P<period>\S+): (?P<actual>[\d.,\s]+), (?:not )?better than the baseline forecast"
        r" of (?P<forecast>[\d.,\s]+): the curve is (?:not )?turning"
    ),
    "fr": re.compile(
        r"^(?P<period>\S+)\s: (?P<actual>[\d.,\s]+), (?:pas )?mieux que la prévision de"
        r" référence de (?P<forecast>[\d.,\s]+)\s: la courbe "
    ),
}
HEADLINE = {  # French puts a space before the semicolon
    "en": re.compile(r"^\d+ of \d+ measures (is|are) turning the curve; \d+ ha(s|ve) no figure"),
    "fr": re.compile(r"^\d+ mesures? sur \d+ infléchi\w+ la courbe\u00a0; \d+ n’"),
}
LEGEND = {"en": ("Actual", "Baseline forecast", "Target"), "fr": ("Réel", "Prévision", "Cible")}


def _number(text: str) -> float:
    return float(re.sub(r"\s", "", text).replace(",", "."))


def _read_indicator(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    verdict = page.locator("[data-verdict]").inner_text().strip()
    match = VERDICT[lang].match(verdict)
    assert match, verdict
    period, actual, forecast = match["period"], match["actual"], match["forecast"]
    row = page.locator(f'tr[data-period="{period}"]')
    assert row.locator("[data-forecast]").inner_text().strip() == forecast.strip()
    assert row.locator("[data-actual]").inner_text().strip() == actual.strip()
    spec = json.loads(page.locator("#ind-spec").text_content())
    drawn = {(d["series"], d["code"]): d["value"] for d in spec["data"]["values"]}
    assert round(drawn[("forecast", period)]) == round(_number(forecast))
    assert round(drawn[("actual", period)]) == round(_number(actual))
    chart = page.locator(".vega-chart[data-vega='ind-spec'] svg").text_content() or ""
    assert all(label in chart for label in LEGEND[lang]), chart
    assert re.search(r"(Jan|janv\.?) 20\d\d", chart), chart  # years on the time axis


def test_viewer_reads_one_story_in_english_and_french(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    page = pages.new_page()
    login(page, "viewer@demo.braid", "demo-viewer")
    for lang in ("en", "fr"):
        if lang == "fr":
            page.goto("/c/demo/")
            page.get_by_role("button", name="Français").click()
            page.wait_for_load_state("networkidle")
        page.goto("/c/demo/measures/")
        assert HEADLINE[lang].match(page.locator("[data-headline]").inner_text())
        row = page.locator(f'tr[data-indicator="{CODE}"]')
        on_card = row.locator("[data-verdict]").inner_text().strip()
        assert row.locator("svg.spark polyline").count() >= 1
        pages.check(page, f"scorecard-{lang}")
        row.locator("th a").click()
        page.wait_for_selector(".vega-chart[data-vega='ind-spec'][data-ready]")
        assert page.locator("[data-verdict]").inner_text().strip() == on_card
        _read_indicator(page, lang)
        pages.check(page, f"indicator-{lang}")
    page.goto("/c/demo/measures/?group=goal&print=1")
    assert page.locator(".print-view h2.group-title").count() >= 1
    pages.check(page, "scorecard-print-fr")

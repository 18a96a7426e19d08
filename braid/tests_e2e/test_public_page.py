"""The public results page in a real browser: no login, with JavaScript off and on, at 390 and
1280 px, in English and French, axe clean, nothing wider than the screen, charts as SVG with
their tables."""

from __future__ import annotations

from typing import Any

import pytest

from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import ARTEFACTS


def _context(pages: Any, width: int, js: bool) -> Any:
    context = pages.browser.new_context(
        viewport={"width": width, "height": 900},
        base_url=pages.base_url,
        java_script_enabled=js,
    )
    context.set_default_timeout(15000)
    pages.contexts.append(context)
    return context


@pytest.mark.parametrize("width", [390, 1280])
def test_the_public_page_reads_well_with_and_without_javascript(pages, transactional_db, width):  # type: ignore[no-untyped-def]
    load_demo()
    for js in (False, True):
        page = _context(pages, width, js).new_page()
        for lang in ("en", "fr"):
            response = page.goto(f"/p/demo/?lang={lang}")
            assert response is not None and response.status == 200
            assert page.locator("table").count() >= 1
            assert page.locator("svg").count() >= 6, "charts are drawn without JavaScript"
            label = f"{width}-{'js' if js else 'nojs'}-{lang}"
            page.screenshot(path=str(ARTEFACTS / f"public-page-{label}.png"), full_page=True)
            if js:
                wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert wide <= 0, f"{label}: {wide} px wider than the screen"
                pages.check(page, label)
        if js:
            report = page.locator("a[href*='/p/demo/reports/']").first
            report.click()
            page.wait_for_load_state("networkidle")
            assert page.locator("h2").count() >= 3
            pages.check(page, f"{width}-report")

"""Browser tests: Playwright driving Debian's Chromium, every page checked with axe-core."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("BRAID_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop; Django refuses sync ORM calls from it otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests_e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}; run `make browser` (apt-get install chromium)."
        )
        if os.environ.get("BRAID_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Pages:
    """Opens pages in a fresh context, checks each with axe, saves screenshots."""

    def __init__(self, browser: Any, base_url: str, name: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.name = name
        self.contexts: list[Any] = []
        self.checked: list[str] = []
        ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def new_page(self, *, width: int = 1280, height: int = 900, **options: Any) -> Any:
        """A page in a fresh context (`options`: Playwright's, e.g. is_mobile, locale)."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, base_url=self.base_url, **options
        )
        context.set_default_timeout(15000)
        self.contexts.append(context)
        page = context.new_page()
        # Every page runs under the Content-Security-Policy: a refusal is a failed test.
        page.csp_violations = []
        page.on(
            "console",
            lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None,
        )
        return page

    def check(self, page: Any, label: str) -> None:
        """Screenshot the page and fail on any serious or critical axe-core violation."""
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTEFACTS / f"{self.name}-{label}.png"), full_page=True)
        violations = getattr(page, "csp_violations", [])  # pages of contexts made by a test
        assert not violations, f"CSP refused on {page.url}: {violations}"
        # Injected through the DevTools protocol, which the page's CSP does not govern.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async () => await axe.run(document, "
            "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)
        self.checked.append(page.url)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(chromium: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:
    p = Pages(chromium, live_server.url, request.node.name)
    yield p
    p.close()


def login(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

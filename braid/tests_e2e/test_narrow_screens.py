"""Every page of the demo at 390 px, for a steward, a partner and a viewer: nothing scrolls sideways,
no control is smaller than 24 by 24 px, axe finds no violation, and the menu button opens and
closes the navigation.

The pages are gathered from the sidebar and the tab rows, plus one detail page of each kind (the first
link of each table), so a new page is crawled without being listed.
"""

from __future__ import annotations

import re
from typing import Any

from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import ARTEFACTS, AXE, login

PERSONAS = [
    ("steward", "steward@demo.braid", "demo-steward", True),
    ("partner", "partner@demo.braid", "demo-partner", True),
    ("viewer", "viewer@demo.braid", "demo-viewer", False),
]

# Links of the sidebar and the tab rows, and (DETAILS) the first link of each table: a detail page.
# Files (exports, templates, PDFs: anything asked for in a format, or a download) are left out.
# The viewer's detail pages are the steward's templates with less on them.
NAV = "#sidebar a[href], nav.actions-bar a[href]"
DETAILS = ", main table tbody tr:first-child a[href]"
LINKS = """selector => Array.from(document.querySelectorAll(selector))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.getAttribute('href'))
  .filter(h => h.startsWith('/c/') && !/export|download|format=|[/]pdf([/?]|$)|[.]pdf/.test(h))"""

# A target is every button, field, summary and link that is not a link inside running text
# (WCAG 2.2 SC 2.5.8 exempts those: their size is set by the line of text). A checkbox or a
# radio button counts together with its label, which clicks it too.
MEASURE = """() => {
  const doc = document.documentElement;
  const small = [];
  const shown = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.type === 'hidden' || !shown(el) || el.closest('.vega-embed')) continue;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    let r = el.getBoundingClientRect();
    let w = r.width, h = r.height;
    if (el.type === 'checkbox' || el.type === 'radio') {
      for (const label of el.labels || []) {
        const l = label.getBoundingClientRect();
        w = Math.max(r.right, l.right) - Math.min(r.left, l.left);
        h = Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top);
      }
    }
    if (w < 23.5 || h < 23.5) {
      small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 40)}" ${Math.round(w)}x${Math.round(h)}`);
    }
  }
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-scroll')) continue;
    if (el.getBoundingClientRect().right > doc.clientWidth + 1) wide.push(el.tagName.toLowerCase() + '.' + el.getAttribute('class'));
    if (wide.length > 3) break;
  }
  return {scroll: doc.scrollWidth, width: doc.clientWidth, small, wide};
}"""


AXE_RUN = (
    "async () => await axe.run(document, "
    "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})"
)


def axe_problems(page: Any) -> list[str]:
    """Every axe-core violation of the page (any impact), charts' SVGs included."""
    # Injected through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(AXE_RUN)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def _crawl(pages: Any, persona: tuple[str, str, str, bool]) -> tuple[list[str], list[str]]:
    label, email, password, details = persona
    context = pages.browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=pages.base_url
    )
    context.set_default_timeout(60000)  # a loaded machine is slow, not wrong
    pages.contexts.append(context)
    page = context.new_page()
    login(page, email, password)
    to_visit, seen, problems, kinds = ["/c/demo/"], [], [], set()
    while to_visit:
        url = to_visit.pop(0)
        kind = re.sub(r"/\d+/", "/N/", url.split("?")[0])
        if kind in kinds:
            continue
        kinds.add(kind)
        seen.append(url)
        response = page.goto(url, wait_until="domcontentloaded")
        assert response is not None and response.ok, (
            f"{label}: {url} answered {response and response.status}"
        )
        found = page.evaluate(MEASURE)
        if found["scroll"] > found["width"]:
            problems.append(f"{label} {url}: page is {found['scroll']} px wide ({found['wide']})")
        problems += [f"{label} {url}: target smaller than 24 px: {s}" for s in found["small"]]
        problems += [f"{label} {url}: axe {p}" for p in axe_problems(page)]
        for link in page.evaluate(LINKS, NAV + (DETAILS if details else "")):
            if link not in seen and link not in to_visit:
                to_visit.append(link)
        name = url.strip("/").replace("/", "_") or "root"
        page.screenshot(path=str(ARTEFACTS / f"narrow-390-{label}-{name}.png"))
    return seen, problems


def test_every_demo_page_fits_a_phone_for_every_persona(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    problems: list[str] = []
    visited = {}
    for persona in PERSONAS:
        seen, found = _crawl(pages, persona)
        visited[persona[0]] = seen
        problems += found
    assert not problems, "\n".join(problems)
    # The crawl really went through the product (the sidebar gives ~20 pages to a steward).
    assert len(visited["steward"]) >= 20, visited["steward"]
    assert "/c/demo/measures/report/" in visited["partner"]
    assert any(re.search(r"/measures/report/\d+/", url) for url in visited["partner"])
    assert "/c/demo/settings/" not in visited["viewer"]


def test_menu_button_opens_the_navigation_on_a_phone(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    context = pages.browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=pages.base_url
    )
    pages.contexts.append(context)
    page = context.new_page()
    login(page, "partner@demo.braid", "demo-partner")
    page.goto("/c/demo/")
    sidebar = page.locator("#sidebar")
    button = page.get_by_role("button", name="Menu")
    assert not sidebar.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    # The collaborative's name stays on one line and the user menu stays on screen.
    summary = page.locator(".switcher summary")
    assert summary.bounding_box()["height"] < 48  # type: ignore[index]
    user_menu = page.locator(".user-menu summary").bounding_box()
    assert user_menu is not None and user_menu["x"] + user_menu["width"] <= 390

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert sidebar.is_visible()
    # Focus moves into the navigation; Escape closes it and gives focus back to the button.
    assert page.evaluate("document.activeElement.closest('#sidebar') !== null")
    pages.check(page, "menu-open-390")
    page.keyboard.press("Escape")
    assert not sidebar.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")

    page.set_viewport_size({"width": 1280, "height": 900})
    assert sidebar.is_visible() and not button.is_visible()
    pages.check(page, "home-1280")

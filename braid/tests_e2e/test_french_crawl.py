"""Every page of the demo in French at 390 px, for a steward, a partner and a viewer: no
interface text left in English, nothing scrolls sideways, and axe finds no violation (charts'
SVGs included; the English pages get the same axe check in test_narrow_screens). Plus the stakeholder grid's labels never print over each other, at 390 and
1280 px, and an organisation file with French headers and sector names imports after the
mapping step.

"English left" is read from the catalogue: a text of the page (or an aria-label, title,
placeholder or alt) that is exactly an English msgid whose French differs was not translated.
Text people wrote (the demo's agenda, names) is not in the catalogue, so it is not mistaken.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib

from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import ARTEFACTS, login
from braid.tests_e2e.test_narrow_screens import (
    DETAILS,
    LINKS,
    MEASURE,
    NAV,
    PERSONAS,
    axe_problems,
)

PO = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"

TEXTS = """() => {
  const out = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, .visually-hidden-lang, [lang=en]')) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.add(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (el.closest('[lang=en]')) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      const v = el.getAttribute(a); if (v && v.trim()) out.add(v.trim());
    }
  }
  return Array.from(out);
}"""


def english_msgids() -> set[str]:
    """Interface texts whose French is different: seeing one on a French page is a miss.
    Left out: English texts that are also French ("Direction", "Comment"), and what people
    wrote into the demo (a body named "Steering committee", rules meeting "Monthly")."""
    found, french = set(), set()
    for entry in polib.pofile(str(PO)):
        text = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        french.add(text.strip())
        if entry.obsolete or "%" in entry.msgid or len(entry.msgid) < 4:
            continue
        if text and text.strip() != entry.msgid.strip():
            found.add(entry.msgid.strip())
    return found - french - written_data()


def written_data() -> set[str]:
    """Every free-text value of the demo's tenant rows (names, titles, notes): content."""
    from django.apps import apps
    from django.db import models

    from braid.collaboratives.models import Collaborative

    demo = Collaborative.objects.get(slug="demo")
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("braid.") or not hasattr(model, "collaborative_id"):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model.objects.filter(collaborative_id=demo.pk).values_list(*fields):
            values.update(str(v).strip() for v in row if v)
    return values


def crawl(
    pages: Any, persona: tuple[str, str, str, bool], *, language: str, width: int = 390
) -> tuple[list[str], list[str]]:
    """Visit every page a persona reaches from the sidebar and tab rows (and one detail page
    of each kind); return the pages seen and the problems found on them."""
    label, email, password, details = persona
    context = pages.browser.new_context(
        viewport={"width": width, "height": 844}, base_url=pages.base_url, locale=language
    )
    context.set_default_timeout(60000)  # a loaded machine is slow, not wrong
    context.add_cookies([{"name": "django_language", "value": language, "url": pages.base_url}])
    pages.contexts.append(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, email, password)
    english = english_msgids() if language == "fr" else set()
    to_visit, seen, problems, kinds = ["/c/demo/"], [], [], set()
    while to_visit:
        url = to_visit.pop(0)
        kind = re.sub(r"/\d+/", "/N/", url.split("?")[0])
        if kind in kinds:
            continue
        kinds.add(kind)
        seen.append(url)
        errors.clear()
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{label}: {url} answered {response.status}"
        where = f"{label} {language} {url}"
        found = page.evaluate(MEASURE)
        if found["scroll"] > found["width"]:
            problems.append(f"{where}: page is {found['scroll']} px wide ({found['wide']})")
        problems += [f"{where}: target smaller than 24 px: {s}" for s in found["small"]]
        left = sorted(t for t in page.evaluate(TEXTS) if t in english)
        problems += [f"{where}: still English: {t!r}" for t in left]
        problems += [f"{where}: axe {p}" for p in axe_problems(page)]
        problems += [f"{where}: console error: {e}" for e in errors]
        for link in page.evaluate(LINKS, NAV + (DETAILS if details else "")):
            if link not in seen and link not in to_visit:
                to_visit.append(link)
        name = url.strip("/").replace("/", "_") or "root"
        page.screenshot(path=str(ARTEFACTS / f"{language}-{width}-{label}-{name}.png"))
    return seen, problems


def test_every_demo_page_in_french_on_a_phone(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    problems: list[str] = []
    visited = {}
    for persona in PERSONAS:
        seen, found = crawl(pages, persona, language="fr")
        visited[persona[0]] = seen
        problems += found
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert len(visited["steward"]) >= 20, visited["steward"]
    assert len(visited["viewer"]) >= 10, visited["viewer"]


OVERLAPS = """() => {
  const boxes = Array.from(document.querySelectorAll('.vega-chart svg .role-mark.mark-text text'))
    .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) hits.push([i, j]);
  }
  return {labels: boxes.length, hits};
}"""


def test_stakeholder_grid_labels_never_overlap(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    page = pages.new_page()
    login(page, "steward@demo.braid", "demo-steward")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/c/demo/partners/stakeholders/", wait_until="networkidle")
        page.wait_for_selector(".vega-chart svg .role-mark.mark-text text")
        found = page.evaluate(OVERLAPS)
        assert found["labels"] >= 3, found
        assert not found["hits"], f"labels overlap at {width} px: {found}"
        pages.check(page, f"grid-{width}")


FRENCH_FILE = (
    "Nom de l'organisme;Secteur;Courriel;Langue;Région\n"
    "Centre de santé Rive-Sud;Santé;info@crs.example;Français;Montérégie\n"
    "Commission scolaire du Lac;Éducation;;;Estrie\n"
)


def test_an_organisation_file_in_french_imports_after_the_mapping_step(
    pages, transactional_db, tmp_path
):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    from braid.partners.models import Organisation

    path = tmp_path / "organismes.csv"
    path.write_text(FRENCH_FILE, encoding="utf-8")
    page = pages.new_page()
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": pages.base_url}])
    login(page, "steward@demo.braid", "demo-steward")
    page.goto("/c/demo/partners/import/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Quelle colonne contient quoi\u00a0?"
    assert page.locator("#id_column_0").input_value() == "name"
    assert page.locator("#id_column_4").input_value() == ""  # Région: Braid reads no such field
    pages.check(page, "mapping-fr")
    page.locator("main form.mapping button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/c/demo/partners/" in page.url
    health = Organisation.objects.get(collaborative__slug="demo", name="Centre de santé Rive-Sud")
    assert health.sector == "health"
    school = Organisation.objects.get(collaborative__slug="demo", name="Commission scolaire du Lac")
    assert school.sector == "education"

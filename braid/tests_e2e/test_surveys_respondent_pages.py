"""Issue 13's "axe clean on every respondent page in both languages", page by page: each page a
respondent can reach behind a personal link (privacy statement, a section, the network
instrument's list, the review, finished, already finished, closed) and without one (a link
that opens no survey, "send me my link again" and its answer), on a 390-px phone, in English
and in French, each checked by axe-core (WCAG 2.1 A and AA) with no sideways scroll. The round
journey itself is test_surveys_journey.py. It lives here, beside the browser fixtures: a copy of
the session's Chromium fixture imported into another module would start a second Playwright
inside the first one in the same worker, which Playwright refuses."""

from __future__ import annotations

from typing import Any

import pytest

from braid.tests_e2e.conftest import Pages

FACTORS = "braid-factors@1"
NETWORK = "braid-network@1"


def _phone(pages: Pages, language: str) -> Any:
    return pages.new_page(
        width=390, height=844, is_mobile=True, locale="fr-FR" if language == "fr" else "en-GB"
    )


def _check(pages: Pages, page: Any, language: str, label: str) -> None:
    assert page.evaluate("document.documentElement.lang").startswith(language), page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    pages.check(page, f"{label}-{language}")


def _rounds(transactional_db: Any) -> tuple[dict[str, str], dict[str, str], str]:
    """An open round (factors + network) and a closed one; personal links by language."""
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative
    from braid.collaboratives.testing import make_persona
    from braid.collaboratives.tests.factories import OrganisationFactory
    from braid.surveys.rounds import services as round_services
    from braid.surveys.tests.helpers import invite, open_round

    c = Collaborative.objects.create(name="Riverside Youth Partnership", slug="riverside")
    access = access_for(make_persona(c, "steward", email="amina@example.org"), c.slug)
    orgs = [
        OrganisationFactory(collaborative=c, name=name, sector=sector)
        for name, sector in (
            ("Eastside Health", "health"),
            ("Riverside Police", "police_justice"),
            ("Residents Association", "community"),
        )
    ]
    both = open_round(access, [FACTORS, NETWORK], title="Check-up 2026")
    tokens = invite(access, both, [("en@x.org", orgs[0]), ("fr@x.org", orgs[1])])
    closed = open_round(access, [FACTORS], title="Spring check", days=3)
    late = invite(access, closed, [("late-en@x.org", orgs[2]), ("late-fr@x.org", orgs[2])])
    round_services.round_close(access=access, round_id=closed.pk)
    return (
        {"en": f"/s/{tokens['en@x.org']}/", "fr": f"/s/{tokens['fr@x.org']}/"},
        {"en": f"/s/{late['late-en@x.org']}/", "fr": f"/s/{late['late-fr@x.org']}/"},
        c.slug,
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_respondent_page_is_axe_clean_on_a_phone(
    pages: Pages,
    transactional_db: Any,
    language: str,
) -> None:
    from django.urls import reverse

    links, closed, _slug = _rounds(transactional_db)
    phone = _phone(pages, language)
    link = links[language]
    phone.goto(f"{link}?lang={language}")
    _check(pages, phone, language, "01-privacy")
    phone.goto(f"{link}?page=1")
    _check(pages, phone, language, "02-section")
    total = int(phone.locator("#progress").get_attribute("max"))  # pages after the statement
    phone.locator("input[type=radio]").first.check()
    phone.locator("button[name=go][value=next]").click()
    phone.wait_for_load_state("networkidle")
    phone.goto(f"{link}?page={total - 1}")  # the network instrument: the other organisations
    assert phone.locator("#org-search").is_visible()
    _check(pages, phone, language, "03-network")
    phone.goto(f"{link}?page={total}")
    _check(pages, phone, language, "04-review")
    phone.locator("button[name=go][value=finish]").click()
    phone.wait_for_load_state("networkidle")
    _check(pages, phone, language, "05-finished")
    phone.goto(link)
    _check(pages, phone, language, "06-already")
    phone.goto(f"{closed[language]}?lang={language}")
    _check(pages, phone, language, "07-closed")
    phone.goto("/s/AAAAAAAAAAAAAAAAAAAAAA/")
    _check(pages, phone, language, "08-no-survey")
    phone.goto(reverse("survey_resend"))
    _check(pages, phone, language, "09-resend")
    phone.locator("input[type=email]").fill("nobody@x.org")
    phone.locator("main form button[type=submit], form.form button[type=submit]").first.click()
    phone.wait_for_load_state("networkidle")
    _check(pages, phone, language, "10-resend-sent")

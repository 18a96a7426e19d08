"""Issue 13 in the browser: a steward opens a round; a respondent answers it on a 390-px phone
through the personal link in a fresh browser context, leaves half-way and resumes, finishes;
the steward closes the round and sees the results with a hidden small group. axe on every
respondent page, in English and in French."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core import mail

from braid.collaboratives.testing import make_persona
from braid.tests_e2e.conftest import login

FACTORS = "braid-factors@1"


def _setup(transactional_db: Any) -> Any:
    from braid.collaboratives.models import Collaborative
    from braid.collaboratives.tests.factories import OrganisationFactory
    from braid.partners.tests.factories import ContactFactory

    c = Collaborative.objects.create(
        name="Riverside Youth Partnership", slug="riverside", issue="Youth violence"
    )
    user = make_persona(c, "steward", email="amina@example.org")
    user.set_password("amina-pass-2026")
    user.save()
    health = OrganisationFactory(collaborative=c, name="Eastside Health", sector="health")
    police = OrganisationFactory(collaborative=c, name="Riverside Police", sector="police_justice")
    residents = OrganisationFactory(
        collaborative=c, name="Residents Association", sector="community"
    )
    ContactFactory(organisation=residents, email="rosa@residents.org", name="Rosa")
    return c, user, {"health": health, "police": police}


def _phone(pages: Any) -> Any:
    return pages.new_page(width=390, height=844, is_mobile=True)


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_open_answer_on_a_phone_resume_finish_close_and_see_results(
    pages, transactional_db
) -> None:  # type: ignore[no-untyped-def]
    from braid.collaboratives.access import access_for
    from braid.surveys.models import Round
    from braid.surveys.tests.helpers import answer, invite

    c, steward, orgs = _setup(transactional_db)
    page = pages.new_page()
    login(page, "amina@example.org", "amina-pass-2026")
    page.goto("/c/riverside/surveys/")
    pages.check(page, "01-no-round")
    page.get_by_role("link", name="Open a new round").click()
    page.locator("#id_title").fill("Check-up 2026")
    page.locator("#id_closes_on").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_label(re.compile("Collaboration factors")).check()
    page.get_by_role("button", name="Create the round").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Check-up 2026").is_visible()
    page.get_by_label("Residents Association").check()
    page.get_by_role("button", name="Add respondents").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Send the personal links").click()
    page.wait_for_load_state("networkidle")
    pages.check(page, "02-round")
    link = re.search(r"/s/[A-Za-z0-9_-]{22,}/", mail.outbox[-1].body).group(0)
    # Others have answered already (health and police: large enough groups).
    round_ = Round.objects.get(title="Check-up 2026")
    access = access_for(steward, c.slug)
    people = [(f"h{n}@x.org", orgs["health"]) for n in range(3)] + [
        (f"p{n}@x.org", orgs["police"]) for n in range(3)
    ]
    for email, token in invite(access, round_, people).items():
        answer(
            token, {FACTORS: {"history-1": 4 if email.startswith("h") else 2, "shared_vision-1": 4}}
        )

    phone = _phone(pages)
    phone.goto(link)
    assert phone.get_by_role("heading", name="Who will see your answers").is_visible()
    _no_sideways_scroll(phone)
    pages.check(phone, "03-privacy-en")
    phone.get_by_role("button", name="Start").click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_role("heading", name="Environment").is_visible()
    phone.get_by_role("group", name=re.compile("track record")).get_by_label(
        "Strongly disagree"
    ).check()
    phone.wait_for_timeout(600)  # autosave on change
    _no_sideways_scroll(phone)
    pages.check(phone, "04-section-en")
    phone.get_by_role("button", name="Save and continue").click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_text("Page 2 of 7").is_visible()
    phone.context.close()  # leaves half-way

    again = _phone(pages)
    again.goto(link + "?lang=fr")  # resumes on page 2, now in French
    assert again.get_by_text("Page 2 sur 7").is_visible()
    _no_sideways_scroll(again)
    pages.check(again, "05-section-fr")
    again.goto(link + "?page=1")
    assert (
        again.get_by_role("group", name=re.compile("travaillé ensemble"))
        .get_by_label("Tout à fait en désaccord")
        .is_checked()
    )
    pages.check(again, "06-resumed-fr")
    again.goto(link + "?page=7&lang=en")
    assert again.get_by_role("heading", name="Review and finish").is_visible()
    pages.check(again, "07-review-en")
    again.get_by_role("button", name="Finish and send").click()
    again.wait_for_load_state("networkidle")
    assert again.get_by_role("heading", name="Thank you: your answers are in").is_visible()
    pages.check(again, "08-finished-en")
    again.goto(link + "?lang=fr")
    assert again.get_by_role("heading", name="Vous avez déjà répondu à ce sondage").is_visible()
    pages.check(again, "09-already-fr")
    again.goto("/s/AAAAAAAAAAAAAAAAAAAAAA/")
    pages.check(again, "10-unknown-link")

    page.goto(f"/c/riverside/surveys/{round_.pk}/")
    page.get_by_role("button", name="Close the round now").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="See the results").click()
    page.wait_for_selector("[data-vega][data-ready]")
    assert page.get_by_text("7 respondents").first.is_visible()
    assert page.get_by_text("hidden: too few answered").is_visible()  # the lone resident
    assert page.get_by_text("hidden, so that a smaller group cannot be worked out").is_visible()
    pages.check(page, "11-results")

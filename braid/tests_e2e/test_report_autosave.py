"""The report narrative's autosave in a real browser: one steward's successive saves go
through; a second steward's tab, opened before them, is refused in the page (their text kept,
the other's shown) instead of overwriting it, and replaces it only when asked."""

from __future__ import annotations

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import make_persona
from braid.reports import services
from braid.reports.models import Report
from braid.tests_e2e.conftest import login


def test_a_stale_tab_is_told_and_never_overwrites(pages, transactional_db, collaborative, steward):  # type: ignore[no-untyped-def]
    report = services.report_create(
        access=access_for(steward, "riverside"), title="Annual", period="2026", template="annual"
    )
    make_persona(collaborative, "steward", email="second@riverside.example.org")
    url = f"/c/riverside/reports/{report.pk}/edit/"
    mine, theirs = pages.new_page(), pages.new_page()
    login(mine, "steward@riverside.example.org", "pw-steward")
    login(theirs, "second@riverside.example.org", "pw-steward")
    mine.goto(url)
    theirs.goto(url)  # the second steward's tab, opened before any save

    area, status = mine.locator("#narrative-headline"), mine.locator("#narrative-headline-status")
    for n, text in enumerate(("Two hubs", "Two hubs opened this year."), start=1):
        with mine.expect_response(lambda r: "/narrative/" in r.url) as answer:
            area.fill(text)
        assert answer.value.status == 200 and answer.value.json()["version"] == n
        status.filter(has_text="Saved").wait_for()
    assert Report.objects.get().narratives["headline"] == "Two hubs opened this year."

    stale = theirs.locator("#narrative-headline")
    with theirs.expect_response(lambda r: "/narrative/" in r.url) as answer:
        stale.fill("Numbers rose.")
    assert answer.value.status == 409
    told = theirs.locator("#narrative-headline-status")
    told.filter(has_text="Nothing of yours was saved").wait_for()
    assert stale.input_value() == "Numbers rose."  # what they typed stays in the page
    other = theirs.locator("#narrative-headline-theirs")
    assert other.is_visible() and "Two hubs opened this year." in other.inner_text()
    assert Report.objects.get().narratives["headline"] == "Two hubs opened this year."
    pages.check(theirs, "refused")

    with theirs.expect_response(lambda r: "/narrative/" in r.url) as answer:
        other.get_by_role("button", name="Replace their text with mine").click()
    assert answer.value.status == 200
    told.filter(has_text="Saved").wait_for()
    assert Report.objects.get().narratives["headline"] == "Numbers rose."

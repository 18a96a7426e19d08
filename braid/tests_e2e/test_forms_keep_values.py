"""A form that fails keeps every field as typed, lists every problem at the top (each linking to its
field) and says it beside the field too."""

from __future__ import annotations

from braid.demo.seed import load_demo
from braid.partners.models import Organisation, OutreachEntry
from braid.tests_e2e.conftest import login

TYPED = {
    "#outreach_channel": "meeting",
    "#outreach_offered": "Shared referral pathway",
    "#outreach_asked": "Join the steering committee",
    "#outreach_next_step": "Send the terms of reference",
}


def test_a_failed_outreach_form_keeps_every_field(pages, transactional_db):  # type: ignore[no-untyped-def]
    load_demo(force=True)
    org = Organisation.objects.get(collaborative__slug="demo", name="Lakeview Foundation")
    before = OutreachEntry.objects.filter(organisation=org).count()
    page = pages.new_page()
    login(page, "steward@demo.braid", "demo-steward")
    page.goto(f"/c/demo/partners/{org.pk}/")
    page.get_by_text("Log a contact").click()
    page.locator("#outreach_date").fill("2026-11-06")
    page.locator("#outreach_channel").select_option(TYPED["#outreach_channel"])
    for selector in ("#outreach_offered", "#outreach_asked", "#outreach_next_step"):
        page.locator(selector).fill(TYPED[selector])
    page.locator("#outreach_follow_up_on").fill("2026-11-01")  # before the contact itself
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_load_state("networkidle")

    assert OutreachEntry.objects.filter(organisation=org).count() == before
    # Every field still holds what was typed, and the form is open where it was.
    assert page.locator("#outreach_date").input_value() == "2026-11-06"
    assert page.locator("#outreach_follow_up_on").input_value() == "2026-11-01"
    for selector, value in TYPED.items():
        assert page.locator(selector).input_value() == value, selector
    # The problem is in the summary, linked to its field, and beside the field.
    summary = page.locator(".form-errors[role=alert]")
    link = summary.locator('a[href="#outreach_follow_up_on"]')
    assert link.is_visible(), summary.inner_text()
    assert page.locator(".field.has-error #outreach_follow_up_on").count() == 1
    pages.check(page, "outreach-kept")
    link.click()
    assert page.evaluate("document.activeElement.id") == "outreach_follow_up_on"

"""Write the agenda, add an activity led by a partner, the partner updates it, sign the terms
of reference (and look at the PDF)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

from braid.agenda.models import Activity, Goal, Objective
from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.tests_e2e.conftest import ARTEFACTS, login

PASSWORD = "pass-2026-long"


def _people() -> None:
    c = Collaborative.objects.create(name="Riverside Youth Partnership", slug="riverside")
    health = OrganisationFactory(
        collaborative=c, name="Eastside Health Centre", sector="health", status="partner"
    )
    OrganisationFactory(
        collaborative=c, name="Riverside Schools", sector="education", status="partner"
    )
    goal = Goal.objects.create(collaborative=c, title="Young people safe and connected")
    Objective.objects.create(
        collaborative=c, goal=goal, title="Match every young person with a mentor"
    )
    for role, email, organisation in (
        ("steward", "amina@example.org", None),
        ("partner", "marc@example.org", health),
    ):
        user = make_persona(c, role, organisation=organisation, email=email)
        user.set_password(PASSWORD)
        user.save()


def test_agenda_activity_partner_update(pages, transactional_db):  # type: ignore[no-untyped-def]
    _people()
    steward = pages.new_page()
    login(steward, "amina@example.org", PASSWORD)
    steward.goto("/c/riverside/agenda/")
    pages.check(steward, "01-empty-agenda")
    steward.get_by_role("link", name="Write the common agenda").click()
    steward.get_by_role("group", name="Problem statement").get_by_label("English").fill(
        "Youth violence on the east side has risen for three years."
    )
    steward.get_by_role("group", name="North Star goal").get_by_label("English").fill(
        "Cut youth charged with a violent offence by 30 % by 2029."
    )
    steward.locator("[name=change_note]").fill("First draft")
    steward.get_by_role("button", name="Save a new version").click()
    steward.wait_for_selector("text=Version 1 of the common agenda saved.")
    assert steward.get_by_text("0 of 2 partners").is_visible()
    pages.check(steward, "02-agenda")

    steward.goto("/c/riverside/agenda/plan/new/")
    steward.locator("#id_title").fill("After-school mentoring")
    steward.locator("#id_lead_id").select_option(label="Eastside Health Centre")
    steward.locator("#id_objective_ids").select_option(
        label="Young people safe and connected → Match every young person with a mentor"
    )
    today = dt.date.today()
    steward.locator("#id_start").fill(f"{today.year}-01-01")
    steward.locator("#id_end").fill(f"{today.year - 1}-12-01")
    steward.get_by_role("button", name="Save").click()
    steward.wait_for_selector("text=move the end date later")
    assert steward.get_by_text("Every activity needs").count() == 0
    pages.check(steward, "03-activity-error")
    steward.locator("#id_end").fill(f"{today.year + 1}-06-30")
    steward.get_by_role("button", name="Save").click()
    steward.wait_for_selector("text=Activity added to the plan.")
    activity = Activity.objects.get()
    assert activity.lead.name == "Eastside Health Centre"

    partner = pages.new_page()
    login(partner, "marc@example.org", PASSWORD)
    partner.goto("/c/riverside/agenda/")
    partner.get_by_role("button", name="Endorse version 1 for my organisation").click()
    partner.wait_for_selector("text=Endorsement recorded.")
    partner.get_by_role("link", name="What we committed to").first.click()
    partner.get_by_role("link", name="After-school mentoring").click()
    partner.get_by_role("link", name="Update").click()
    partner.locator("#id_status").select_option("under_way")
    partner.get_by_role("button", name="Save").click()
    partner.wait_for_selector("text=Activity updated.")
    partner.locator("#id_title").fill("First 20 matches")
    partner.locator("#id_due_on").fill(f"{today.year + 1}-02-01")
    partner.get_by_role("button", name="Add milestone").click()
    partner.wait_for_selector("text=Milestone added.")
    partner.locator("#id_text").fill("Twelve mentors trained this month.")
    partner.get_by_role("button", name="Add note").click()
    partner.wait_for_selector("text=Twelve mentors trained this month.")
    pages.check(partner, "04-partner-updated")

    steward.goto("/c/riverside/agenda/plan/")
    steward.wait_for_selector("td .badge.status-under_way")
    steward.wait_for_selector(".vega-chart svg, .vega-chart canvas")
    pages.check(steward, "05-plan")
    steward.goto("/c/riverside/agenda/")
    assert steward.get_by_text("1 of 2 partners").is_visible()

    # The steward issues the terms of reference; the partner signs them; the PDF is looked at.
    steward.goto("/c/riverside/agenda/terms/")
    steward.get_by_role("link", name="Issue the terms of reference").click()
    steward.locator("#id_title").fill("Terms of reference 2027")
    steward.locator("#id_effective_from").fill(f"{today.year + 1}-01-01")
    steward.locator("#id_data_sharing").fill(
        "Aggregate figures only; counts under five suppressed."
    )
    steward.get_by_role("button", name="Issue").click()
    steward.wait_for_selector("text=Version 1 issued")
    assert steward.get_by_text("0 of 2 parties signed").is_visible()
    pages.check(steward, "06-terms")

    partner.goto("/c/riverside/agenda/terms/")
    partner.locator("#id_signatory").fill("Dr Amara Lee")
    partner.locator("#id_signatory_title").fill("Executive director")
    partner.get_by_role("button", name="Sign version 1 for my organisation").click()
    # Signing shows what is signed, with the name and title it records, and asks to confirm.
    partner.wait_for_selector("text=What you are signing")
    assert partner.get_by_text("Dr Amara Lee, Executive director").is_visible()
    pages.check(partner, "07-sign-confirm")
    partner.get_by_role("button", name="Sign version 1", exact=True).click()
    partner.wait_for_selector("text=Signature recorded")
    assert partner.get_by_text("1 of 2 parties signed").is_visible()
    pages.check(partner, "07-signed")

    pdf = steward.request.get("/c/riverside/agenda/terms/1/pdf/?lang=fr")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    body = pdf.body()
    assert body.startswith(b"%PDF")
    out = ARTEFACTS / "design-terms.pdf"
    out.write_bytes(body)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(out),
                str(ARTEFACTS / "design-terms-page"),
            ],
            check=True,
        )
        assert list(ARTEFACTS.glob("design-terms-page*.png"))

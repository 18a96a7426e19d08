"""Diagnose in the browser: add an organisation, log a contact, rate it, see it on the grid;
and a CSV import with errors, then fixed."""

from __future__ import annotations

from braid.collaboratives.testing import make_persona
from braid.partners.models import Organisation
from braid.tests_e2e.conftest import login


def _steward(transactional_db):  # type: ignore[no-untyped-def]
    from braid.collaboratives.models import Collaborative

    c = Collaborative.objects.create(
        name="Riverside Youth Partnership", slug="riverside", issue="Youth violence"
    )
    user = make_persona(c, "steward", email="amina@example.org")
    user.set_password("amina-pass-2026")
    user.save()
    return c


def test_add_an_organisation_log_a_contact_rate_it_and_see_it_on_the_grid(pages, transactional_db):  # type: ignore[no-untyped-def]
    _steward(transactional_db)
    page = pages.new_page()
    login(page, "amina@example.org", "amina-pass-2026")
    page.goto("/c/riverside/partners/")
    pages.check(page, "01-empty-register")
    page.get_by_role("link", name="Add an organisation").click()
    page.locator("#id_name").fill("Riverside District School Board")
    page.locator("#id_sector").select_option("education")
    page.locator("#id_priorities").fill("attendance and graduation")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Riverside District School Board").is_visible()
    pages.check(page, "02-organisation")

    page.get_by_text("Log a contact").click()
    page.locator("#outreach_channel").select_option("meeting")
    page.locator("#outreach_asked").fill("Join the steering committee")
    page.locator("#outreach_next_step").fill("Send the terms of reference")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Join the steering committee").is_visible()

    page.get_by_text("Rate this organisation").click()
    page.locator("#rating_influence").select_option("5")
    page.locator("#rating_proximity").select_option("4")
    page.locator("#rating_stance").select_option("supporter")
    page.get_by_role("button", name="Save rating").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Influence 5/5 · proximity 4/5 · Supporter").is_visible()

    page.goto("/c/riverside/partners/stakeholders/")
    page.wait_for_selector("[data-vega][data-ready]")
    assert page.locator("[data-vega] svg").count() == 1
    row = page.get_by_role(
        "row", name="1 Riverside District School Board 5 4 Supporter Engage first"
    )
    assert row.is_visible()
    pages.check(page, "03-grid")
    assert Organisation.objects.get().status == "contacted"


BAD = "name,sector,contact_name,contact_email\nRiverside Police,police_justice,Dan Roy,not-an-email\nLakeview Foundation,spaceship,,\n"
GOOD = "name,sector,contact_name,contact_email\nRiverside Police,police_justice,Dan Roy,d.roy@rps.example\nLakeview Foundation,philanthropy,,\n"


def test_csv_import_with_errors_then_fixed(pages, transactional_db, tmp_path):  # type: ignore[no-untyped-def]
    _steward(transactional_db)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD)
    good.write_text(GOOD)
    page = pages.new_page()
    login(page, "amina@example.org", "amina-pass-2026")
    page.goto("/c/riverside/partners/import/")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="2 problems found: nothing was imported").is_visible()
    assert page.get_by_role("cell", name="“not-an-email” is not an e-mail address.").is_visible()
    pages.check(page, "01-import-errors")
    assert Organisation.objects.count() == 0

    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(
        "2 organisations added, 0 updated and 1 contacts imported."
    ).is_visible()
    assert page.get_by_role("link", name="Lakeview Foundation").is_visible()
    pages.check(page, "02-imported")
    assert Organisation.objects.count() == 2

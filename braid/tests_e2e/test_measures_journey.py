"""Partner uploads a file with errors, sees them all, fixes, submits; steward returns it; the
partner revises; the steward approves; the scorecard changes."""

from __future__ import annotations

from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.measures.models import Target
from braid.measures.tests.factories import indicator, period
from braid.tests_e2e.conftest import login

BAD = "indicator,period,value\nyouth-served,2026-01,abc\nyouth-servd,2026-01,12\nyouth-served,2026-13,12\n"
GOOD = "indicator,period,value\nyouth-served,2026-01,12\n"


def _people(password: str):  # type: ignore[no-untyped-def]
    c = Collaborative.objects.create(name="Riverside Youth Partnership", slug="riverside")
    org = OrganisationFactory(collaborative=c, name="Eastside Health Centre")
    ind = indicator(c, "youth-served", [org], name="Youth served", min_value=0, baseline_value=10)
    p = period(c, "2026-01", 1)
    Target.objects.create(collaborative=c, indicator=ind, period=p, value=30)
    for role, email, organisation in (
        ("steward", "amina@example.org", None),
        ("partner", "marc@example.org", org),
    ):
        user = make_persona(c, role, organisation=organisation, email=email)
        user.set_password(password)
        user.save()


def test_upload_fix_submit_return_revise_approve(pages, transactional_db, tmp_path):  # type: ignore[no-untyped-def]
    _people("pass-2026-long")
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD)
    good.write_text(GOOD)
    partner = pages.new_page()
    login(partner, "marc@example.org", "pass-2026-long")
    partner.goto("/c/riverside/measures/report/")
    pages.check(partner, "01-what-we-owe")
    partner.locator("#id_file").set_input_files(str(bad))
    partner.get_by_role("button", name="Check and import").click()
    partner.wait_for_selector("text=3 problems found: nothing was imported")
    assert partner.get_by_text("Unknown indicator; write its code or its name").is_visible()
    assert partner.get_by_text("Unknown period").is_visible()
    assert partner.get_by_text("Not a number").is_visible()
    pages.check(partner, "02-upload-errors")

    partner.goto("/c/riverside/measures/report/")
    partner.locator("#id_file").set_input_files(str(good))
    partner.get_by_role("button", name="Check and import").click()
    partner.wait_for_selector("text=1 rows imported")
    partner.goto("/c/riverside/measures/report/")
    partner.get_by_role("link", name="Enter figures 2026-01").click()
    assert partner.locator("input[name^=value-]").input_value() == "12.0"
    partner.get_by_role("button", name="Submit").click()
    partner.wait_for_selector("text=Submitted. The backbone will review your figures.")

    steward = pages.new_page()
    login(steward, "amina@example.org", "pass-2026-long")
    steward.goto("/c/riverside/measures/review/")
    pages.check(steward, "03-review")
    steward.get_by_label("What needs changing").fill("Is 12 the month or the year to date?")
    steward.get_by_role("button", name="Return").click()
    steward.wait_for_selector("text=Returned to Eastside Health Centre")

    from braid.measures.models import Period

    partner.goto(f"/c/riverside/measures/report/{Period.objects.get().pk}/")
    assert partner.get_by_text("Is 12 the month or the year to date?").is_visible()
    partner.locator("input[name^=value-]").fill("15")
    partner.get_by_role("button", name="Submit").click()
    partner.wait_for_selector("text=Submitted. The backbone will review your figures.")

    steward.goto("/c/riverside/measures/")
    assert steward.get_by_role("cell", name="—").first.is_visible()
    steward.goto("/c/riverside/measures/review/")
    steward.get_by_role("button", name="Approve Eastside Health Centre").click()
    steward.wait_for_selector("text=The scorecard is updated.")
    steward.goto("/c/riverside/measures/")
    row = steward.get_by_role("row").filter(has_text="Youth served")
    assert "15" in row.inner_text() and "25 %" in row.inner_text()
    pages.check(steward, "04-scorecard")

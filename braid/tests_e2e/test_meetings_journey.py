"""Issue 12's journey: schedule a monthly series for the steering committee, draft the agenda,
record attendance and a vote with quorum, circulate the minutes, an attendee proposes an
amendment, approve and freeze, an action item appears in the owner's list and the indicator it
targets shows the decision."""

from __future__ import annotations

from braid.agenda.models import GovernanceBody, RulesOfProcedure
from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.measures.models import Indicator
from braid.meetings.models import Decision, Meeting
from braid.tests_e2e.conftest import login

PASSWORD = "pass-2026-long"


def _setup() -> None:
    c = Collaborative.objects.create(name="Riverside Youth Partnership", slug="riverside")
    health = OrganisationFactory(collaborative=c, name="Eastside Health Centre", status="partner")
    schools = OrganisationFactory(collaborative=c, name="Riverside Schools", status="partner")
    rules = RulesOfProcedure.objects.create(
        collaborative=c, name="SC rules", decision_method="majority", quorum_pct=50, majority_pct=50
    )
    body = GovernanceBody.objects.create(
        collaborative=c, name="Steering committee", kind="steering", rules=rules
    )
    body.member_organisations.set([health, schools])
    Indicator.objects.create(collaborative=c, code="served", name="Young people served")
    for role, email, org in (
        ("steward", "amina@example.org", None),
        ("partner", "marc@example.org", health),
    ):
        user = make_persona(c, role, organisation=org, email=email)
        user.full_name = "Amina Diallo" if role == "steward" else "Marc Tremblay"
        user.set_password(PASSWORD)
        user.save()


def test_series_minutes_vote_action_and_the_chain(pages, transactional_db):  # type: ignore[no-untyped-def]
    _setup()
    s = pages.new_page()
    login(s, "amina@example.org", PASSWORD)
    s.goto("/c/riverside/meetings/")
    pages.check(s, "01-empty")
    s.get_by_role("link", name="Schedule a series").click()
    s.locator("#id_title").fill("Steering committee")
    s.locator("#id_body_id").select_option(label="Steering committee")
    s.locator("#id_frequency").select_option("monthly")
    s.locator("#id_date").fill("2026-01-13")
    s.locator("#id_start_time").fill("09:30")
    s.locator("#id_end_time").fill("11:00")
    s.locator("#id_count").fill("6")
    s.locator("#id_template").fill("Welcome and apologies")
    s.get_by_role("button", name="Schedule").click()
    s.wait_for_selector("text=6 meetings of “Steering committee” scheduled.")
    pages.check(s, "02-series")
    first = Meeting.objects.order_by("starts_at").first()
    assert first is not None
    s.goto(f"/c/riverside/meetings/{first.pk}/")
    s.get_by_text("Add an item").click()
    s.locator("#id_title").fill("Fund the outreach worker")
    s.locator("#id_purpose").select_option("decision")
    s.locator("#id_indicator_id").select_option(label="Young people served")
    s.get_by_role("button", name="Add to the agenda").click()
    s.wait_for_selector("text=Item added to the agenda.")
    s.get_by_role("button", name="Circulate the agenda").click()
    s.wait_for_selector("text=Agenda circulated to the invitees.")
    pages.check(s, "03-agenda")
    # attendance: Marc present (Health), Riverside Schools present, Amina chairs
    s.get_by_role("link", name="Record attendance").click()
    s.get_by_label("Marc Tremblay: Present").check()
    s.get_by_label("Riverside Schools: Present").check()
    pages.check(s, "04-attendance")
    s.get_by_role("button", name="Save attendance").click()
    s.wait_for_selector("text=Attendance recorded.")
    # a vote with quorum: 2 of 2 members present, 2 for
    s.get_by_role("link", name="Record a decision").click()
    s.locator("#id_title").fill("Fund an evening outreach worker")
    s.locator("#id_method").select_option("vote")
    s.locator("#id_votes_for").fill("2")
    s.locator("#id_votes_against").fill("0")
    s.locator("#id_votes_abstain").fill("0")
    s.locator("#id_indicator_ids").select_option(label="Young people served")
    s.get_by_role("button", name="Record").click()
    s.wait_for_selector("text=Decision D-1 recorded.")
    assert s.get_by_text("2 of 2 members present").is_visible()
    pages.check(s, "05-decision")
    decision = Decision.objects.get()
    assert decision.status == "active"
    s.get_by_role("link", name="Add an action item").click()
    s.locator("#id_title").fill("Draft the job description")
    s.locator("#id_owner_id").select_option(label="Marc Tremblay")
    s.locator("#id_due_on").fill("2026-02-01")
    s.get_by_role("button", name="Save").click()
    s.wait_for_selector("text=Action item created.")
    # minutes: write, circulate
    s.goto(f"/c/riverside/meetings/{first.pk}/minutes/")
    s.locator("#id_text").fill("The committee agreed to fund **one** worker.")
    s.get_by_role("button", name="Save the minutes").click()
    s.wait_for_selector("text=Minutes saved.")
    s.get_by_role("button", name="Circulate to the attendees").click()
    s.wait_for_selector("text=Minutes circulated to the attendees for amendments.")

    p = pages.new_page()
    login(p, "marc@example.org", PASSWORD)
    p.goto(f"/c/riverside/meetings/{first.pk}/")
    assert p.get_by_text("The committee agreed to fund").is_visible()
    p.locator("#comment-text").fill("Say it is a part-time worker.")
    p.get_by_label("This is an amendment to the text").check()
    p.get_by_role("button", name="Send").click()
    p.wait_for_selector("text=Thank you: your comment is with the minutes.")
    pages.check(p, "06-amendment")

    s.reload()
    s.get_by_role("button", name="Take it").click()
    s.get_by_role("button", name="Approve").click()
    s.wait_for_selector("text=Minutes approved.")
    s.get_by_role("button", name="Freeze and publish").click()
    s.wait_for_selector("text=Minutes frozen and published to every member.")
    assert Meeting.objects.get(pk=first.pk).minutes_status == "frozen"
    pages.check(s, "07-frozen")

    p.goto("/c/riverside/meetings/actions/")
    assert p.get_by_role("link", name="Draft the job description").is_visible()
    pages.check(p, "08-my-actions")
    indicator = Indicator.objects.get()
    p.goto(f"/c/riverside/measures/indicators/{indicator.pk}/")
    assert p.get_by_role("link", name="D-1 Fund an evening outreach worker").is_visible()
    pages.check(p, "09-indicator-chain")

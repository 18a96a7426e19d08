"""Issue 14's journey in a browser: open the network round's results, filter the map by
sector, open a pair that disagrees and add it to the next meeting's agenda, see the change
since the last round; then, back on the pairs, record what the pair taught as a lesson ("add
as a lesson") and find it in the log with its link back; every page checked with axe."""

from __future__ import annotations

import datetime as dt

from braid.collaboratives.models import Membership
from braid.demo.seed import load_demo
from braid.tests_e2e.conftest import login


def test_steward_reads_the_network_and_takes_a_pair_to_the_agenda(pages, transactional_db):  # type: ignore[no-untyped-def]
    from braid.meetings.models import AgendaItem
    from braid.meetings.selectors import next_meeting
    from braid.meetings.tests.factories import make_meeting

    collaborative = load_demo(force=True)
    meeting = next_meeting(collaborative)
    if meeting is None:  # the demo's year of meetings may end before today
        steward = Membership.objects.filter(collaborative=collaborative, role="steward").first()
        meeting = make_meeting(
            steward.user,
            collaborative,
            date=dt.date.today() + dt.timedelta(days=10),
            title="Steering committee, next",
        )
    page = pages.new_page()
    login(page, "steward@demo.braid", "demo-steward")

    page.goto("/c/demo/network/?kind=survey")
    page.wait_for_selector(".vega-chart[data-vega='network-spec'][data-ready]")
    pages.check(page, "map")
    assert page.locator("[data-response-rate]").is_visible()
    assert page.locator("[data-key-player]").count() == 1
    all_ties = page.locator("#ties tbody tr").count()

    page.select_option("#sector", "health")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    assert "sector=health" in page.url
    shown = page.locator("#ties tbody tr").count()
    assert 0 < shown < all_ties
    pages.check(page, "map-health")

    page.get_by_role("link", name="Pairs that see it differently").click()
    page.wait_for_load_state("networkidle")
    pages.check(page, "pairs")
    first = page.locator("#pairs tbody tr").first
    pair_name = first.locator("th").inner_text().strip()
    first.get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert f"Added to the agenda of {meeting.title}." in page.locator("body").inner_text()
    a, b = pair_name.split(" – ")
    assert AgendaItem.objects.filter(title=f"How {a} and {b} see their collaboration").exists()

    page.get_by_role("link", name="Change since the last round").click()
    page.wait_for_load_state("networkidle")
    pages.check(page, "change")
    assert page.locator("[data-respondents]").is_visible()
    assert page.locator("#changes tbody tr").count() > 0
    assert "raised" in page.locator("[data-counts]").inner_text()

    page.get_by_role("link", name="Pairs that see it differently").click()
    page.wait_for_load_state("networkidle")
    first = page.locator("#pairs tbody tr").first
    first.locator("[data-add-lesson]").click()
    page.wait_for_load_state("networkidle")
    pages.check(page, "lesson-from-pair")
    assert page.locator("#id_title").input_value() == f"How {a} and {b} see their collaboration"
    assert "rated the collaboration" in page.locator("#id_what_happened").input_value()
    page.locator("#id_learned").fill("Each counts a different kind of work together.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "Lesson saved." in page.locator("body").inner_text()
    entry = page.locator("article.log-entry").first
    assert f"How {a} and {b} see their collaboration" in entry.inner_text()
    assert "Pairs that see it differently" in entry.locator("[data-source] a").inner_text()
    pages.check(page, "lessons")

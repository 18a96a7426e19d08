"""The selectors other modules build on, with hand-worked figures."""

from __future__ import annotations

import datetime as dt

from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.meetings import selectors
from braid.meetings.models import ActionItem, ActionUpdate, Attendance, Decision
from braid.meetings.tests.factories import make_body, make_meeting


def test_attendance_rates_and_records(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """Three meetings held with attendance recorded, one not recorded, one long ago.
    Health (invited to all three recorded): present at 2 → 2/3. Police (invited to the first
    two): present at 1, apologies at the other → 1/2. Schools: never invited but came once →
    1/1. The unrecorded meeting and the one 14 months ago do not count."""
    police = OrganisationFactory(collaborative=collaborative, name="Police")
    schools = OrganisationFactory(collaborative=collaborative, name="Schools")
    body = make_body(collaborative, organisation, police)
    today = dt.date(2026, 12, 1)
    m1 = make_meeting(steward, collaborative, body, date=dt.date(2026, 3, 10))
    m2 = make_meeting(steward, collaborative, body, date=dt.date(2026, 6, 9))
    m3 = make_meeting(steward, collaborative, body, date=dt.date(2026, 9, 8))
    m3.invited_organisations.set([organisation])
    make_meeting(steward, collaborative, body, date=dt.date(2026, 10, 13))  # not recorded
    old = make_meeting(steward, collaborative, body, date=dt.date(2025, 10, 14))
    rows = [
        (m1, organisation, "present"),
        (m1, police, "present"),
        (m2, organisation, "absent"),
        (m2, police, "apologies"),
        (m3, organisation, "present"),
        (m3, schools, "present"),
        (old, police, "absent"),
    ]
    for m, org, status in rows:
        Attendance.objects.create(
            collaborative=collaborative, meeting=m, organisation=org, status=status, name="x"
        )
    rates = selectors.attendance_rates(collaborative, months=12, today=today)
    assert rates == {organisation.pk: 2 / 3, police.pk: 1 / 2, schools.pk: 1.0}
    records = selectors.attendance_records(collaborative, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert [(r.meeting_id, r.date, r.organisation_id, r.status) for r in records] == [
        (m1.pk, dt.date(2026, 3, 10), organisation.pk, "present"),
        (m1.pk, dt.date(2026, 3, 10), police.pk, "present"),
        (m2.pk, dt.date(2026, 6, 9), organisation.pk, "absent"),
        (m2.pk, dt.date(2026, 6, 9), police.pk, "apologies"),
    ]


def test_next_meeting_open_actions_and_decisions(
    collaborative, other_collaborative, organisation, steward
):  # type: ignore[no-untyped-def]
    body = make_body(collaborative, organisation)
    now = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    make_meeting(steward, collaborative, body, date=dt.date(2026, 4, 14))
    june = make_meeting(steward, collaborative, body, date=dt.date(2026, 6, 9))
    forum = make_meeting(steward, collaborative, None, date=dt.date(2026, 5, 20), title="Forum")
    assert selectors.next_meeting(collaborative, after=now) == forum
    assert selectors.next_meeting(collaborative, body.pk, after=now) == june
    assert selectors.next_meeting(other_collaborative, after=now) is None
    late = ActionItem.objects.create(
        collaborative=collaborative,
        title="b",
        organisation=organisation,
        due_on=dt.date(2026, 5, 1),
    )
    soon = ActionItem.objects.create(
        collaborative=collaborative,
        title="a",
        organisation=organisation,
        due_on=dt.date(2026, 4, 1),
    )
    undated = ActionItem.objects.create(
        collaborative=collaborative, title="c", organisation=organisation
    )
    ActionItem.objects.create(
        collaborative=collaborative, title="done", organisation=organisation, status="done"
    )
    assert selectors.open_actions_by_organisation(collaborative) == {
        organisation.pk: [soon, late, undated]
    }
    d1 = Decision.objects.create(
        collaborative=collaborative,
        number=1,
        title="A",
        decided_on=dt.date(2026, 2, 1),
        method="consensus",
    )
    d2 = Decision.objects.create(
        collaborative=collaborative,
        number=2,
        title="B",
        decided_on=dt.date(2026, 3, 1),
        method="consensus",
    )
    Decision.objects.create(
        collaborative=collaborative,
        number=3,
        title="C",
        decided_on=dt.date(2026, 7, 1),
        method="consensus",
    )
    assert selectors.decisions_between(collaborative, dt.date(2026, 1, 1), dt.date(2026, 3, 1)) == [
        d1,
        d2,
    ]
    assert access_for(steward, "riverside")  # the selectors need no Access


def test_open_action_counts_on_a_past_day(collaborative, organisation):  # type: ignore[no-untyped-def]
    """On 1 March: "a" (created in January, still open) and "b" (done on 10 March) and "c"
    (dropped on 5 March) were open → 3; "d" was created after; "e" was done in February.
    Police: "f", open → 1. Today: "a", "d" and "f" are open → 2 and 1."""
    police = OrganisationFactory(collaborative=collaborative, name="Police")

    def at(month: int, day: int) -> dt.datetime:
        return dt.datetime(2026, month, day, 12, tzinfo=dt.UTC)

    def action(title: str, org, created, status="open", done=None):  # type: ignore[no-untyped-def]
        return ActionItem.objects.create(
            collaborative=collaborative,
            title=title,
            organisation=org,
            created_at=created,
            status=status,
            done_at=done,
        )

    action("a", organisation, at(1, 5))
    action("b", organisation, at(1, 6), "done", at(3, 10))
    c = action("c", organisation, at(1, 7), "dropped")
    ActionUpdate.objects.create(
        collaborative=collaborative, action=c, text="no", status="dropped", created_at=at(3, 5)
    )
    action("d", organisation, at(3, 20))
    action("e", organisation, at(1, 8), "done", at(2, 1))
    action("f", police, at(2, 2))
    assert selectors.open_action_counts(collaborative, dt.date(2026, 3, 1)) == {
        organisation.pk: 3,
        police.pk: 1,
    }
    assert selectors.open_action_counts(collaborative, dt.date(2026, 12, 1)) == {
        organisation.pk: 2,
        police.pk: 1,
    }

"""The decisions register: methods, quorum from attendance and the rules, refused or "not
adopted" with the reason, supersede both ways, never deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from braid.agenda.models import RulesOfProcedure
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.core.testing import table_counts
from braid.meetings import decisions, minutes
from braid.meetings.models import Decision, DecisionStatus
from braid.meetings.tests.factories import make_body, make_meeting


@pytest.fixture
def board(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    """A body of four member organisations (quorum 60 %, majority 50 %), a meeting where
    three of them are present."""
    others = [
        OrganisationFactory(collaborative=collaborative, name=n)
        for n in ("Police", "Schools", "City")
    ]
    body = make_body(collaborative, organisation, *others)
    body.rules = RulesOfProcedure.objects.create(
        collaborative=collaborative,
        name="SC rules",
        decision_method="majority",
        quorum_pct=60,
        majority_pct=50,
    )
    body.save()
    meeting = make_meeting(steward, collaborative, body)
    lines = [minutes.Line("present", organisation_id=o.pk) for o in (organisation, *others[:2])]
    lines.append(minutes.Line("apologies", organisation_id=others[2].pk))
    minutes.attendance_record(
        access=access_for(steward, "riverside"), meeting_id=meeting.pk, lines=lines
    )
    return meeting, [organisation, *others]


def _vote(steward, meeting, f, a, ab, **kw):  # type: ignore[no-untyped-def]
    return decisions.decision_record(
        access=access_for(steward, "riverside"),
        title=kw.pop("title", "Adopt the referral protocol"),
        method="vote",
        meeting_id=meeting.pk,
        votes_for=f,
        votes_against=a,
        votes_abstain=ab,
        **kw,
    )


def test_vote_with_quorum(steward, board):  # type: ignore[no-untyped-def]
    """3 of 4 present = 75 % ≥ 60 %: quorum. 2 for, 1 against: 2/3 of votes cast ≥ 50 %."""
    meeting, _orgs = board
    d = _vote(steward, meeting, 2, 1, 0)
    assert (d.status, d.present, d.members, d.number) == (DecisionStatus.ACTIVE, 3, 4, 1)
    assert d.decided_on == dt.date(2026, 3, 10)
    tie = _vote(steward, meeting, 1, 1, 1, title="Tie")
    assert tie.status == DecisionStatus.NOT_ADOPTED and "majority of 50 %" in tie.reason


def test_votes_exceeding_those_present_are_refused(steward, board):  # type: ignore[no-untyped-def]
    meeting, _ = board
    headers = bearer(steward)
    before = table_counts()
    with pytest.raises(ServiceError, match="4 votes for 3 members present"):
        _vote(steward, meeting, 3, 1, 0)
    r = Client().post(
        "/api/v1/collaboratives/riverside/decisions",
        {
            "title": "x",
            "method": "vote",
            "meeting_id": meeting.pk,
            "votes_for": 5,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "votes_for"
    assert table_counts() == before


def test_no_quorum_is_recorded_as_not_adopted(collaborative, steward, board):  # type: ignore[no-untyped-def]
    """Two of four present = 50 % < 60 %: recorded, not adopted, with the reason."""
    meeting, orgs = board
    minutes.attendance_record(
        access=access_for(steward, "riverside"),
        meeting_id=meeting.pk,
        lines=[minutes.Line("present", organisation_id=o.pk) for o in orgs[:2]],
    )
    d = _vote(steward, meeting, 2, 0, 0)
    assert d.status == DecisionStatus.NOT_ADOPTED
    assert d.reason == "no quorum: 2 of 4 members present, 60 % needed"


def test_consent_and_supersede_both_ways(collaborative, steward, board, steward_client):  # type: ignore[no-untyped-def]
    meeting, orgs = board
    access = access_for(steward, "riverside")
    blocked = decisions.decision_record(
        access=access,
        title="Share names",
        method="consent",
        meeting_id=meeting.pk,
        objections=[decisions.ObjectionIn("Privacy law", orgs[1].pk)],
    )
    assert blocked.status == DecisionStatus.NOT_ADOPTED and "not resolved" in blocked.reason
    first = decisions.decision_record(
        access=access,
        title="Meet monthly",
        method="consensus",
        meeting_id=meeting.pk,
        dissenting_ids=[orgs[2].pk],
    )
    second = decisions.decision_record(
        access=access,
        title="Meet every two months",
        method="consent",
        meeting_id=meeting.pk,
        objections=[
            decisions.ObjectionIn("Too rare", orgs[1].pk, resolution="Extra call in between")
        ],
        supersedes_id=first.pk,
    )
    first.refresh_from_db()
    assert first.status == DecisionStatus.SUPERSEDED and first.superseded_by == second
    page = steward_client.get(
        reverse("meetings:decision", args=["riverside", first.pk])
    ).content.decode()
    assert "Superseded by" in page and f"D-{second.number}" in page
    with pytest.raises(ServiceError, match="only an active decision can be superseded"):
        decisions.decision_record(
            access=access, title="x", method="consensus", supersedes_id=first.pk
        )
    r = Client().get(f"/api/v1/collaboratives/riverside/decisions/{first.pk}", **bearer(steward))
    assert r.json()["superseded_by_id"] == second.pk
    # never deleted: there is no delete operation, revoking keeps the line
    r = Client().delete(f"/api/v1/collaboratives/riverside/decisions/{first.pk}", **bearer(steward))
    assert r.status_code == 405
    decisions.decision_revoke(access=access, decision_id=second.pk, reason="Law changed")
    assert Decision.objects.filter(pk=second.pk, status="revoked").exists()


def test_vote_needs_attendance(collaborative, steward):  # type: ignore[no-untyped-def]
    meeting = make_meeting(steward, collaborative, make_body(collaborative))
    with pytest.raises(ServiceError, match="Record the meeting's attendance first"):
        _vote(steward, meeting, 1, 0, 0)

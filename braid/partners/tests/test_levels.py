"""Observed levels combine the register's evidence with what other modules register."""

from __future__ import annotations

import datetime as dt

from braid.collaboratives.access import access_for
from braid.lib.levels import Level
from braid.partners import levels
from braid.partners.models import OutreachEntry


def test_partner_with_frequent_contact_is_networking_held_back_by_the_missing_agreement(
    steward, collaborative, organisation
):  # type: ignore[no-untyped-def]
    organisation.joined_on = dt.date(2025, 1, 1)
    organisation.save()
    [row] = levels.partner_levels(access_for(steward, collaborative.slug))
    assert row.observed == Level.NETWORKING
    assert "roles" in row.held_back_by


def test_registered_evidence_lifts_the_level_and_names_what_still_holds_it_back(
    steward, collaborative, organisation, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(levels, "_providers", [])
    for days in range(0, 60, 9):
        OutreachEntry.objects.create(
            collaborative=collaborative,
            organisation=organisation,
            channel="call",
            date=dt.date.today() - dt.timedelta(days=days),
        )

    def agenda_like(collaborative_id, ids):  # type: ignore[no-untyped-def]
        return {
            pk: {
                "agreement": "formalised",
                "roles": "defined",
                "communication": "regular",
                "decisions": "shared_joint",
                "trust": "low_moderate",
                "resources": "some_shared",
            }
            for pk in ids
        }

    levels.register_evidence(agenda_like)
    [row] = levels.partner_levels(access_for(steward, collaborative.slug))
    assert row.observed == Level.COORDINATION
    assert row.held_back_by == [
        "agreement",
        "roles",
        "communication",
        "decisions",
        "trust",
        "resources",
    ]
    assert row.hold_back_text[0] == "no signed terms of reference yet"


def test_levels_api_returns_observed_and_reported(client, steward, collaborative, organisation):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import bearer

    headers = bearer(steward)
    client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}/report-level",
        data={"level": 3, "note": "Joint planning"},
        content_type="application/json",
        **headers,
    )
    [row] = client.get(f"/api/v1/collaboratives/{collaborative.slug}/levels", **headers).json()
    assert row["reported_level"] == 3 and row["observed_level"] == 1

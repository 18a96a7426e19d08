"""The home page's "Latest in the collaborative": meetings held, decisions, and action items
new for the reader, through the home hooks; nothing from another collaborative."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from braid.collaboratives.access import access_for
from braid.meetings import actions, decisions
from braid.meetings.tests.factories import make_body, make_meeting


def test_news_on_the_home_page(collaborative, organisation, steward, partner, partner_client):  # type: ignore[no-untyped-def]
    s = access_for(steward, "riverside")
    held = make_meeting(
        steward,
        collaborative,
        make_body(collaborative, organisation),
        date=timezone.localdate() - dt.timedelta(days=3),
        title="Steering, last week",
    )
    decisions.decision_record(access=s, title="Adopt the plan", method="consensus")
    actions.action_create(access=s, title="Send the figures", owner_id=partner.pk)
    actions.action_create(access=s, title="Steward's own", owner_id=steward.pk)
    page = partner_client.get(reverse("collaboratives:home", args=["riverside"]))
    text = page.content.decode()
    assert "Latest in the collaborative" in text
    assert "Meeting held: Steering, last week" in text
    assert reverse("meetings:detail", args=["riverside", held.pk]) in text
    assert "Adopt the plan" in text and "New action item for you: Send the figures" in text
    assert "Steward's own" not in text  # not the reader's
    # draft minutes are no news for a partner; the hook reads Audience.sees_minutes
    assert "Minutes approved" not in text

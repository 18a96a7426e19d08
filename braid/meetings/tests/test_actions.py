"""Action items: owners inside the collaborative, "My action items" filters and archive, the
steward's view by organisation, reminders before the due date and when overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.meetings import actions, notifications, selectors
from braid.meetings.models import ActionItem


def test_owner_must_be_inside(collaborative, other_collaborative, steward, partner, organisation):  # type: ignore[no-untyped-def]
    s = access_for(steward, "riverside")
    stranger = make_persona(other_collaborative, "viewer", email="st@x.org")
    with pytest.raises(ServiceError, match="must be a member of this collaborative"):
        actions.action_create(access=s, title="x", owner_id=stranger.pk)
    other = OrganisationFactory(collaborative=collaborative, name="Police")
    with pytest.raises(PermissionDenied):
        actions.action_create(
            access=access_for(partner, "riverside"), title="x", organisation_id=other.pk
        )
    a = actions.action_create(
        access=access_for(partner, "riverside"), title="Mine", owner_id=partner.pk
    )
    assert a.organisation == organisation  # the owner's organisation by default


def test_my_actions_filters_and_archive(
    collaborative, steward, partner, organisation, partner_client
):  # type: ignore[no-untyped-def]
    s = access_for(steward, "riverside")
    p = access_for(partner, "riverside")
    due = actions.action_create(
        access=s, title="Send the figures", owner_id=partner.pk, due_on=dt.date(2026, 1, 5)
    )
    actions.action_create(access=s, title="Org-wide", organisation_id=organisation.pk)
    mine = actions.action_create(access=p, title="Call the school", owner_id=partner.pk)
    assert [a.title for a in selectors.my_actions(p)] == [
        "Send the figures",
        "Org-wide",
        "Call the school",
    ]
    assert [a.title for a in selectors.my_actions(p, whose="created")] == ["Call the school"]
    with pytest.raises(ServiceError, match="Only a done or dropped"):
        actions.action_archive(access=p, action_id=due.pk)
    actions.action_update(access=p, action_id=due.pk, text="Sent on Monday", status="done")
    assert [a.title for a in selectors.my_actions(p, state="done")] == ["Send the figures"]
    actions.action_archive(access=p, action_id=due.pk)
    assert [a.title for a in selectors.my_actions(p, state="archived")] == ["Send the figures"]
    page = partner_client.get(reverse("meetings:my_actions", args=["riverside"])).content.decode()
    assert "Org-wide" in page and "Send the figures" not in page
    assert mine.organisation_id == organisation.pk
    groups = selectors.open_actions_grouped(s)
    assert next((g.name if g else None, [a.title for a in rows]) for g, rows in groups) == (
        "Eastside Health Centre",
        ["Org-wide", "Call the school"],
    )


def test_reminders_before_due_and_overdue_once(collaborative, steward, partner, settings):  # type: ignore[no-untyped-def]
    s = access_for(steward, "riverside")
    soon = actions.action_create(
        access=s, title="Soon", owner_id=partner.pk, due_on=dt.date(2026, 3, 12)
    )
    late = actions.action_create(
        access=s, title="Late", owner_id=partner.pk, due_on=dt.date(2026, 3, 1)
    )
    actions.action_create(access=s, title="Far", owner_id=partner.pk, due_on=dt.date(2026, 5, 1))
    assert notifications.remind_actions(dt.date(2026, 3, 10)) == 2
    assert notifications.remind_actions(dt.date(2026, 3, 10)) == 0  # once
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminded_due_at and late.reminded_overdue_at
    mail.outbox.clear()
    notifications.send_pending(force=True)
    assert len(mail.outbox) == 1 and "Late" in mail.outbox[0].body and "Soon" in mail.outbox[0].body
    assert ActionItem.objects.count() == 3


def test_my_actions_pages_keep_the_filters_in_the_url(
    collaborative, steward, partner, partner_client
):  # type: ignore[no-untyped-def]
    from braid.meetings.views_register import ACTIONS_PER_PAGE

    s = access_for(steward, "riverside")
    for n in range(ACTIONS_PER_PAGE + 3):
        a = actions.action_create(
            access=s, title=f"Task {n:03}", owner_id=partner.pk, due_on=dt.date(2026, 1, 1)
        )
        actions.action_update(access=s, action_id=a.pk, text="Finished", status="done")
    url = reverse("meetings:my_actions", args=["riverside"])
    first = partner_client.get(url, {"state": "done"}).content.decode()
    assert "Task 000" in first and f"Task {ACTIONS_PER_PAGE:03}" not in first
    assert "?state=done&amp;page=2" in first  # the filter stays in the next page's link
    second = partner_client.get(url, {"state": "done", "page": 2}).content.decode()
    assert f"Task {ACTIONS_PER_PAGE:03}" in second and "Task 000" not in second
    assert "Page 2 of 2" in second
    # a page past the end or not a number shows the last or first page, not an error
    assert partner_client.get(url, {"state": "done", "page": "zz"}).status_code == 200

"""Immediate notifications go through the core outbox (ADR 0011): with the broker down the
change is saved, the kick waits in the outbox beside the notification lines, and once the
broker is back the worker's task sends the e-mail. Uses the core test's own Redis (port 6390,
started and stopped by the fixture; skipped without redis-server)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from braid.collaboratives.access import access_for
from braid.core.background import drain_outbox
from braid.core.models import OutboxTask
from braid.core.tests.test_broker_outage import broker, deliver  # noqa: F401
from braid.core.tests.test_broker_outage import pytestmark as needs_redis
from braid.meetings import notifications, services
from braid.meetings.models import Notification
from braid.meetings.tests.factories import make_body, make_meeting

pytestmark = needs_redis


@pytest.mark.django_db(transaction=True)
def test_a_change_with_the_broker_down_is_mailed_once_it_is_back(  # type: ignore[no-untyped-def]
    broker,  # noqa: F811
    collaborative,
    organisation,
    steward,
    partner,
):
    notifications.preferences_save(
        access=access_for(partner, "riverside"), chosen={"meeting.scheduled": "immediate"}
    )
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    drain_outbox()
    deliver()
    broker.stop()
    services.meeting_update(
        access=access_for(steward, "riverside"), meeting_id=meeting.pk, place="Room 4"
    )
    waiting = OutboxTask.objects.filter(
        name="braid.meetings.tasks.send_notifications", sent_at__isnull=True
    )
    assert waiting.count() == 1 and waiting.get().error  # kept, with why
    assert Notification.objects.filter(user=partner, sent_at__isnull=True).exists()

    broker.start()
    assert drain_outbox()["sent"] == 1
    assert deliver() == 1  # the worker's task ran: nothing was quiet for 5 minutes yet
    assert OutboxTask.objects.filter(finished_at__isnull=True).count() == 0
    mail.outbox.clear()
    assert notifications.send_pending(timezone.now() + dt.timedelta(minutes=6)) == 1
    assert [m.to for m in mail.outbox] == [[partner.email]]

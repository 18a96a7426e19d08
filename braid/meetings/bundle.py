"""The meetings module's rows in a collaborative export."""

from __future__ import annotations

from braid.core.bundle import Part, register_parts
from braid.meetings import models as m

register_parts(
    "meetings",
    [
        Part(model)
        for model in (
            m.Series,
            m.Meeting,
            m.AgendaItem,
            m.Attendance,
            m.MinutesComment,
            m.MinutesCorrection,
            m.Decision,
            m.Objection,
            m.ActionItem,
            m.ActionUpdate,
        )
    ],
    leave_out={
        m.CalendarFeed: "a feed's address is a secret of this installation: subscribe again",
        m.Notification: "e-mails waiting in this installation's outbox",
    },
)

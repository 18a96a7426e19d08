"""Background tasks of meetings (started with braid.core.background.enqueue)."""

from __future__ import annotations

from braid.core.background import task


@task
def send_notifications() -> int:
    """Send the notifications that are due (the lines wait in the database)."""
    from braid.meetings.notifications import send_pending

    return send_pending()

"""Telling people what happened in meetings (filled in by the notifications slice)."""

from __future__ import annotations

from typing import Any

from braid.meetings.models import Meeting


def meeting_event(meeting: Meeting, kind: str, **context: Any) -> None:
    """Queue the notification of `kind` about `meeting` for its invitees (not sent yet)."""
    return None

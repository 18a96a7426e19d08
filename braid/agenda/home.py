"""The agenda module's cards on a collaborative's home page, and its sidebar links."""

from __future__ import annotations

from typing import Any

from braid.collaboratives.stages import Card


def cards(access: Any) -> list[Card]:
    return []


def nav(access: Any) -> list[tuple[Any, str]]:
    return []

"""Cards on the collaborative's home page (Design stage) and sidebar links."""

from __future__ import annotations

from typing import Any

from braid.collaboratives.stages import Card


def cards(access: Any) -> list[Card]:
    return []


def nav(access: Any) -> list[tuple[Any, str]]:
    return []

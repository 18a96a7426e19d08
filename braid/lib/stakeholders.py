"""Stakeholder analysis (INSTRUMENTS.md §6): influence × proximity, and whom to approach first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

STANCES = ("champion", "supporter", "neutral", "sceptic", "opponent")
HIGH = 4  # on the 1..5 scale, 4 and 5 count as high: the grid's upper band


@dataclass(frozen=True)
class Rated:
    key: str
    influence: int
    proximity: int
    stance: str = "neutral"

    def __post_init__(self) -> None:
        for field in ("influence", "proximity"):
            value = getattr(self, field)
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ValueError(f"{field} must be a whole number from 1 to 5, not {value!r}")
        if self.stance not in STANCES:
            raise ValueError(f"stance must be one of {', '.join(STANCES)}, not {self.stance!r}")


def quadrant(influence: int, proximity: int) -> str:
    """engage_first (high/high), build_proximity (high influence, far: find a go-between),
    keep_informed (close, less influence: an ally and messenger), monitor (low/low)."""
    high_i, high_p = influence >= HIGH, proximity >= HIGH
    if high_i and high_p:
        return "engage_first"
    if high_i:
        return "build_proximity"
    if high_p:
        return "keep_informed"
    return "monitor"


def outreach_order(items: Sequence[Rated]) -> list[Rated]:
    """High influence and high proximity first; then influence; then the friendlier stance."""
    return sorted(
        items,
        key=lambda r: (-r.influence * r.proximity, -r.influence, STANCES.index(r.stance), r.key),
    )

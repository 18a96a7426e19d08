"""Levels of collaboration: the four-level spectrum (INSTRUMENTS.md §1, seed 000).

Each level is defined by a minimum on six attributes; a partner's observed level is the highest
level whose minimums are all met, and the attributes short of the next level are what holds it
back. Attribute values are ordered from weakest to strongest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    NONE = 0
    NETWORKING = 1
    COOPERATION = 2
    COORDINATION = 3
    FULL_COLLABORATION = 4


# Ordered scales: the index is the strength of the attribute.
SCALES: dict[str, tuple[str, ...]] = {
    "agreement": ("none", "informal", "formalised", "signed"),
    "roles": ("none", "loose", "somewhat", "defined", "formalised"),
    "communication": ("none", "occasional", "frequent", "regular", "formal"),
    "decisions": ("none", "limited", "shared_joint", "all_shared"),
    "trust": ("none", "little", "low_moderate", "high"),
    "resources": ("none", "some_shared", "pooled"),
}
ATTRIBUTES = tuple(SCALES)

# The minimum each level asks for (seed 000's table): networking is loose, informal and
# occasional; cooperation adds somewhat defined roles and frequent contact; coordination adds
# formalised links, defined roles, regular communication, shared decisions on joint work and
# some shared resources; full collaboration needs a signed agreement, formalised roles,
# frequent formal communication, all decisions shared, high trust and pooled resources.
REQUIREMENTS: dict[Level, dict[str, str]] = {
    Level.NETWORKING: {
        "agreement": "none",
        "roles": "loose",
        "communication": "occasional",
        "decisions": "none",
        "trust": "none",
        "resources": "none",
    },
    Level.COOPERATION: {
        "agreement": "informal",
        "roles": "somewhat",
        "communication": "frequent",
        "decisions": "limited",
        "trust": "little",
        "resources": "none",
    },
    Level.COORDINATION: {
        "agreement": "formalised",
        "roles": "defined",
        "communication": "regular",
        "decisions": "shared_joint",
        "trust": "low_moderate",
        "resources": "some_shared",
    },
    Level.FULL_COLLABORATION: {
        "agreement": "signed",
        "roles": "formalised",
        "communication": "formal",
        "decisions": "all_shared",
        "trust": "high",
        "resources": "pooled",
    },
}

HOLD_BACK_TEXT: dict[str, str] = {
    "agreement": "no signed terms of reference yet",
    "roles": "roles not defined clearly enough",
    "communication": "not in touch often or formally enough",
    "decisions": "decisions not shared enough",
    "trust": "trust not established enough",
    "resources": "resources not shared or pooled",
}


@dataclass(frozen=True)
class PartnerEvidence:
    agreement: str = "none"
    roles: str = "none"
    communication: str = "none"
    decisions: str = "none"
    trust: str = "none"
    resources: str = "none"

    def strength(self, attribute: str) -> int:
        value = getattr(self, attribute)
        scale = SCALES[attribute]
        if value not in scale:
            raise ValueError(f"{attribute} must be one of {', '.join(scale)}, not {value!r}")
        return scale.index(value)


def _meets(evidence: PartnerEvidence, level: Level) -> list[str]:
    """The attributes that fall short of `level` (empty when the level is met)."""
    return [
        attribute
        for attribute, minimum in REQUIREMENTS[level].items()
        if evidence.strength(attribute) < SCALES[attribute].index(minimum)
    ]


def observed_level(evidence: PartnerEvidence) -> tuple[Level, list[str]]:
    """Highest level fully met, and the attributes holding it back from the next one."""
    if evidence.strength("communication") == 0 and evidence.strength("roles") == 0:
        return Level.NONE, _meets(evidence, Level.NETWORKING)
    achieved = Level.NONE
    for level in (
        Level.NETWORKING,
        Level.COOPERATION,
        Level.COORDINATION,
        Level.FULL_COLLABORATION,
    ):
        short = _meets(evidence, level)
        if short:
            return achieved, short
        achieved = level
    return achieved, []


@dataclass(frozen=True)
class PairStats:
    network_mean: float | None
    received_mean: dict[str, float]
    pair_level: dict[tuple[str, str], float]
    discrepancies: dict[tuple[str, str], int]
    level_share: dict[int, float]


def pair_stats(ratings: dict[tuple[str, str], int]) -> PairStats:
    """Survey statistics on directed ratings R[i][j] in 0..4 (INSTRUMENTS.md §1)."""
    if any(not 0 <= r <= 4 for r in ratings.values()):
        raise ValueError("ratings must be between 0 and 4")
    values = list(ratings.values())
    received: dict[str, list[int]] = {}
    for (_, j), r in ratings.items():
        received.setdefault(j, []).append(r)
    pairs: dict[tuple[str, str], float] = {}
    gaps: dict[tuple[str, str], int] = {}
    for (i, j), r in ratings.items():
        key = (min(i, j), max(i, j))
        if key in pairs:
            continue
        back = ratings.get((j, i))
        pairs[key] = r if back is None else (r + back) / 2
        if back is not None and abs(r - back) >= 2:
            gaps[key] = abs(r - back)
    share = {lvl: (values.count(lvl) / len(values) if values else 0.0) for lvl in range(5)}
    return PairStats(
        network_mean=sum(values) / len(values) if values else None,
        received_mean={j: sum(rs) / len(rs) for j, rs in received.items()},
        pair_level=pairs,
        discrepancies=gaps,
        level_share=share,
    )

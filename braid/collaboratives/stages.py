"""The four stages of a collaboration, and the registry modules use to put cards on them.

The tenant core knows no module: each module registers, in its AppConfig.ready(), a function
that returns the cards it shows on a collaborative's home page under its stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Stage:
    key: str
    title: Promise
    question: Promise


STAGES = (
    Stage(
        "diagnose", _("Diagnose"), _("Who has a stake, who has influence, and is the window open?")
    ),
    Stage(
        "design", _("Design"), _("What is our common agenda, who does what, and how do we decide?")
    ),
    Stage(
        "implement",
        _("Implement"),
        _("Are we doing what we said, together, and is anyone better off?"),
    ),
    Stage(
        "assess",
        _("Assess"),
        _("How well do we collaborate, what did we achieve, what did we learn?"),
    ),
)


@dataclass
class Card:
    title: str | Promise
    url: str
    summary: str | Promise = ""
    figures: list[tuple[Any, Any]] = field(default_factory=list)
    empty_hint: str | Promise = ""


CardProvider = Callable[[Any], list[Card]]
NavProvider = Callable[[Any], list[tuple[str | Promise, str]]]
_cards: dict[str, list[CardProvider]] = {s.key: [] for s in STAGES}
_nav: dict[str, list[NavProvider]] = {s.key: [] for s in STAGES}


def register(stage: str, cards: CardProvider, nav: NavProvider | None = None) -> None:
    if cards not in _cards[stage]:
        _cards[stage].append(cards)
    if nav is not None and nav not in _nav[stage]:
        _nav[stage].append(nav)


def home_sections(access: Any) -> list[tuple[Stage, list[Card]]]:
    return [
        (stage, [card for provider in _cards[stage.key] for card in provider(access)])
        for stage in STAGES
    ]


def navigation(access: Any) -> list[tuple[Stage, list[tuple[str | Promise, str]]]]:
    return [
        (stage, [item for provider in _nav[stage.key] for item in provider(access)])
        for stage in STAGES
    ]

"""The four stages of a collaboration, and the registry modules use to put cards on them.

The tenant core knows no module: each module registers, in its AppConfig.ready(), a function
that returns the cards it shows on a collaborative's home page under its stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
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


@dataclass(frozen=True)
class NextItem:
    """One thing the reader has to do, or should know, next (the home page's "Next for you")."""

    text: str | Promise
    url: str
    due: date | None = None
    late: bool = False
    # Ordering among items without a date: lower first.
    weight: int = 50


@dataclass(frozen=True)
class NewsItem:
    """Something that happened recently in the collaborative (the home page's "Latest"); a
    provider returns only what its reader may see."""

    when: datetime
    text: str | Promise
    url: str


CardProvider = Callable[[Any], list[Card]]
NewsProvider = Callable[[Any], list[NewsItem]]
_news: list[NewsProvider] = []
NextProvider = Callable[[Any], list[NextItem]]
_next: list[NextProvider] = []
NavProvider = Callable[[Any], list[tuple[str | Promise, str]]]
_cards: dict[str, list[CardProvider]] = {s.key: [] for s in STAGES}
_nav: dict[str, list[NavProvider]] = {s.key: [] for s in STAGES}


def register(stage: str, cards: CardProvider, nav: NavProvider | None = None) -> None:
    if cards not in _cards[stage]:
        _cards[stage].append(cards)
    if nav is not None and nav not in _nav[stage]:
        _nav[stage].append(nav)


def register_next(provider: NextProvider) -> None:
    """A module's contribution to "Next for you": `provider(access)` returns the items for
    that reader (what a partner owes, what waits for a steward, what is new for a viewer)."""
    if provider not in _next:
        _next.append(provider)


def register_news(provider: NewsProvider) -> None:
    if provider not in _news:
        _news.append(provider)


def latest_news(access: Any, limit: int = 10) -> list[NewsItem]:
    """The latest of every module's news for this reader, newest first; at most `limit`."""
    items = [item for provider in _news for item in provider(access)]
    items.sort(key=lambda i: i.when, reverse=True)
    return items[:limit]


def next_for_you(access: Any, limit: int = 8) -> list[NextItem]:
    """Late first, then by due date, then the undated by weight; at most `limit`."""
    items = [item for provider in _next for item in provider(access)]
    items.sort(key=lambda i: (not i.late, i.due is None, i.due or date.max, i.weight))
    return items[:limit]


def home_sections(access: Any) -> list[tuple[Stage, list[Card]]]:
    """Each stage with its cards. A card with nothing yet (its `empty_hint` set) is a next
    step: shown to those the audience shows next steps to (stewards), left out for the others,
    and so is a stage left with no card."""
    next_steps = access.audience.shows_next_steps
    sections = []
    for stage in STAGES:
        cards = [card for provider in _cards[stage.key] for card in provider(access)]
        if not next_steps:
            cards = [card for card in cards if not card.empty_hint]
            if not cards:
                continue
        sections.append((stage, cards))
    return sections


def navigation(access: Any) -> list[tuple[Stage, list[tuple[str | Promise, str]]]]:
    return [
        (stage, [item for provider in _nav[stage.key] for item in provider(access)])
        for stage in STAGES
    ]

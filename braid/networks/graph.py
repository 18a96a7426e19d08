"""The partnership's networks as the module shows them: the kinds, their line classes, the
organisations and ties, and a network with its measures and layout (braid.lib.network).
`selectors` builds each kind from other modules' selectors; this file holds what they share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from braid.collaboratives.access import Access
from braid.lib import network as net
from braid.partners import selectors as partner_selectors
from braid.partners.models import Organisation, PartnerStatus

ACTIVITIES = "activities"
SURVEY = "survey"
ATTENDANCE = "attendance"

KIND_LABELS = {
    ACTIVITIES: _("Works together on (shared activities)"),
    SURVEY: _("Levels of collaboration (survey)"),
    ATTENDANCE: _("Co-attendance at meetings"),
}

# How the line of a tie reads, per kind: survey ties by level, the others by how often.
STRENGTH_LABELS = {
    SURVEY: {
        1: _("Networking"),
        2: _("Cooperation"),
        3: _("Coordination"),
        4: _("Full collaboration"),
    },
    ACTIVITIES: {
        1: _("1 shared activity"),
        2: _("2 shared activities"),
        3: _("3 or 4 shared activities"),
        4: _("5 or more shared activities"),
    },
    ATTENDANCE: {
        1: _("1 or 2 meetings together"),
        2: _("3 to 5 meetings together"),
        3: _("6 to 11 meetings together"),
        4: _("12 or more meetings together"),
    },
}


def strength_of_count(kind: str, count: int) -> int:
    """A count of shared activities or meetings as a line class 1..4."""
    bounds = (1, 2, 3, 5) if kind == ACTIVITIES else (1, 3, 6, 12)
    return max(i + 1 for i, low in enumerate(bounds) if count >= low)


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    sector: str
    sector_label: str


@dataclass(frozen=True)
class Tie:
    source: int
    target: int
    strength: int  # 1..4: the level (survey) or how often (activities, meetings)
    count: int  # shared activities or meetings; the level for the survey
    reverse: int | None = None  # survey: the other side's rating of the pair, when given


@dataclass
class Network:
    kind: str
    title: str
    directed: bool
    nodes: list[Node]
    ties: list[Tie]
    measures: net.NetworkMeasures
    positions: dict[int, tuple[float, float]]
    invited: int | None = None  # survey: organisations invited, and those that answered
    responded: int | None = None
    round_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    levels: dict[tuple[int, int], int] = field(default_factory=dict)  # survey: every rating
    scale: str = ""  # survey: the scale id of the ratings (never mapped by label)

    @property
    def response_rate(self) -> float | None:
        if not self.invited:
            return None
        return (self.responded or 0) / self.invited

    def node(self, pk: int) -> Node | None:
        return {n.id: n for n in self.nodes}.get(pk)

    def strength_label(self, strength: int) -> str:
        return str(STRENGTH_LABELS[self.kind].get(strength, ""))


def partner_orgs(access: Access) -> list[Organisation]:
    return list(
        access.scope(Organisation)
        .filter(status__in=[PartnerStatus.PARTNER, PartnerStatus.IN_DISCUSSION])
        .order_by("name", "pk")
    )


def as_nodes(access: Access, orgs: list[Organisation]) -> list[Node]:
    labels = dict(partner_selectors.sector_choices(access.collaborative.pk))
    return [Node(o.pk, o.name, o.sector, labels.get(o.sector, o.sector)) for o in orgs]


def build_network(
    access: Access,
    kind: str,
    orgs: list[Organisation],
    ties: list[Tie],
    *,
    directed: bool,
    previous: dict[int, tuple[float, float]] | None = None,
    measures: net.NetworkMeasures | None = None,
) -> Network:
    """The network of these organisations and ties, with its measures (unless given: the
    survey network computes its own, see `rounds.round_measures`) and layout."""
    nodes = as_nodes(access, orgs)
    ids = [n.id for n in nodes]
    pairs = [(t.source, t.target) for t in ties]
    if measures is None:
        measures = net.measure(ids, pairs, directed=directed)
    positions = net.layout(ids, pairs, previous=previous)
    return Network(
        kind=kind,
        title=str(KIND_LABELS[kind]),
        directed=directed,
        nodes=nodes,
        ties=ties,
        measures=measures,
        positions=positions,
    )

"""Reads of the networks module: the partnership's networks (works together on, survey rounds,
co-attendance) with their measures and layout, and the lessons and wins logs.

Other modules' data comes through their selectors: agenda's activities, surveys'
`network_rounds`/`network_ratings`, meetings' `attendance_records`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.lib import network as net
from braid.meetings import selectors as meeting_selectors
from braid.networks.models import LogEntry, TargetLevel, Visibility
from braid.partners import selectors as partner_selectors
from braid.partners.levels import partner_levels
from braid.partners.models import Organisation, PartnerStatus
from braid.surveys import selectors as survey_selectors

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


def _partners(access: Access) -> list[Organisation]:
    return list(
        access.scope(Organisation)
        .filter(status__in=[PartnerStatus.PARTNER, PartnerStatus.IN_DISCUSSION])
        .order_by("name", "pk")
    )


def _nodes(access: Access, orgs: list[Organisation]) -> list[Node]:
    labels = dict(partner_selectors.sector_choices(access.collaborative.pk))
    return [Node(o.pk, o.name, o.sector, labels.get(o.sector, o.sector)) for o in orgs]


def _build(
    access: Access,
    kind: str,
    orgs: list[Organisation],
    ties: list[Tie],
    *,
    directed: bool,
    previous: dict[int, tuple[float, float]] | None = None,
    ratings: dict[tuple[int, int], net.Rated] | None = None,
) -> Network:
    nodes = _nodes(access, orgs)
    ids = [n.id for n in nodes]
    pairs = [(t.source, t.target) for t in ties]
    measures = net.measure(ids, pairs, directed=directed, ratings=ratings)
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


def activity_network(access: Access) -> Network:
    """Organisations tied when they lead or support the same activity (lead–supporter and
    supporter–supporter), undirected; the tie's weight is the number of activities shared.
    Cancelled activities are left out."""
    orgs = _partners(access)
    known = {o.pk for o in orgs}
    shared: Counter[tuple[int, int]] = Counter()
    extra: set[int] = set()
    for activity in agenda_selectors.activities(access):
        if activity.status == "cancelled":
            continue
        members = {activity.lead_id, *(s.pk for s in activity.supporters.all())}
        extra |= members - known
        for a, b in combinations(sorted(members), 2):
            shared[(a, b)] += 1
    if extra:
        orgs += list(access.scope(Organisation).filter(pk__in=extra).order_by("name", "pk"))
    ties = [
        Tie(a, b, strength_of_count(ACTIVITIES, count), count)
        for (a, b), count in sorted(shared.items())
    ]
    return _build(access, ACTIVITIES, orgs, ties, directed=False)


def filter_view(
    network: Network, *, sector: str = "", min_strength: int = 1
) -> tuple[list[Node], list[Tie]]:
    """What the map draws under the page's filters: ties at `min_strength` or more, and when
    a sector is chosen the ties touching one of its organisations; nodes are that sector's
    organisations and their partners on the shown ties. The measures stay those of the whole
    network."""
    ties = [t for t in network.ties if t.strength >= min_strength]
    if not sector:
        return network.nodes, ties
    in_sector = {n.id for n in network.nodes if n.sector == sector}
    ties = [t for t in ties if t.source in in_sector or t.target in in_sector]
    shown = in_sector | {t.source for t in ties} | {t.target for t in ties}
    return [n for n in network.nodes if n.id in shown], ties


def map_spec(
    network: Network, nodes: list[Node], ties: list[Tie], *, size_by: str = "degree"
) -> dict[str, Any]:
    """The Vega-Lite spec of the map: ties as rules (width and dash by strength, never colour
    alone), organisations as points coloured by sector and sized by degree, names beside,
    tooltips; positions computed on the server."""
    by = network.measures.by_node()
    where = network.positions
    tie_rows = [
        {
            "x": where[t.source][0],
            "y": where[t.source][1],
            "x2": where[t.target][0],
            "y2": where[t.target][1],
            "strength": t.strength,
            "label": network.strength_label(t.strength),
        }
        for t in ties
        if t.source in where and t.target in where
    ]
    node_rows = [
        {
            "x": where[n.id][0],
            "y": where[n.id][1],
            "name": n.name,
            "sector": n.sector_label,
            "degree": by[n.id].degree,
            "size": by[n.id].degree if size_by == "degree" else (by[n.id].value or 0),
        }
        for n in nodes
        if n.id in where
    ]
    axis = {"scale": {"domain": [0, 1]}, "axis": None}
    labels = [str(v) for v in STRENGTH_LABELS[network.kind].values()]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 420,
        "layer": [
            {
                "data": {"values": tie_rows},
                "mark": {"type": "rule", "opacity": 0.7, "color": "#555"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeWidth": {
                        "field": "strength",
                        "type": "quantitative",
                        "scale": {"domain": [1, 4], "range": [1, 4]},
                        "legend": None,
                    },
                    "strokeDash": {
                        "field": "label",
                        "type": "nominal",
                        "scale": {
                            "domain": labels,
                            "range": [[2, 3], [6, 3], [1, 0], [1, 0]],
                        },
                        "title": str(_("Tie")),
                    },
                    "tooltip": [{"field": "label", "title": str(_("Tie"))}],
                },
            },
            {
                "data": {"values": node_rows},
                "mark": {"type": "circle", "opacity": 1, "stroke": "#fff", "strokeWidth": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "color": {"field": "sector", "type": "nominal", "title": str(_("Sector"))},
                    "size": {
                        "field": "size",
                        "type": "quantitative",
                        "scale": {"range": [60, 600]},
                        "title": str(_("Ties") if size_by == "degree" else _("Value")),
                    },
                    "tooltip": [
                        {"field": "name", "title": str(_("Organisation"))},
                        {"field": "sector", "title": str(_("Sector"))},
                        {"field": "degree", "title": str(_("Ties"))},
                    ],
                },
            },
            {
                "data": {"values": node_rows},
                "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 11},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "text": {"field": "name"},
                },
            },
        ],
    }


def svg(network: Network, nodes: list[Node] | None = None, ties: list[Tie] | None = None) -> str:
    """The map as a standalone SVG (reports, no JavaScript): the same positions and styles."""
    nodes = network.nodes if nodes is None else nodes
    ties = network.ties if ties is None else ties
    by = network.measures.by_node()
    top = max((o.degree for o in network.measures.organisations), default=0)
    groups: dict[str, str] = {}
    for n in network.nodes:
        groups.setdefault(n.sector, n.sector_label)
    drawn = [
        net.DrawnNode(
            n.id,
            n.name,
            network.positions[n.id][0],
            network.positions[n.id][1],
            net.node_radius(by[n.id].degree, top),
            n.sector,
        )
        for n in nodes
    ]
    return net.network_svg(
        drawn,
        [net.DrawnTie(t.source, t.target, t.strength) for t in ties],
        title=network.title,
        groups=sorted(groups.items(), key=lambda kv: kv[1]),
    )


# --- The survey network (levels of collaboration) ------------------------------------------


def survey_rounds(access: Access) -> list[survey_selectors.NetworkRound]:
    """The rounds with a levels-of-collaboration instrument, oldest first."""
    return survey_selectors.network_rounds(access.collaborative)


def _survey_network(
    access: Access,
    ratings: survey_selectors.NetworkRatings,
    round_: survey_selectors.NetworkRound,
    previous: dict[int, tuple[float, float]] | None,
    orgs_by_id: dict[int, Organisation],
) -> Network:
    levels = {(r.rater_id, r.ratee_id): r.level for r in ratings.ratings}
    ties = [
        Tie(r.rater_id, r.ratee_id, r.level, r.level, levels.get((r.ratee_id, r.rater_id)))
        for r in ratings.ratings
        if r.level > 0
    ]
    ids = set(ratings.invited_org_ids) | {r.rater_id for r in ratings.ratings}
    ids |= {r.ratee_id for r in ratings.ratings}
    orgs = sorted((orgs_by_id[i] for i in ids if i in orgs_by_id), key=lambda o: (o.name, o.pk))
    rated = {
        (r.rater_id, r.ratee_id): net.Rated(trust=r.trust, value=r.value)
        for r in ratings.ratings
        if r.level > 0 and (r.trust is not None or r.value is not None)
    }
    network = _build(access, SURVEY, orgs, ties, directed=True, previous=previous, ratings=rated)
    network.title = f"{KIND_LABELS[SURVEY]} · {round_.title}"
    network.round_id = round_.id
    network.since, network.until = round_.opens, round_.closes
    network.invited = len(ratings.invited_org_ids)
    network.responded = len(ratings.respondent_org_ids & ratings.invited_org_ids) or len(
        ratings.respondent_org_ids
    )
    network.levels = levels
    network.scale = ratings.scale
    return network


def survey_networks(access: Access, upto: int | None = None) -> list[Network]:
    """The survey network of every round up to `upto` (a round id; all when None), oldest
    first, each laid out from the previous round's positions so that change shows."""
    orgs_by_id = {o.pk: o for o in access.scope(Organisation)}
    out: list[Network] = []
    previous: dict[int, tuple[float, float]] | None = None
    for round_ in survey_rounds(access):
        ratings = survey_selectors.network_ratings(access.collaborative, round_.id)
        if ratings is None:
            continue
        network = _survey_network(access, ratings, round_, previous, orgs_by_id)
        previous = network.positions
        out.append(network)
        if upto is not None and round_.id == upto:
            break
    return out


def empty_network(access: Access, kind: str, note: str) -> Network:
    network = _build(access, kind, [], [], directed=kind == SURVEY)
    network.notes.append(note)
    return network


def network_of(access: Access, kind: str, round_id: int | None = None) -> Network:
    """The network of that kind as the pages and the API show it (the survey network of the
    given round, else of the latest)."""
    if kind == SURVEY:
        found = survey_networks(access, upto=round_id)
        if round_id is not None:
            found = [n for n in found if n.round_id == round_id]
        if not found:
            return empty_network(
                access, kind, str(_("No levels-of-collaboration round has results yet."))
            )
        return found[-1]
    if kind == ATTENDANCE:
        network = attendance_network(access)
        if not network.ties:
            network.notes.append(str(_("No meeting attendance is recorded yet.")))
        return network
    return activity_network(access)


def attendance_network(access: Access, *, months: int = 12) -> Network:
    """Organisations tied when people of both were present at the same meeting in the last
    `months` months (meetings' attendance records), undirected; the weight is the number of
    meetings they attended together."""
    until = timezone.localdate()
    since = until - dt.timedelta(days=round(months * 30.44))
    present: dict[int, set[int]] = {}
    for r in meeting_selectors.attendance_records(access.collaborative, since, until):
        if r.status == "present" and r.organisation_id is not None:
            present.setdefault(r.meeting_id, set()).add(r.organisation_id)
    together: Counter[tuple[int, int]] = Counter()
    for orgs_present in present.values():
        for a, b in combinations(sorted(orgs_present), 2):
            together[(a, b)] += 1
    orgs = _partners(access)
    known = {o.pk for o in orgs}
    extra = {i for pair in together for i in pair} - known
    if extra:
        orgs += list(access.scope(Organisation).filter(pk__in=extra).order_by("name", "pk"))
    ties = [
        Tie(a, b, strength_of_count(ATTENDANCE, n), n) for (a, b), n in sorted(together.items())
    ]
    network = _build(access, ATTENDANCE, orgs, ties, directed=False)
    network.since, network.until = since, until
    return network


# --- Lessons and wins ----------------------------------------------------------------------


def log_entries(access: Access, *, kind: str = "") -> QuerySet[LogEntry]:
    """The lessons and wins members see (all of them: the log is the collaborative's)."""
    qs = access.scope(LogEntry).select_related("organisation", "created_by")
    qs = qs.prefetch_related("activities", "indicators")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-happened_on", "-pk")


@dataclass(frozen=True)
class PublicEntry:
    kind: str
    title: str
    happened_on: dt.date
    what_happened: str
    learned: str
    do_differently: str


def public_lessons_and_wins(collaborative: Any) -> list[PublicEntry]:
    """What the public results page may show of the logs (reports reads this): the entries a
    steward made public, newest first, without who wrote them or what they link to."""
    rows = LogEntry.objects.filter(
        collaborative=collaborative, visibility=Visibility.PUBLIC
    ).order_by("-happened_on", "-pk")
    return [
        PublicEntry(e.kind, e.title, e.happened_on, e.what_happened, e.learned, e.do_differently)
        for e in rows
    ]


# --- Target levels -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    target: Any  # TargetLevel
    who: str
    observed: int | None  # partner: from what Braid records (the levels evidence)
    observed_label: str
    held_back_by: list[str]
    reported: float | None  # partner: the level it reports; pair: the survey's pair level
    shared_activities: int | None  # pair: activities both lead or support

    @property
    def gap(self) -> float | None:
        """Target minus what is seen (observed for a partner, reported for a pair)."""
        seen = self.observed if self.observed is not None else self.reported
        return None if seen is None else self.target.level - seen


def target_rows(
    access: Access, *, reported_pairs: dict[tuple[int, int], float] | None = None
) -> list[TargetRow]:
    """Each target level beside what is observed and reported, and the gap."""
    levels = {r.organisation.pk: r for r in partner_levels(access)}
    targets = list(
        access.scope(TargetLevel)
        .select_related("organisation", "partner")
        .order_by("organisation__name", "partner__name", "pk")
    )
    shared: Counter[tuple[int, int]] = Counter()
    if any(t.partner_id for t in targets):
        for tie in activity_network(access).ties:
            shared[(min(tie.source, tie.target), max(tie.source, tie.target))] = tie.count
    rows = []
    for t in targets:
        if t.partner_id is None:
            row = levels.get(t.organisation_id)
            rows.append(
                TargetRow(
                    target=t,
                    who=t.organisation.name,
                    observed=int(row.observed) if row else None,
                    observed_label=row.observed_label if row else "",
                    held_back_by=row.hold_back_text if row else [],
                    reported=float(t.organisation.reported_level)
                    if t.organisation.reported_level is not None
                    else None,
                    shared_activities=None,
                )
            )
        elif t.partner is not None:
            key = (t.organisation_id, t.partner.pk)
            rows.append(
                TargetRow(
                    target=t,
                    who=f"{t.organisation.name} – {t.partner.name}",
                    observed=None,
                    observed_label="",
                    held_back_by=[],
                    reported=(reported_pairs or {}).get(key),
                    shared_activities=shared.get(key, 0),
                )
            )
    return rows


def latest_pair_levels(access: Access) -> dict[tuple[int, int], float]:
    """Pair levels (mean of both directions where both exist) from the latest
    levels-of-collaboration round with ratings; empty while there is none."""
    for round_ in reversed(survey_rounds(access)):
        ratings = survey_selectors.network_ratings(access.collaborative, round_.id)
        if ratings is not None and ratings.ratings:
            return net.pair_levels({(r.rater_id, r.ratee_id): r.level for r in ratings.ratings})
    return {}


# --- Pairs and waves -----------------------------------------------------------------------


@dataclass(frozen=True)
class PairRow:
    a: Node
    b: Node
    a_rates_b: int
    b_rates_a: int

    @property
    def gap(self) -> int:
        return abs(self.a_rates_b - self.b_rates_a)


def disagreeing_pairs(network: Network, threshold: int = 2) -> list[PairRow]:
    """Pairs of the survey network whose two ratings differ by `threshold` levels or more
    (INSTRUMENTS.md §1: areas for exploration and discussion), widest gap first."""
    nodes = {n.id: n for n in network.nodes}
    return [
        PairRow(nodes[d.a], nodes[d.b], d.a_rates_b, d.b_rates_a)
        for d in net.disagreements(network.levels, threshold)
        if d.a in nodes and d.b in nodes
    ]


@dataclass(frozen=True)
class ChangeRow:
    a: Node
    b: Node
    before: float
    after: float
    kind: str


@dataclass
class Waves:
    before: Network
    after: Network
    changes: list[ChangeRow]
    counts: dict[str, int]
    scale_differs: bool


def waves(before: Network, after: Network) -> Waves:
    """Change between two rounds on matched pairs only: a pair is matched when it was rated
    (by either side, 0 included) in both rounds. Ties gained, lost, raised, lowered."""
    nodes = {n.id: n for n in before.nodes} | {n.id: n for n in after.nodes}
    rows = [
        ChangeRow(nodes[c.a], nodes[c.b], c.before, c.after, c.kind)
        for c in net.matched_changes(before.levels, after.levels)
        if c.a in nodes and c.b in nodes
    ]
    order = {"gained": 0, "raised": 1, "lowered": 2, "lost": 3, "same": 4}
    rows.sort(key=lambda r: (order[r.kind], r.a.name, r.b.name))
    counts = Counter(r.kind for r in rows)
    return Waves(
        before=before,
        after=after,
        changes=rows,
        counts={k: counts.get(k, 0) for k in order},
        scale_differs=before.scale != after.scale,
    )


# --- For reports ---------------------------------------------------------------------------


def health_overall(access: Access) -> list[Any]:
    """The collaborative-level collaboration-health signals (label, value, definition, trend),
    as `access` may see them (reports reads this)."""
    from braid.networks.health import collaboration_health  # health reads this module

    return collaboration_health(access).overall

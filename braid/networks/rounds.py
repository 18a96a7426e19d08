"""The levels-of-collaboration survey network, round by round (surveys' `network_rounds` and
`network_ratings`): its measures, pairs that disagree, and change between two rounds on
matched pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from braid.collaboratives.access import Access
from braid.lib import gc_pause
from braid.lib import network as net
from braid.networks.graph import KIND_LABELS, SURVEY, Network, Node, Tie, build_network
from braid.partners.models import Organisation
from braid.surveys import selectors as survey_selectors


def survey_rounds(access: Access) -> list[survey_selectors.NetworkRound]:
    """The rounds with a levels-of-collaboration instrument, oldest first."""
    return survey_selectors.network_rounds(access.collaborative)


def round_measures(
    ratings: survey_selectors.NetworkRatings, ids: Iterable[int]
) -> net.NetworkMeasures:
    """Every measure of one round's network (what the page, the API and the bench
    `assess.network_metrics` compute): the organisations `ids`, a tie wherever a rating is at
    level 1 or more, and trust and value from those ratings (surveys' ratings carry their
    means, so they are handed over as they are)."""
    # Tens of thousands of short-lived tuples (ties, their index pairs): the cyclic
    # collector, which would walk them every 700 allocations, waits till the end.
    with gc_pause.paused():
        ties = [(r.rater_id, r.ratee_id) for r in ratings.ratings if r.level > 0]
        rated = {
            (r.rater_id, r.ratee_id): r
            for r in ratings.ratings
            if r.level > 0 and (r.trust is not None or r.value is not None)
        }
        return net.measure(ids, ties, directed=True, ratings=rated)


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
    measures = round_measures(ratings, [o.pk for o in orgs])
    network = build_network(
        access, SURVEY, orgs, ties, directed=True, previous=previous, measures=measures
    )
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

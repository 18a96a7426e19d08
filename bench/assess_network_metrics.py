"""Network measures at scale (issue 14): a levels-of-collaboration round of 2,000
organisations and 40,000 rated ties, every measure of INSTRUMENTS.md §2 through Braid's code
(surveys' network_ratings read from the database, then braid.networks.rounds.round_measures,
which the round's page and API use, on braid.lib.network.measure: density,
degree and betweenness centralisation, reciprocity, harmonic closeness, k-core, components,
cut points and key players, trust and value) against igraph called directly on the same graph
in the same process (the same measures, from lists already in memory); and the map's layout
for 300 organisations (goal < 1 s)."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.common import record, setup_django

ORGS = int(os.environ.get("BENCH_NETWORK_ORGS", 2000))
TIES = int(os.environ.get("BENCH_NETWORK_TIES", 40000))
REPEAT = int(os.environ.get("BENCH_NETWORK_REPEAT", 7))


def build() -> tuple[Any, int]:
    from braid.accounts.models import User
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.lib.tabular import normalise_name
    from braid.partners.models import Organisation
    from braid.surveys.models import (
        Invitation,
        InvitationStatus,
        NetworkRating,
        Round,
        RoundInstrument,
        RoundStatus,
    )

    c = Collaborative.objects.create(name="Bench network", slug="bench")
    user = User.objects.create_user(email="steward@bench.org", password=None)
    Membership.objects.create(collaborative=c, user=user, role="steward")
    Organisation.objects.bulk_create(
        Organisation(
            collaborative=c,
            name=f"Organisation {i:04d}",
            normalised_name=normalise_name(f"Organisation {i:04d}"),
            sector=("health", "education", "nonprofit", "police_justice")[i % 4],
            status="partner",
        )
        for i in range(ORGS)
    )
    ids = list(Organisation.objects.filter(collaborative=c).values_list("pk", flat=True))
    today = dt.date.today()
    round_ = Round.objects.create(
        collaborative=c,
        title="Network",
        opens_on=today,
        closes_on=today,
        status=RoundStatus.CLOSED,
    )
    RoundInstrument.objects.create(collaborative=c, round=round_, ref="braid-network@1")
    rng = random.Random(14)
    responders = ids[: int(ORGS * 0.8)]
    Invitation.objects.bulk_create(
        Invitation(
            collaborative=c,
            round=round_,
            organisation_id=pk,
            email=f"o{pk}@bench.org",
            status=InvitationStatus.FINISHED,
        )
        for pk in ids
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < TIES:
        a, b = rng.choice(responders), rng.choice(ids)
        if a != b:
            pairs.add((a, b))
    NetworkRating.objects.bulk_create(
        (
            NetworkRating(
                collaborative=c,
                round=round_,
                instrument="braid-network@1",
                scale="braid-levels-5",
                rater_id=a,
                ratee_id=b,
                level=rng.randint(1, 4),
                reliability=rng.randint(1, 4),
                mission=rng.randint(1, 4),
                openness=rng.randint(1, 4),
                power=rng.randint(1, 4),
                involvement=rng.randint(1, 4),
                resources=rng.randint(1, 4),
            )
            for a, b in sorted(pairs)
        ),
        batch_size=5000,
    )
    return access_for(user, c.slug), round_.pk


def interleaved(
    fns: dict[str, Callable[[], Any]], *, repeat: int, warmup: int = 1
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each function, their runs taken in turn (the order
    alternating), so that both sides of a ratio meet the same load on a shared machine; timed
    one after the other in blocks, a change of load between the blocks moved the ratio by 2×."""
    names = list(fns)
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    for i in range(warmup + repeat):
        for name in names if i % 2 == 0 else names[::-1]:
            w, c = time.perf_counter(), time.process_time()
            fns[name]()
            if i >= warmup:
                wall[name].append(time.perf_counter() - w)
                cpu[name].append(time.process_time() - c)
    return {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in names}


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    import igraph

    from braid.lib import network as net
    from braid.networks.rounds import round_measures
    from braid.surveys import selectors as survey_selectors

    access, round_id = build()

    def braid() -> Any:
        """What the round's page and API compute for its measures: the round's ratings read
        through surveys' selector, then the networks module's `round_measures`."""
        got = survey_selectors.network_ratings(access.collaborative, round_id)
        assert got is not None
        return round_measures(got, sorted(got.invited_org_ids))

    got = survey_selectors.network_ratings(access.collaborative, round_id)
    assert got is not None
    nodes = sorted(got.invited_org_ids)
    index = {pk: i for i, pk in enumerate(nodes)}
    edges = [(index[r.rater_id], index[r.ratee_id]) for r in got.ratings if r.level > 0]

    def direct() -> Any:
        """The same measures with igraph alone, the edge list already in memory."""
        g = igraph.Graph(n=len(nodes), edges=edges, directed=True)
        u = g.as_undirected(mode="collapse")
        return (
            g.density(),
            g.indegree(),
            g.outdegree(),
            g.betweenness(directed=True),
            g.harmonic_centrality(mode="in", normalized=True),
            g.reciprocity(),
            u.coreness(),
            g.connected_components(mode="weak").sizes(),
            u.articulation_points(),
        )

    result = braid()
    assert result.nodes == ORGS and result.ties == TIES
    assert result.trust is not None and result.value is not None
    times = interleaved({"braid": braid, "direct": direct}, repeat=REPEAT)
    (t_braid, c_braid), (t_direct, c_direct) = times["braid"], times["direct"]
    record(
        "assess.network_metrics",
        vendor,
        t_braid * 1000,
        "ms",
        t_direct * 1000,
        "≤ 1.5× igraph direct (2,000 orgs, 40,000 ties, database read included)",
    )

    rng = random.Random(3)
    small = list(range(300))
    small_ties = [(rng.randrange(300), rng.randrange(300)) for _ in range(1500)]
    start = time.perf_counter()
    net.layout(small, small_ties)
    t_layout = time.perf_counter() - start
    record("assess.network_layout_300", vendor, t_layout * 1000, "ms", 1000.0, "< 1 s")
    load = os.getloadavg()[0]
    print(
        f"{vendor}: measures {t_braid * 1000:.0f} ms (igraph direct {t_direct * 1000:.0f} ms,"
        f" ratio {t_braid / t_direct:.2f}; CPU {c_braid * 1000:.0f} / {c_direct * 1000:.0f} ms,"
        f" ratio {c_braid / c_direct:.2f}); layout of 300 organisations {t_layout * 1000:.0f} ms"
        f" (load {load:.1f})"
    )


if __name__ == "__main__":
    main()

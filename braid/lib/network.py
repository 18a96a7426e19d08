"""Network measures of a partnership (INSTRUMENTS.md §2), computed with igraph.

Pure: no Django. Nodes are any hashable, orderable ids (organisation ids, names from a file);
ties are `(source, target)` pairs, directed when the network is (survey ratings), undirected
otherwise (co-attendance, shared activities). Self-ties and repeated ties are dropped. Every
figure here equals networkx's on the same graph (braid/lib/tests/test_network.py compares them
on random graphs with isolates and disconnected parts); networkx stays the reference, igraph is
the fast path (exact betweenness on thousands of organisations in seconds, not minutes).

Definitions (n nodes, m ties):
- density: directed m / (n(n−1)), undirected 2m / (n(n−1));
- degree: undirected the number of neighbours; directed in + out (networkx's `degree`);
- degree centralisation (Freeman): Σ (d_max − d_i) / T_max, T_max = (n−1)(n−2) undirected;
  directed it is computed on in-degree with T_max = (n−1)² (how often an organisation is
  named), and the out-degree one is given beside it;
- betweenness (Brandes) normalised by (n−1)(n−2)/2 undirected, (n−1)(n−2) directed;
  betweenness centralisation Σ (b_max − b_i) / T_max on raw betweenness, T_max = (n−1)²(n−2)/2
  undirected and (n−1)²(n−2) directed, which is Σ (b'_max − b'_i) / (n−1) on normalised b';
- reciprocity (directed): share of ties whose reverse tie exists;
- closeness: harmonic, Σ 1/d(j, i) over the others j (paths towards i when directed), divided
  by n−1, so unreachable organisations count 0 and partial networks work;
- k-core: coreness on the undirected (OR-symmetrised) network; the core is the organisations
  of the highest coreness, the rest the periphery;
- components: weakly connected when directed;
- fragmentation (Borgatti): 1 − Σ s_k(s_k − 1) / (n(n − 1)) over components of sizes s_k;
- cut point: an organisation whose removal disconnects others (an articulation point of the
  undirected network); key player: the cut point whose removal raises the fragmentation most
  (several when they tie), none when no removal disconnects anyone.
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, NamedTuple, Protocol, TypeVar

import igraph

N = TypeVar("N", bound=Hashable)

SCALE_MIN = 1.0
SCALE_MAX = 4.0


def percent_of_scale(mean: float | None) -> float | None:
    """A 1..4 mean as "% of scale": 100 × (mean − 1) / 3."""
    if mean is None:
        return None
    return 100.0 * (mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)


@dataclass(frozen=True)
class NodeMeasures:
    node: Any
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float  # normalised
    closeness: float  # harmonic, divided by n − 1
    coreness: int
    core: bool
    component: int  # index of its component, largest first
    cut_point: bool
    fragmentation_rise: float  # fragmentation after removing it, minus before
    key_player: bool
    trust: float | None = None  # mean over its raters, 1..4
    value: float | None = None
    raters: int = 0


@dataclass(frozen=True)
class NetworkMeasures:
    directed: bool
    nodes: int
    ties: int
    density: float
    degree_centralization: float
    out_degree_centralization: float | None
    betweenness_centralization: float
    reciprocity: float | None
    components: tuple[int, ...]  # sizes, largest first
    fragmentation: float
    max_coreness: int
    trust: float | None
    value: float | None
    organisations: tuple[NodeMeasures, ...] = field(default_factory=tuple)

    def by_node(self) -> dict[Any, NodeMeasures]:
        return {o.node: o for o in self.organisations}

    @property
    def key_players(self) -> tuple[Any, ...]:
        return tuple(o.node for o in self.organisations if o.key_player)


def clean_ties(
    nodes: Iterable[N], ties: Iterable[tuple[N, N]], *, directed: bool
) -> tuple[list[N], list[tuple[N, N]]]:
    """Nodes (given ones first, then any only named by a tie, in order) and ties without
    self-ties or repeats; undirected ties are kept once whichever way they were given."""
    ties = ties if isinstance(ties, list | tuple) else list(ties)
    order: dict[N, None] = dict.fromkeys(nodes)
    # Nodes named only by a tie join in the order they are first named (source, then target).
    order.update(dict.fromkeys(chain.from_iterable(ties)))
    if directed:
        # A dict keeps the first of each repeated tie, in order (done in C).
        return list(order), list(dict.fromkeys(t for t in ties if t[0] != t[1]))
    seen: set[tuple[N, N]] = set()
    kept: list[tuple[N, N]] = []
    for source, target in ties:
        if source == target:
            continue
        key = _unordered(source, target)
        if key in seen:
            continue
        seen.add(key)
        kept.append((source, target))
    return list(order), kept


def _unordered(a: N, b: N) -> tuple[N, N]:
    try:
        return (a, b) if a <= b else (b, a)  # type: ignore[operator]
    except TypeError:
        return (a, b) if repr(a) <= repr(b) else (b, a)


def build_graph(nodes: Sequence[N], ties: Sequence[tuple[N, N]], *, directed: bool) -> Any:
    """The igraph graph of clean nodes and ties (vertex i is nodes[i])."""
    index = {node: i for i, node in enumerate(nodes)}
    return igraph.Graph(
        n=len(nodes), edges=[(index[s], index[t]) for s, t in ties], directed=directed
    )


def density(n: int, m: int, *, directed: bool) -> float:
    if n < 2:
        return 0.0
    return (m if directed else 2 * m) / (n * (n - 1))


def freeman(values: Sequence[float], t_max: float) -> float:
    """Σ (max − v_i) / T_max; 0 when T_max is 0 (fewer than three nodes)."""
    if not values or t_max <= 0:
        return 0.0
    top = max(values)
    return sum(top - v for v in values) / t_max


def degree_centralization(degrees: Sequence[int], *, directed: bool) -> float:
    n = len(degrees)
    t_max = (n - 1) ** 2 if directed else (n - 1) * (n - 2)
    return freeman([float(d) for d in degrees], t_max)


def betweenness_centralization(normalised: Sequence[float]) -> float:
    """Freeman centralisation of normalised betweenness (same figure as on raw counts with
    T_max = (n−1)²(n−2)/2 undirected, (n−1)²(n−2) directed)."""
    n = len(normalised)
    return freeman(normalised, n - 1) if n > 2 else 0.0


def fragmentation(sizes: Iterable[int], n: int) -> float:
    """Borgatti's fragmentation: the share of pairs that cannot reach each other."""
    if n < 2:
        return 0.0
    return 1.0 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))


def _fragmentation_rises(
    undirected: Any, sizes: list[int], membership: list[int]
) -> tuple[list[float], set[int]]:
    """Fragmentation after removing each node minus before, and the cut points.

    Exact without removing anything: a node that is not a cut point only shrinks its own
    component by one; a cut point splits its component into the pieces hanging off it in the
    block–cut tree (blocks are the biconnected components, joined through the cut points they
    share), whose sizes one pass over the tree gives. Linear in the size of the network, where
    removing each cut point and recounting components was one graph copy per cut point."""
    n = undirected.vcount()
    if n < 3:
        return [0.0] * n, set(undirected.articulation_points()) if n else set()
    before = fragmentation(sizes, n)
    base = sum(s * (s - 1) for s in sizes)
    scale = (n - 1) * (n - 2)
    shrunk = [base - s * (s - 1) + (s - 1) * (s - 2) for s in sizes]  # per component
    rises = [1.0 - shrunk[c] / scale - before for c in membership]
    blocks, cut_list = undirected.biconnected_components(return_articulation_points=True)
    cuts = set(cut_list)
    if not cuts:
        return rises, cuts
    for v, pieces in _pieces_without(list(blocks), cuts, sizes, membership).items():
        own = sizes[membership[v]]
        total = base - own * (own - 1) + sum(p * (p - 1) for p in pieces)
        rises[v] = 1.0 - total / scale - before
    return rises, cuts


def _pieces_without(
    blocks: list[list[int]], cuts: set[int], sizes: list[int], membership: list[int]
) -> dict[int, list[int]]:
    """For each cut point, the sizes of the pieces its component falls into without it.

    The block–cut tree has a node per block (weighing its vertices that are not cut points)
    and per cut point (weighing 1), a cut point linked to the blocks it belongs to. Rooted
    anywhere, a cut point's pieces are the weights under each of its child blocks, and the
    rest of its component above it."""
    nb = len(blocks)
    # Tree nodes: 0..nb−1 the blocks, nb + v the cut point v.
    adjacent: dict[int, list[int]] = {}
    weight = [sum(1 for v in block if v not in cuts) for block in blocks]
    for b, block in enumerate(blocks):
        for v in block:
            if v in cuts:
                adjacent.setdefault(b, []).append(nb + v)
                adjacent.setdefault(nb + v, []).append(b)
    below: dict[int, int] = {}  # tree node → total weight of its subtree
    parent: dict[int, int] = {}
    for root in adjacent:
        if root in parent:
            continue
        parent[root] = -1
        order = [root]
        for node in order:  # breadth first: parents come before their children
            for nxt in adjacent[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    order.append(nxt)
        for node in reversed(order):
            below[node] = below.get(node, 0) + (weight[node] if node < nb else 1)
            if parent[node] >= 0:
                below[parent[node]] = below.get(parent[node], 0) + below[node]
    out: dict[int, list[int]] = {}
    for v in cuts:
        node = nb + v
        pieces = [below[b] for b in adjacent[node] if parent[b] == node]
        above = sizes[membership[v]] - below[node]
        if above:
            pieces.append(above)
        out[v] = pieces
    return out


class Rated(NamedTuple):
    """One rating's trust and value (the rater's mean of its three items, 1..4). A named
    tuple: one is built per rated tie."""

    trust: float | None = None
    value: float | None = None


class HasTrustValue(Protocol):
    """What `measure` reads of a rating: `Rated`, or any record with the same two fields
    (surveys' ratings have them)."""

    @property
    def trust(self) -> float | None: ...

    @property
    def value(self) -> float | None: ...


def _rating_means(
    ratings: Mapping[tuple[N, N], HasTrustValue],
) -> tuple[dict[N, tuple[float | None, float | None, int]], float | None, float | None]:
    """Per rated organisation its mean trust and value over its raters and how many raters
    gave either; and the network's means over rated pairs. One pass; the sums run in the
    ratings' order, as `sum` over the same values would."""
    acc: dict[N, list[float]] = {}  # node → [trust sum, trust count, value sum, value count]
    t_sum = v_sum = 0.0
    t_n = v_n = 0
    for (_, rated), r in ratings.items():
        a = acc.get(rated)
        if a is None:
            a = acc[rated] = [0.0, 0, 0.0, 0]
        t, v = r.trust, r.value
        if t is not None:
            a[0] += t
            a[1] += 1
            t_sum += t
            t_n += 1
        if v is not None:
            a[2] += v
            a[3] += 1
            v_sum += v
            v_n += 1
    per_node = {
        node: (
            a[0] / a[1] if a[1] else None,
            a[2] / a[3] if a[3] else None,
            int(max(a[1], a[3])),
        )
        for node, a in acc.items()
    }
    return per_node, (t_sum / t_n if t_n else None), (v_sum / v_n if v_n else None)


def measure(
    nodes: Iterable[N],
    ties: Iterable[tuple[N, N]],
    *,
    directed: bool,
    ratings: Mapping[tuple[N, N], HasTrustValue] | None = None,
) -> NetworkMeasures:
    """Every network measure of INSTRUMENTS.md §2 for one network.

    `ratings` (directed pairs → trust/value) gives each organisation's trust and value as the
    mean over its raters, and the network's as the mean over rated pairs."""
    order, kept = clean_ties(nodes, ties, directed=directed)
    n, m = len(order), len(kept)
    graph = build_graph(order, kept, directed=directed)
    undirected = graph.as_undirected(mode="collapse") if directed else graph

    if directed:
        ins = graph.indegree()
        outs = graph.outdegree()
        degrees = [a + b for a, b in zip(ins, outs, strict=True)]
        degree_c = degree_centralization(ins, directed=True)
        out_c: float | None = degree_centralization(outs, directed=True)
        recip: float | None = graph.reciprocity(ignore_loops=True, mode="default") if m else 0.0
    else:
        degrees = graph.degree()
        ins = outs = degrees
        degree_c = degree_centralization(degrees, directed=False)
        out_c = None
        recip = None

    raw = graph.betweenness(directed=directed) if n else []
    pairs = (n - 1) * (n - 2) if directed else (n - 1) * (n - 2) / 2
    between = [b / pairs if pairs > 0 else 0.0 for b in raw]
    if n > 1:
        harmonic = graph.harmonic_centrality(mode="in" if directed else "all", normalized=False)
        closeness = [h / (n - 1) for h in harmonic]
    else:
        closeness = [0.0] * n
    coreness = undirected.coreness() if n else []
    top_core = max(coreness, default=0)

    clusters = graph.connected_components(mode="weak")
    raw_sizes = clusters.sizes()
    rank = sorted(range(len(raw_sizes)), key=lambda c: (-raw_sizes[c], c))
    renumber = {c: i for i, c in enumerate(rank)}
    membership = list(clusters.membership)
    sizes = [raw_sizes[c] for c in rank]
    membership = [renumber[c] for c in membership]
    rises, cuts = _fragmentation_rises(undirected, sizes, membership)
    best = max((rises[v] for v in cuts), default=0.0)
    keys = {v for v in cuts if rises[v] >= best - 1e-12}

    received, trust, value = _rating_means(ratings or {})
    unrated: tuple[float | None, float | None, int] = (None, None, 0)

    organisations = []
    for v, node in enumerate(order):
        node_trust, node_value, raters = received.get(node, unrated)
        organisations.append(
            NodeMeasures(
                node=node,
                degree=degrees[v],
                in_degree=ins[v],
                out_degree=outs[v],
                betweenness=between[v],
                closeness=closeness[v],
                coreness=coreness[v],
                core=coreness[v] == top_core and top_core > 0,
                component=membership[v],
                cut_point=v in cuts,
                fragmentation_rise=rises[v],
                key_player=v in keys,
                trust=node_trust,
                value=node_value,
                raters=raters,
            )
        )
    return NetworkMeasures(
        directed=directed,
        nodes=n,
        ties=m,
        density=density(n, m, directed=directed),
        degree_centralization=degree_c,
        out_degree_centralization=out_c,
        betweenness_centralization=betweenness_centralization(between),
        reciprocity=recip,
        components=tuple(sizes),
        fragmentation=fragmentation(sizes, n),
        max_coreness=top_core,
        trust=trust,
        value=value,
        organisations=tuple(organisations),
    )


def symmetrise(ties: Iterable[tuple[N, N]]) -> list[tuple[N, N]]:
    """OR-symmetrisation: an undirected tie wherever either side reports one."""
    seen: set[tuple[N, N]] = set()
    out: list[tuple[N, N]] = []
    for s, t in ties:
        key = _unordered(s, t)
        if s != t and key not in seen:
            seen.add(key)
            out.append(key)
    return out


# --- Pairs and waves -----------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    a: Any
    b: Any
    a_rates_b: int
    b_rates_a: int

    @property
    def gap(self) -> int:
        return abs(self.a_rates_b - self.b_rates_a)


def disagreements(levels: Mapping[tuple[N, N], int], threshold: int = 2) -> list[Disagreement]:
    """Pairs whose two ratings differ by `threshold` levels or more (INSTRUMENTS §1), widest
    gap first."""
    found = []
    for (i, j), r in levels.items():
        back = levels.get((j, i))
        if back is None or _unordered(i, j) != (i, j):
            continue
        if abs(r - back) >= threshold:
            found.append(Disagreement(i, j, r, back))
    return sorted(found, key=lambda d: (-d.gap, repr(d.a), repr(d.b)))


@dataclass(frozen=True)
class PairChange:
    a: Any
    b: Any
    before: float  # pair level (mean of both directions where both exist), 0 = no tie
    after: float

    @property
    def kind(self) -> str:
        if self.before == 0 and self.after > 0:
            return "gained"
        if self.before > 0 and self.after == 0:
            return "lost"
        if self.after > self.before:
            return "raised"
        if self.after < self.before:
            return "lowered"
        return "same"


def pair_levels(levels: Mapping[tuple[N, N], int]) -> dict[tuple[N, N], float]:
    """Pair level = mean of both directions where both exist, else the one rating."""
    out: dict[tuple[N, N], float] = {}
    for (i, j), r in levels.items():
        key = _unordered(i, j)
        if key in out:
            continue
        back = levels.get((j, i))
        out[key] = float(r) if back is None else (r + back) / 2
    return out


def matched_changes(
    before: Mapping[tuple[N, N], int], after: Mapping[tuple[N, N], int]
) -> list[PairChange]:
    """Change between two rounds on the pairs rated in both (INSTRUMENTS §1: matched pairs
    only); a pair is rated in a round when either of its organisations rated the other."""
    old, new = pair_levels(before), pair_levels(after)
    return [PairChange(a, b, old[(a, b)], new[(a, b)]) for (a, b) in old if (a, b) in new]


# --- Layout and picture --------------------------------------------------------------------


def _seed_position(node: Any) -> tuple[float, float]:
    """A position in [-1, 1]² that depends only on the node's id: the same every visit."""
    digest = hashlib.sha256(repr(node).encode()).digest()
    x = int.from_bytes(digest[:4], "big") / 2**32
    y = int.from_bytes(digest[4:8], "big") / 2**32
    return 2 * x - 1, 2 * y - 1


_RNG_LOCK = threading.Lock()


def layout(
    nodes: Sequence[N],
    ties: Sequence[tuple[N, N]],
    *,
    previous: Mapping[N, tuple[float, float]] | None = None,
    iterations: int = 300,
) -> dict[N, tuple[float, float]]:
    """Force-directed positions in [0, 1]², stable: the start is the previous positions where
    known (so a second round moves only what changed) and a position drawn from each new
    node's id otherwise, and the random steps of Fruchterman–Reingold are seeded."""
    order, kept = clean_ties(nodes, ties, directed=False)
    n = len(order)
    if n == 0:
        return {}
    if n == 1:
        return {order[0]: (0.5, 0.5)}
    known = previous or {}
    # Fruchterman-Reingold spreads n nodes over about 1.8·√n units: start on that scale.
    scale = 0.9 * math.sqrt(n)
    start = []
    for node in order:
        if node in known:
            x, y = known[node]
            start.append(((2 * x - 1) * scale, (2 * y - 1) * scale))
        else:
            sx, sy = _seed_position(node)
            start.append((sx * scale, sy * scale))
    # From known positions the layout only settles what changed: a cooler, shorter run.
    share_known = sum(node in known for node in order) / n
    temperature = math.sqrt(n) / 10 * (1 - 0.8 * share_known)
    graph = build_graph(order, kept, directed=False)
    # igraph's Fruchterman-Reingold takes small random steps: its generator is seeded for the
    # call (and put back after), so the same network always gets the same picture.
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(n))
        try:
            coords = graph.layout_fruchterman_reingold(
                seed=[list(p) for p in start],
                niter=iterations,
                start_temp=temperature,
                grid="nogrid",
            ).coords
        finally:
            igraph.set_random_number_generator(random)
    # igraph 1.0 hands the picture back turned half a circle from its start: keep the
    # orientation nearest the start so that a known map does not flip between visits.
    kept_way = sum(
        (c[0] - s[0]) ** 2 + (c[1] - s[1]) ** 2 for c, s in zip(coords, start, strict=True)
    )
    turned = sum(
        (c[0] + s[0]) ** 2 + (c[1] + s[1]) ** 2 for c, s in zip(coords, start, strict=True)
    )
    if turned < kept_way:
        coords = [[-c[0], -c[1]] for c in coords]
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    return {
        node: (
            round(0.5 + (coords[i][0] - cx) / span * 0.9, 4),
            round(0.5 + (coords[i][1] - cy) / span * 0.9, 4),
        )
        for i, node in enumerate(order)
    }


# Line style per level of collaboration (never colour alone): width and dash pattern.
LEVEL_STROKE: dict[int, tuple[float, str]] = {
    1: (1.0, "2 3"),
    2: (1.8, "6 3"),
    3: (2.6, ""),
    4: (4.0, ""),
}
PALETTE = (
    "#1b6ca8",
    "#d1495b",
    "#2e933c",
    "#edae49",
    "#6b3fa0",
    "#00798c",
    "#8c5e3c",
    "#c44e9c",
    "#4d4d4d",
    "#7a9e1f",
)


@dataclass(frozen=True)
class DrawnNode:
    id: Any
    label: str
    x: float
    y: float
    size: float  # radius in map units (0..1000)
    group: str  # legend key (e.g. sector)


@dataclass(frozen=True)
class DrawnTie:
    source: Any
    target: Any
    level: int  # 1..4 (line style); 0 draws as the thinnest


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def network_svg(
    nodes: Sequence[DrawnNode],
    ties: Sequence[DrawnTie],
    *,
    title: str,
    groups: Sequence[tuple[str, str]] = (),
    size: int = 1000,
) -> str:
    """The map as a standalone SVG (for reports and pages without JavaScript): ties drawn
    by level as line width and dash, nodes coloured by group with their name beside, a legend
    of groups. `groups` is (key, label) in legend order; positions are in [0, 1]²."""
    colour = {key: PALETTE[i % len(PALETTE)] for i, (key, _) in enumerate(groups)}
    pad = 60
    inner = size - 2 * pad

    def px(v: float) -> float:
        return round(pad + v * inner, 1)

    where = {node.id: node for node in nodes}
    legend_h = 22 * len(groups) + (20 if groups else 0)
    height = size + legend_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" '
        f'role="img" aria-label="{_escape(title)}" class="network-map">',
        f"<title>{_escape(title)}</title>",
        '<g class="ties" stroke="#555" stroke-opacity="0.7" fill="none">',
    ]
    for tie in ties:
        a, b = where.get(tie.source), where.get(tie.target)
        if a is None or b is None:
            continue
        width, dash = LEVEL_STROKE.get(tie.level, (0.8, "1 3"))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{px(a.x)}" y1="{px(a.y)}" x2="{px(b.x)}" y2="{px(b.y)}" '
            f'stroke-width="{width}"{dash_attr}/>'
        )
    out.append("</g>")
    out.append('<g class="nodes" stroke="#fff" stroke-width="1.5">')
    for node in nodes:
        fill = colour.get(node.group, "#777")
        out.append(
            f'<circle cx="{px(node.x)}" cy="{px(node.y)}" r="{round(node.size, 1)}" '
            f'fill="{fill}"><title>{_escape(node.label)}</title></circle>'
        )
    out.append("</g>")
    out.append('<g class="labels" font-family="sans-serif" font-size="14" fill="#222">')
    for node in nodes:
        out.append(
            f'<text x="{px(node.x) + node.size + 3}" y="{px(node.y) + 4}">'
            f"{_escape(node.label)}</text>"
        )
    out.append("</g>")
    if groups:
        out.append('<g class="legend" font-family="sans-serif" font-size="14" fill="#222">')
        for i, (key, label) in enumerate(groups):
            y = size + 10 + 22 * i
            out.append(f'<circle cx="{pad}" cy="{y}" r="7" fill="{colour[key]}"/>')
            out.append(f'<text x="{pad + 14}" y="{y + 5}">{_escape(label)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def node_radius(degree: int, max_degree: int) -> float:
    """Node size by degree: area grows with degree, from 6 to 22 map units."""
    if max_degree <= 0:
        return 6.0
    return 6.0 + 16.0 * math.sqrt(degree / max_degree)

"""Network measures (INSTRUMENTS.md §2): equal to networkx on random graphs (directed and
undirected, isolates and disconnected parts), and hand-worked cases for the centralisation
and trust/value formulas, key players, pairs and waves, layout and picture."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from braid.lib import network as net


def random_graph(seed: int, *, directed: bool) -> tuple[list[int], list[tuple[int, int]]]:
    """A graph with a dense part, a sparse part, a separate component and isolates."""
    rng = random.Random(seed)
    n = rng.randint(8, 40)
    nodes = list(range(n))
    p = rng.uniform(0.05, 0.3)
    split = n // 2
    ties = []
    for i in nodes:
        for j in nodes:
            if i == j or (not directed and j < i):
                continue
            same_part = (i < split) == (j < split)
            if same_part and rng.random() < p and i < n - 3 and j < n - 3:  # 3 isolates
                ties.append((i, j))
    return nodes, ties


def nx_graph(nodes, ties, directed):
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(ties)
    return graph


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", range(12))
def test_measures_equal_networkx(seed: int, directed: bool) -> None:
    nodes, ties = random_graph(seed, directed=directed)
    got = net.measure(nodes, ties, directed=directed)
    g = nx_graph(nodes, ties, directed)
    n = g.number_of_nodes()
    assert got.nodes == n and got.ties == g.number_of_edges()
    assert got.density == pytest.approx(nx.density(g))
    between = nx.betweenness_centrality(g, normalized=True)
    harmonic = nx.harmonic_centrality(g)
    core = nx.core_number(g.to_undirected() if directed else g)
    by = got.by_node()
    for node in nodes:
        assert by[node].degree == g.degree(node)
        assert by[node].betweenness == pytest.approx(between[node], abs=1e-12)
        assert by[node].closeness == pytest.approx(harmonic[node] / (n - 1), abs=1e-12)
        assert by[node].coreness == core[node]
        if directed:
            assert by[node].in_degree == g.in_degree(node)
            assert by[node].out_degree == g.out_degree(node)
    if directed:
        assert got.reciprocity == pytest.approx(nx.overall_reciprocity(g) if ties else 0.0)
        ins = [d for _, d in g.in_degree()]
        t_max = (n - 1) ** 2
    else:
        ins = [d for _, d in g.degree()]
        t_max = (n - 1) * (n - 2)
    assert got.degree_centralization == pytest.approx(sum(max(ins) - d for d in ins) / t_max)
    raw = nx.betweenness_centrality(g, normalized=False)
    b_max = max(raw.values())
    bt_max = (n - 1) ** 2 * (n - 2) / (1 if directed else 2)
    assert got.betweenness_centralization == pytest.approx(
        sum(b_max - b for b in raw.values()) / bt_max
    )
    parts = nx.weakly_connected_components(g) if directed else nx.connected_components(g)
    sizes = sorted((len(c) for c in parts), reverse=True)
    assert list(got.components) == sizes
    undirected = g.to_undirected() if directed else g
    assert {o.node for o in got.organisations if o.cut_point} == set(
        nx.articulation_points(undirected)
    )
    # Fragmentation after removing each node, checked by removing it in networkx.
    for node in nodes:
        rest = undirected.copy()
        rest.remove_node(node)
        after = net.fragmentation([len(c) for c in nx.connected_components(rest)], n - 1)
        assert by[node].fragmentation_rise == pytest.approx(after - got.fragmentation)


def sparse_graph(seed: int, *, directed: bool) -> tuple[list[int], list[tuple[int, int]]]:
    """Mostly trees and chains of small cycles, so that many organisations are cut points:
    a few random trees (some given a few extra ties), a pendant pair, and isolates."""
    rng = random.Random(1000 + seed)
    n = rng.randint(10, 60)
    nodes = list(range(n))
    ties: list[tuple[int, int]] = []
    start = 0
    while start < n - 4:
        end = min(n - 3, start + rng.randint(2, 20))
        for v in range(start + 1, end):
            ties.append((rng.randrange(start, v), v))  # a random tree on start..end−1
        for _ in range(rng.randint(0, 3)):  # a few cycles make blocks bigger than one tie
            a, b = rng.randrange(start, end), rng.randrange(start, end)
            if a != b:
                ties.append((a, b))
        start = end
    ties.append((n - 3, n - 2))  # a pair on its own; n − 1 is an isolate
    if directed:
        ties = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in ties]
        ties += [(b, a) for a, b in ties if rng.random() < 0.3]
    return nodes, ties


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", range(25))
def test_cut_points_fragmentation_and_key_players_equal_networkx(seed: int, directed: bool) -> None:
    """The block–cut tree gives each organisation's fragmentation rise without removing it:
    it equals removing it in networkx, on networks with many cut points."""
    nodes, ties = sparse_graph(seed, directed=directed)
    got = net.measure(nodes, ties, directed=directed)
    undirected = nx_graph(nodes, ties, directed).to_undirected()
    n = undirected.number_of_nodes()
    cuts = set(nx.articulation_points(undirected))
    assert {o.node for o in got.organisations if o.cut_point} == cuts
    assert len(cuts) >= 2
    before = net.fragmentation([len(c) for c in nx.connected_components(undirected)], n)
    assert got.fragmentation == pytest.approx(before)
    rise = {}
    for node in nodes:
        rest = undirected.copy()
        rest.remove_node(node)
        rise[node] = (
            net.fragmentation([len(c) for c in nx.connected_components(rest)], n - 1) - before
        )
    by = got.by_node()
    for node in nodes:
        assert by[node].fragmentation_rise == pytest.approx(rise[node], abs=1e-12)
    best = max(rise[c] for c in cuts)
    assert set(got.key_players) == {c for c in cuts if rise[c] >= best - 1e-12}


def test_trust_and_value_equal_a_plain_mean_on_random_ratings() -> None:
    rng = random.Random(7)
    ratings = {}
    for _ in range(400):
        a, b = rng.randrange(30), rng.randrange(30)
        if a != b:
            trust = rng.choice([None, 1.0, 4 / 3, 2.5, 3.0, 11 / 3, 4.0])
            value = rng.choice([None, 1.0, 5 / 3, 2.0, 3.5, 4.0])
            ratings[(a, b)] = net.Rated(trust, value)
    got = net.measure(range(30), list(ratings), directed=True, ratings=ratings)
    for node in got.organisations:
        trusts = [
            r.trust for (_, b), r in ratings.items() if b == node.node and r.trust is not None
        ]
        values = [
            r.value for (_, b), r in ratings.items() if b == node.node and r.value is not None
        ]
        assert node.trust == (pytest.approx(sum(trusts) / len(trusts)) if trusts else None)
        assert node.value == (pytest.approx(sum(values) / len(values)) if values else None)
        assert node.raters == max(len(trusts), len(values))
    trusts = [r.trust for r in ratings.values() if r.trust is not None]
    assert got.trust == pytest.approx(sum(trusts) / len(trusts))


def test_clean_ties_keeps_first_named_order_and_first_of_repeats() -> None:
    nodes, ties = net.clean_ties([3, 1], [(5, 1), (1, 5), (5, 1), (4, 4), (2, 5)], directed=True)
    assert nodes == [3, 1, 5, 4, 2]
    assert ties == [(5, 1), (1, 5), (2, 5)]
    nodes, ties = net.clean_ties([3, 1], iter([(5, 1), (1, 5), (4, 4)]), directed=False)
    assert nodes == [3, 1, 5, 4]
    assert ties == [(5, 1)]


def test_star_and_complete_graph_centralisation() -> None:
    star = net.measure(range(5), [(0, i) for i in range(1, 5)], directed=False)
    assert star.degree_centralization == pytest.approx(1.0)
    assert star.betweenness_centralization == pytest.approx(1.0)
    assert star.density == pytest.approx(4 / 10)
    assert star.key_players == (0,)
    complete = net.measure(
        range(5), [(i, j) for i in range(5) for j in range(i + 1, 5)], directed=False
    )
    assert complete.degree_centralization == 0
    assert complete.betweenness_centralization == 0
    assert complete.density == 1
    assert complete.key_players == ()


def test_hand_worked_path_of_four() -> None:
    # a - b - c - d: degrees 1 2 2 1, T_max = 3·2 = 6, Σ(2 − d) = 2 → 1/3.
    # Raw betweenness 0 2 2 0 normalised by 3 → 0, 2/3, 2/3, 0; centralisation
    # Σ(2 − b) / ((n−1)²(n−2)/2 = 9) = 4/9.
    got = net.measure("abcd", [("a", "b"), ("b", "c"), ("c", "d")], directed=False)
    assert got.degree_centralization == pytest.approx(1 / 3)
    assert got.betweenness_centralization == pytest.approx(4 / 9)
    by = got.by_node()
    assert by["b"].betweenness == pytest.approx(2 / 3)
    # Harmonic closeness of a: (1 + 1/2 + 1/3) / 3.
    assert by["a"].closeness == pytest.approx((1 + 1 / 2 + 1 / 3) / 3)
    assert set(got.key_players) == {"b", "c"}  # both disconnect the path


def test_directed_in_degree_centralisation_and_reciprocity() -> None:
    # Everyone names a; a names b back. In-degrees a=3, b=1, c=0, d=0:
    # Σ(3 − d) = 0 + 2 + 3 + 3 = 8, T_max = (n−1)² = 9.
    ties = [("b", "a"), ("c", "a"), ("d", "a"), ("a", "b")]
    got = net.measure("abcd", ties, directed=True)
    assert got.degree_centralization == pytest.approx(8 / 9)
    # Out-degrees a=1, b=1, c=1, d=1 → 0.
    assert got.out_degree_centralization == 0
    # Reciprocated ties: a→b and b→a, 2 of 4.
    assert got.reciprocity == pytest.approx(0.5)
    assert got.density == pytest.approx(4 / 12)


def test_self_ties_and_repeats_are_dropped_and_isolates_kept() -> None:
    got = net.measure(["x", "y", "z"], [("x", "x"), ("x", "y"), ("y", "x")], directed=False)
    assert got.ties == 1
    assert got.components == (2, 1)
    assert got.by_node()["z"].degree == 0
    assert got.by_node()["z"].core is False


def test_key_player_is_the_cut_point_that_raises_fragmentation_most() -> None:
    # Two triangles sharing nothing: no cut point, so no key player.
    ties = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]
    got = net.measure(range(6), ties, directed=False)
    assert not any(o.cut_point for o in got.organisations)
    assert got.key_players == ()
    # A hub h joining a triangle t1 t2 t3 and two pendants p1 p2, and p1's own pendant q:
    # h and p1 are cut points; removing h leaves {t1 t2 t3} {p1 q} {p2}, removing p1 only
    # cuts q off, so h is the key player.
    ties = [("h", "t1"), ("t1", "t2"), ("t2", "t3"), ("t1", "t3"), ("h", "p1"), ("h", "p2")]
    ties.append(("p1", "q"))
    got = net.measure(["h", "t1", "t2", "t3", "p1", "p2", "q"], ties, directed=False)
    by = got.by_node()
    assert by["h"].cut_point and by["p1"].cut_point and by["t1"].cut_point
    # Removing h: pieces 3, 2, 1 of 6 → 1 − (6 + 2) / 30.
    assert by["h"].fragmentation_rise == pytest.approx(1 - 8 / 30)
    assert got.key_players == ("h",)


def test_trust_and_value_hand_worked() -> None:
    # a is rated by b (trust 4, value 2) and c (trust 3, value None); b by a (trust 1).
    ratings = {
        ("b", "a"): net.Rated(trust=4.0, value=2.0),
        ("c", "a"): net.Rated(trust=3.0, value=None),
        ("a", "b"): net.Rated(trust=1.0, value=3.0),
    }
    got = net.measure("abc", list(ratings), directed=True, ratings=ratings)
    a = got.by_node()["a"]
    assert a.trust == pytest.approx(3.5)
    assert a.value == pytest.approx(2.0)
    assert a.raters == 2
    assert net.percent_of_scale(a.trust) == pytest.approx(100 * 2.5 / 3)
    # Network trust: mean over rated pairs (4 + 3 + 1) / 3; value (2 + 3) / 2.
    assert got.trust == pytest.approx(8 / 3)
    assert got.value == pytest.approx(2.5)
    assert got.by_node()["c"].trust is None


def test_empty_and_tiny_networks() -> None:
    empty = net.measure([], [], directed=True)
    assert empty.nodes == 0 and empty.density == 0 and empty.organisations == ()
    one = net.measure(["a"], [], directed=False)
    assert one.degree_centralization == 0 and one.by_node()["a"].closeness == 0
    two = net.measure(["a", "b"], [("a", "b")], directed=True)
    assert two.density == pytest.approx(0.5)
    assert two.betweenness_centralization == 0


def test_disagreements_and_matched_changes() -> None:
    round1 = {("a", "b"): 1, ("b", "a"): 3, ("a", "c"): 2, ("c", "a"): 2, ("b", "c"): 4}
    gaps = net.disagreements(round1)
    assert [(d.a, d.b, d.a_rates_b, d.b_rates_a, d.gap) for d in gaps] == [("a", "b", 1, 3, 2)]
    round2 = {("a", "b"): 3, ("b", "a"): 3, ("a", "c"): 0, ("c", "a"): 0, ("c", "d"): 2}
    changes = {(c.a, c.b): c for c in net.matched_changes(round1, round2)}
    # b-c only in round 1 and c-d only in round 2 are not matched.
    assert set(changes) == {("a", "b"), ("a", "c")}
    assert changes[("a", "b")].before == 2 and changes[("a", "b")].after == 3
    assert changes[("a", "b")].kind == "raised"
    assert changes[("a", "c")].kind == "lost"


def test_layout_is_stable_and_keeps_previous_positions() -> None:
    nodes, ties = random_graph(3, directed=False)
    first = net.layout(nodes, ties)
    assert first == net.layout(nodes, ties)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    # A new round with one more tie starting from the old positions moves little.
    again = net.layout(nodes, [*ties, (0, 1)], previous=first)
    moved = sum(abs(first[k][0] - again[k][0]) + abs(first[k][1] - again[k][1]) for k in nodes)
    fresh = net.layout(list(reversed(nodes)), [*ties, (0, 1)])
    assert moved / len(nodes) < 0.15
    assert set(fresh) == set(nodes)


def test_svg_draws_levels_as_line_style_and_escapes_names() -> None:
    svg = net.network_svg(
        [
            net.DrawnNode("a", "A & <B>", 0.1, 0.1, 8, "health"),
            net.DrawnNode("b", "C", 0.9, 0.9, 8, "police"),
        ],
        [net.DrawnTie("a", "b", 1)],
        title="Map",
        groups=[("health", "Health"), ("police", "Police")],
    )
    assert "A &amp; &lt;B&gt;" in svg
    assert 'stroke-dasharray="2 3"' in svg  # networking is dotted
    assert svg.count("<circle") == 4  # two nodes, two legend keys

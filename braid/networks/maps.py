"""The map of a network: what the page's filters leave, the Vega-Lite spec of the
interactive map, and the standalone SVG for reports (positions computed on the server)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from braid.lib import network as net
from braid.networks.graph import STRENGTH_LABELS, Network, Node, Tie


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
    sectors = sector_groups(network)
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
                    "color": {
                        "field": "sector",
                        "type": "nominal",
                        "title": str(_("Sector")),
                        "scale": {
                            "domain": [label for _code, label in sectors],
                            "range": [
                                net.PALETTE[i % len(net.PALETTE)] for i in range(len(sectors))
                            ],
                        },
                    },
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
            *(_names(node_rows, axis, side) for side in ("left", "right")),
        ],
        # Legends under the map, one below the other: beside it they cover the names of the
        # organisations on the right and, on a phone, leave the map no width.
        "config": {
            "legend": {
                "orient": "bottom",
                "direction": "vertical",
                "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 12}},
            }
        },
    }


def _names(rows: list[dict[str, Any]], axis: dict[str, Any], side: str) -> dict[str, Any]:
    """Organisations' names beside their dots: to the right of a dot in the left part of the
    map, to the left of one in the right part, so no name runs out of the map."""
    right = side == "right"
    return {
        "data": {"values": [r for r in rows if (r["x"] > 0.5) == right]},
        "mark": {
            "type": "text",
            "align": side,
            "dx": -9 if right else 9,
            "fontSize": 11,
        },
        "encoding": {
            "x": {"field": "x", "type": "quantitative", **axis},
            "y": {"field": "y", "type": "quantitative", **axis},
            "text": {"field": "name"},
        },
    }


def svg(network: Network, nodes: list[Node] | None = None, ties: list[Tie] | None = None) -> str:
    """The map as a standalone SVG (reports, no JavaScript): the same positions and styles."""
    nodes = network.nodes if nodes is None else nodes
    ties = network.ties if ties is None else ties
    by = network.measures.by_node()
    top = max((o.degree for o in network.measures.organisations), default=0)
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
        groups=sector_groups(network),
    )


def sector_groups(network: Network) -> list[tuple[str, str]]:
    """The network's sectors as (code, label), in code order: a sector's colour follows its
    place here, so it is the same in both languages and on the page as in the report's SVG."""
    groups: dict[str, str] = {}
    for n in network.nodes:
        groups.setdefault(n.sector, n.sector_label)
    return sorted(groups.items())

"""A network as files for other tools: a JSON document (the API), GraphML (Gephi, yEd,
networkx, igraph) and CSV (Kumu's connections sheet, or the organisations with their
measures). Text cells are neutralised so a spreadsheet never runs them as formulas."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from braid.lib.tabular import write_csv
from braid.networks.selectors import Network

NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("name", "string"),
    ("sector", "string"),
    ("x", "double"),
    ("y", "double"),
    ("degree", "int"),
    ("in_degree", "int"),
    ("out_degree", "int"),
    ("betweenness", "double"),
    ("closeness", "double"),
    ("coreness", "int"),
    ("core", "boolean"),
    ("cut_point", "boolean"),
    ("key_player", "boolean"),
    ("trust", "double"),
    ("value", "double"),
)


def organisation_dicts(network: Network) -> list[dict[str, Any]]:
    by = network.measures.by_node()
    out = []
    for n in network.nodes:
        o = by[n.id]
        x, y = network.positions.get(n.id, (0.5, 0.5))
        out.append(
            {
                "id": n.id,
                "name": n.name,
                "sector": n.sector,
                "x": x,
                "y": y,
                "degree": o.degree,
                "in_degree": o.in_degree,
                "out_degree": o.out_degree,
                "betweenness": o.betweenness,
                "closeness": o.closeness,
                "coreness": o.coreness,
                "core": o.core,
                "cut_point": o.cut_point,
                "key_player": o.key_player,
                "trust": o.trust,
                "value": o.value,
            }
        )
    return out


def as_document(network: Network) -> dict[str, Any]:
    m = network.measures
    return {
        "kind": network.kind,
        "title": network.title,
        "directed": network.directed,
        "nodes": m.nodes,
        "ties": m.ties,
        "density": m.density,
        "degree_centralization": m.degree_centralization,
        "betweenness_centralization": m.betweenness_centralization,
        "reciprocity": m.reciprocity,
        "components": list(m.components),
        "fragmentation": m.fragmentation,
        "key_players": list(m.key_players),
        "invited": network.invited,
        "responded": network.responded,
        "organisations": organisation_dicts(network),
        "tie_list": [
            {"source": t.source, "target": t.target, "strength": t.strength, "count": t.count}
            for t in network.ties
        ],
    }


def _value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    return escape(str(value))


def graphml(network: Network) -> str:
    """GraphML 1.0: one <node> per organisation (id "o<pk>"), one <edge> per tie."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for key, kind in NODE_KEYS:
        lines.append(f'  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>')
    lines.append('  <key id="strength" for="edge" attr.name="strength" attr.type="int"/>')
    lines.append('  <key id="count" for="edge" attr.name="count" attr.type="int"/>')
    direction = "directed" if network.directed else "undirected"
    lines.append(f"  <graph id={quoteattr(network.kind)} edgedefault={quoteattr(direction)}>")
    for node in organisation_dicts(network):
        lines.append(f'    <node id="o{node["id"]}">')
        for key, kind in NODE_KEYS:
            if node[key] is not None:
                lines.append(f'      <data key="{key}">{_value(node[key], kind)}</data>')
        lines.append("    </node>")
    for i, t in enumerate(network.ties):
        lines.append(f'    <edge id="e{i}" source="o{t.source}" target="o{t.target}">')
        lines.append(f'      <data key="strength">{t.strength}</data>')
        lines.append(f'      <data key="count">{t.count}</data>')
        lines.append("    </edge>")
    lines.append("  </graph>")
    lines.append("</graphml>")
    return "\n".join(lines) + "\n"


def csv_text(network: Network, table: str) -> str:
    buffer = io.StringIO()
    names = {n.id: n.name for n in network.nodes}
    if table == "organisations":
        rows = organisation_dicts(network)
        headers = [k for k, _ in NODE_KEYS]
        write_csv(([r[k] for k in headers] for r in rows), headers, buffer)
    else:
        write_csv(
            (
                [names[t.source], names[t.target], network.strength_label(t.strength), t.count]
                for t in network.ties
            ),
            ["From", "To", "Type", "Count"],
            buffer,
        )
    return buffer.getvalue()

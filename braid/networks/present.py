"""What the network pages show of a network: the map spec, the measures with their one-line
definitions, the organisations and the ties as tables (the map's text equivalent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from braid.lib import network as net
from braid.networks.selectors import Network, filter_view, map_spec


def decimal(value: float | None, places: int = 2) -> str:
    """A figure in the reader's language (0,33 in French), "—" when there is none."""
    if value is None:
        return "—"
    return number_format(round(value, places), decimal_pos=places, use_l10n=True)


def on_scale(mean: float | None) -> str:
    """A 1..4 mean with its % of scale: "3.2 of 4 (73 % of scale)"."""
    if mean is None:
        return "—"
    return _("%(mean)s of 4 (%(percent)s %% of scale)") % {
        "mean": decimal(mean, 1),
        "percent": decimal(net.percent_of_scale(mean), 0),
    }


@dataclass(frozen=True)
class OrgRow:
    name: str
    sector: str
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    closeness: float
    core: bool
    cut_point: bool
    key_player: bool
    trust: float | None
    value: float | None
    trust_text: str
    value_text: str
    raters: int


@dataclass(frozen=True)
class TieRow:
    source: str
    target: str
    label: str
    count: int
    reverse: int | None


def measure_rows(network: Network) -> list[tuple[str, str, str]]:
    """(name, figure as text, how it is computed) for the network as a whole."""
    m = network.measures
    rows = [
        (_("Organisations"), str(m.nodes), _("Partners and organisations in the network.")),
        (
            _("Ties"),
            str(m.ties),
            _("Ratings of a level of 1 or more, one per rater and rated organisation.")
            if network.directed
            else _("Pairs of organisations tied at least once."),
        ),
        (
            _("Density"),
            decimal(m.density),
            _("Ties present out of all possible: m / (n(n−1)) for ratings (directed).")
            if network.directed
            else _("Ties present out of all possible: 2m / (n(n−1))."),
        ),
        (
            _("Degree centralisation"),
            decimal(m.degree_centralization),
            _(
                "How much the ties gather on one organisation (1 a star, 0 all equal): Freeman's"
                " Σ(d_max − d_i) / (n−1)² on the ratings received."
            )
            if network.directed
            else _(
                "How much the ties gather on one organisation (1 a star, 0 all equal): Freeman's"
                " Σ(d_max − d_i) / ((n−1)(n−2))."
            ),
        ),
        (
            _("Betweenness centralisation"),
            decimal(m.betweenness_centralization),
            _(
                "How much the shortest paths between organisations run through one of them"
                " (1 a star, 0 all equal)."
            ),
        ),
    ]
    if m.reciprocity is not None:
        rows.append(
            (
                _("Reciprocity"),
                decimal(m.reciprocity),
                _("Share of ratings of 1 or more whose reverse rating is also 1 or more."),
            )
        )
    rows.append(
        (
            _("Components"),
            str(len(m.components)),
            _("Groups that cannot reach each other through ties (isolated organisations count).")
            + " "
            + _("Sizes: %(sizes)s.") % {"sizes": ", ".join(str(s) for s in m.components) or "—"},
        )
    )
    names = {n.id: n.name for n in network.nodes}
    keys = ", ".join(names[k] for k in m.key_players) or _("none")
    rows.append(
        (
            _("Key player"),
            keys,
            _(
                "The organisation whose departure would cut the most organisations off from each"
                " other (the rise in fragmentation when it is removed)."
            ),
        )
    )
    if m.trust is not None:
        rows.append(
            (
                _("Trust"),
                on_scale(m.trust),
                _("Mean over rated pairs of reliability, support of the mission and openness.")
                + " "
                + _("Share of the scale = 100 × (mean − 1) / 3, in percent."),
            )
        )
    if m.value is not None:
        rows.append(
            (
                _("Value"),
                on_scale(m.value),
                _(
                    "Mean over rated pairs of power and influence, level of involvement and"
                    " resources contributed."
                ),
            )
        )
    return rows


def organisation_rows(network: Network) -> list[OrgRow]:
    by = network.measures.by_node()
    rows = []
    for n in network.nodes:
        o = by[n.id]
        rows.append(
            OrgRow(
                name=n.name,
                sector=n.sector_label,
                degree=o.degree,
                in_degree=o.in_degree,
                out_degree=o.out_degree,
                betweenness=o.betweenness,
                closeness=o.closeness,
                core=o.core,
                cut_point=o.cut_point,
                key_player=o.key_player,
                trust=o.trust,
                value=o.value,
                trust_text=on_scale(o.trust),
                value_text=on_scale(o.value),
                raters=o.raters,
            )
        )
    return sorted(rows, key=lambda r: (-r.degree, r.name))


def tie_rows(network: Network, ties: list[Any]) -> list[TieRow]:
    names = {n.id: n.name for n in network.nodes}
    rows = [
        TieRow(
            names[t.source], names[t.target], network.strength_label(t.strength), t.count, t.reverse
        )
        for t in ties
    ]
    return sorted(rows, key=lambda r: (r.source, r.target))


def map_context(
    network: Network, *, sector: str = "", min_strength: int = 1, size_by: str = "degree"
) -> dict[str, Any]:
    """What the map page shows. Points are sized by degree, or by value where the network's
    ratings give one (any other choice falls back to degree)."""
    nodes, ties = filter_view(network, sector=sector, min_strength=min_strength)
    sectors = sorted({(n.sector, n.sector_label) for n in network.nodes}, key=lambda s: s[1])
    has_value = network.measures.value is not None
    size_by = "value" if size_by == "value" and has_value else "degree"
    return {
        "network": network,
        "spec": map_spec(network, nodes, ties, size_by=size_by),
        "size_by": size_by,
        "can_size_by_value": has_value,
        "measure_rows": measure_rows(network),
        "organisations": organisation_rows(network),
        "ties": tie_rows(network, ties),
        "shown_nodes": len(nodes),
        "sectors": sectors,
        "sector": sector,
        "level": min_strength,
        "levels": [(k, str(v)) for k, v in network_levels(network)],
        "has_ratings": network.measures.trust is not None or network.measures.value is not None,
    }


def network_levels(network: Network) -> list[tuple[int, str]]:
    from braid.networks.selectors import STRENGTH_LABELS

    return [(k, str(v)) for k, v in STRENGTH_LABELS[network.kind].items()]

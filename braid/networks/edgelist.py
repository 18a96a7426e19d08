"""Reading an edge list for `braid network-metrics` (and any file of ties): columns `source`,
`target`, optional `level` (0..4; 0 = rated, no tie), optional dimension columns `trust_*` /
`value_*` (each 1..4, averaged per row) or `trust`, `value`. Every problem of the file is found
in one pass and reported together, in the shape of every Braid import (row, column, value,
what to fix)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from braid.core.errors import FieldProblem
from braid.lib import network as net
from braid.lib.tabular import TabularError, TabularReader

MAX_PROBLEMS = 5_000


@dataclass
class EdgeList:
    names: list[str] = field(default_factory=list)
    ties: list[tuple[str, str]] = field(default_factory=list)
    levels: dict[tuple[str, str], int] = field(default_factory=dict)
    ratings: dict[tuple[str, str], net.Rated] = field(default_factory=dict)
    has_trust: bool = False
    has_value: bool = False
    rows: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    problem_count: int = 0

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(FieldProblem(field=column, message=message, row=row, value=value))


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_edges(source: str | Path | IO[bytes], *, filename: str) -> EdgeList:
    """Read an edge list; raises TabularError when the file cannot be read at all (format,
    encoding, missing `source`/`target` columns)."""
    reader = TabularReader(source, filename=filename)
    headers = reader.headers
    missing = [c for c in ("source", "target") if c not in headers]
    if missing:
        raise TabularError(
            "The file needs the columns source and target (one tie per row); missing: "
            + ", ".join(missing)
            + f". Columns found: {', '.join(h for h in headers if h) or 'none'}."
        )
    trust_cols = [h for h in headers if h.startswith("trust_")] or (
        ["trust"] if "trust" in headers else []
    )
    value_cols = [h for h in headers if h.startswith("value_")] or (
        ["value"] if "value" in headers else []
    )
    out = EdgeList(has_trust=bool(trust_cols), has_value=bool(value_cols))
    seen_names: dict[str, None] = {}
    first_row: dict[tuple[str, str], int] = {}
    for number, row in reader:
        out.rows += 1
        src, dst = row["source"], row["target"]
        ok = True
        for column, name in (("source", src), ("target", dst)):
            if not name:
                out.add(number, column, name, f"The {column} organisation is empty: name it.")
                ok = False
        if ok and src == dst:
            out.add(number, "target", dst, "An organisation cannot have a tie with itself.")
            ok = False
        level = 1
        if "level" in headers and row["level"] != "":
            text = row["level"]
            if text.isdigit() and 0 <= int(text) <= 4:
                level = int(text)
            else:
                out.add(
                    number,
                    "level",
                    text,
                    "The level must be a whole number from 0 (no tie) to 4 (full collaboration).",
                )
                ok = False
        dims: dict[str, float | None] = {}
        for kind, columns in (("trust", trust_cols), ("value", value_cols)):
            found = []
            for column in columns:
                text = row[column]
                if text == "":
                    continue
                value = _number(text)
                if value is None or not 1 <= value <= 4:
                    out.add(number, column, text, "Ratings of trust and value go from 1 to 4.")
                    ok = False
                else:
                    found.append(value)
            dims[kind] = sum(found) / len(found) if found else None
        if not ok:
            continue
        # Undirected, both directions may be given (a survey file): the tie is there when
        # either side reports it (OR-symmetrisation, INSTRUMENTS.md §2).
        key = (src, dst)
        if key in first_row:
            out.add(
                number,
                "target",
                dst,
                f"This tie is already on row {first_row[key]}: keep one row per source and target.",
            )
            continue
        first_row[key] = number
        seen_names.setdefault(src)
        seen_names.setdefault(dst)
        out.levels[(src, dst)] = level
        if level > 0:
            out.ties.append((src, dst))
        if dims.get("trust") is not None or dims.get("value") is not None:
            out.ratings[(src, dst)] = net.Rated(trust=dims.get("trust"), value=dims.get("value"))
    if out.rows == 0:
        raise TabularError("The file has a header but no ties: add one row per tie.")
    out.names = list(seen_names)
    return out


def metrics_document(edges: EdgeList, *, directed: bool) -> dict[str, Any]:
    """The JSON object `braid network-metrics` prints (issue 14): network figures and one
    object per organisation."""
    m = net.measure(edges.names, edges.ties, directed=directed, ratings=edges.ratings)
    doc: dict[str, Any] = {
        "directed": directed,
        "nodes": m.nodes,
        "ties": m.ties,
        "density": m.density,
        "degree_centralization": m.degree_centralization,
        "betweenness_centralization": m.betweenness_centralization,
    }
    if directed:
        doc["reciprocity"] = m.reciprocity
        doc["out_degree_centralization"] = m.out_degree_centralization
    doc["components"] = list(m.components)
    doc["fragmentation"] = m.fragmentation
    if edges.has_trust:
        doc["trust"] = m.trust
    if edges.has_value:
        doc["value"] = m.value
    organisations = []
    for o in m.organisations:
        item: dict[str, Any] = {
            "name": o.node,
            "degree": o.degree,
            "betweenness": o.betweenness,
            "key_player": o.key_player,
        }
        if directed:
            item["in_degree"] = o.in_degree
            item["out_degree"] = o.out_degree
        item["closeness"] = o.closeness
        item["coreness"] = o.coreness
        item["core"] = o.core
        item["cut_point"] = o.cut_point
        if edges.has_trust:
            item["trust"] = o.trust
        if edges.has_value:
            item["value"] = o.value
        organisations.append(item)
    doc["organisations"] = organisations
    return doc


ORGANISATION_COLUMNS = (
    "name",
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
    "coreness",
    "core",
    "cut_point",
    "key_player",
    "trust",
    "value",
)


def organisation_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The organisations of a metrics document as CSV columns and rows (columns that do not
    apply to this network are left out)."""
    present = [c for c in ORGANISATION_COLUMNS if any(c in o for o in doc["organisations"])]
    rows = [[o.get(c, "") for c in present] for o in doc["organisations"]]
    return present, rows

"""`braid network-metrics`: the issue's JSON and CSV, figures equal to networkx on the same
file, and a bad file refused with every problem at once."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from django.core.management import CommandError, call_command

from braid.cli import ALIASES

EDGES = (
    "source,target,level,trust_reliability,trust_mission,trust_openness,value_power\n"
    "Police,Schools,3,4,4,4,2\n"
    "Schools,Police,1,,,,\n"
    "Police,Health,2,3,3,3,\n"
    "Health,Parks,4,,,,\n"
    "Parks,Health,0,,,,\n"
)


def run(tmp_path: Path, text: str, *args: str) -> tuple[str, str]:
    path = tmp_path / "edges.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("network_metrics", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_has_the_issue_fields_and_equals_networkx(tmp_path: Path) -> None:
    out, _ = run(tmp_path, EDGES)
    doc = json.loads(out)
    for key in (
        "nodes",
        "ties",
        "density",
        "degree_centralization",
        "betweenness_centralization",
        "reciprocity",
        "organisations",
    ):
        assert key in doc
    # Level 0 (Parks rates Health "none") is a rating but not a tie.
    g = nx.DiGraph(
        [("Police", "Schools"), ("Schools", "Police"), ("Police", "Health"), ("Health", "Parks")]
    )
    assert doc["nodes"] == 4 and doc["ties"] == 4
    assert doc["density"] == pytest.approx(nx.density(g))
    assert doc["reciprocity"] == pytest.approx(nx.overall_reciprocity(g))
    between = nx.betweenness_centrality(g)
    orgs = {o["name"]: o for o in doc["organisations"]}
    assert set(orgs) == {"Police", "Schools", "Health", "Parks"}
    for name, o in orgs.items():
        assert set(o) >= {"name", "degree", "betweenness", "key_player", "trust", "value"}
        assert o["degree"] == g.degree(name)
        assert o["betweenness"] == pytest.approx(between[name])
    # Schools is rated by Police: trust = mean(4, 4, 4) = 4, value 2; Health trust 3.
    assert orgs["Schools"]["trust"] == 4 and orgs["Schools"]["value"] == 2
    assert orgs["Health"]["trust"] == 3 and orgs["Health"]["value"] is None
    # Police and Health each cut someone off, equally: both are key players.
    assert {n for n, o in orgs.items() if o["key_player"]} == {"Police", "Health"}


def test_undirected_csv_symmetrises_and_has_no_reciprocity(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "source,target\nA,B\nB,A\nB,C\n", "--undirected", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0] == "name,degree,betweenness,closeness,coreness,core,cut_point,key_player"
    assert lines[2].startswith("B,2,1.0,")
    out, _ = run(tmp_path, "source,target\nA,B\nB,A\nB,C\n", "--undirected")
    doc = json.loads(out)
    assert doc["ties"] == 2 and "reciprocity" not in doc
    assert "trust" not in doc["organisations"][0]


def test_bad_file_lists_every_problem_and_computes_nothing(tmp_path: Path) -> None:
    text = "source,target,level,trust\nA,,3,5\nB,B,x,2\nA,B,2,\nA,B,3,\n"
    report = tmp_path / "problems.csv"
    with pytest.raises(CommandError, match="5 problems in 4 rows") as caught:
        run(tmp_path, text, "--report", str(report))
    assert "Nothing was computed" in str(caught.value)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,column,value,problem"
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["2", "target"],
        ["2", "trust"],
        ["3", "target"],
        ["3", "level"],
        ["5", "target"],
    ]
    assert "already on row 4" in lines[-1]


def test_file_without_the_columns_says_which_are_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"missing: target\. Columns found: source, to"):
        run(tmp_path, "source,to\nA,B\n")


def test_the_command_is_spelt_with_a_hyphen() -> None:
    assert ALIASES["network-metrics"] == "network_metrics"

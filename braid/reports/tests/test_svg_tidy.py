"""The compact chart SVG draws the same thing in far fewer nodes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET

from braid.reports import charts
from braid.reports.svg_tidy import moved_path, tidy

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "width": 300,
    "data": {"values": [{"p": f"2026-{m:02d}", "v": 10 + m, "t": 30} for m in range(1, 13)]},
    "layer": [
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "p", "type": "ordinal"},
                "y": {"field": "v", "type": "quantitative", "title": "young people"},
            },
        },
        {"mark": "rule", "encoding": {"y": {"field": "t", "type": "quantitative"}}},
    ],
}


def _nodes(svg: str) -> int:
    return len(re.findall(r"<[a-z]", svg))


def test_a_chart_keeps_its_labels_and_marks_in_a_fraction_of_the_nodes():  # type: ignore[no-untyped-def]
    import vl_convert as vlc

    drawn = vlc.vegalite_to_svg(SPEC)
    tidied = tidy(drawn)
    assert _nodes(tidied) * 3 < _nodes(drawn)
    texts = lambda s: re.findall(r"<text[^>]*>([^<]*)</text>", s)  # noqa: E731
    assert texts(tidied) == texts(drawn)  # every label, in order
    assert "young people" in tidied and "2026-12" in tidied
    assert "aria-label" not in tidied and 'class="' not in tidied
    root = SafeET.fromstring(tidied)  # still a well-formed SVG document
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # The twelve points are one path; the rule drawn once per row is drawn once.
    points = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "A" in p.get("d", "")]
    assert len(points) == 1 and points[0].get("d", "").count("M") == 12


def test_paths_move_with_their_translation():  # type: ignore[no-untyped-def]
    circle = "M2.739,0A2.739,2.739,0,1,1,-2.739,0A2.739,2.739,0,1,1,2.739,0"
    assert (
        moved_path(circle, 10, 20) == "M12.74,20A2.74,2.74,0,1,1,7.26,20A2.74,2.74,0,1,1,12.74,20"
    )
    assert moved_path("M0.5,0.5h460v260h-460Z", 1, 1) == "M1.5,1.5h460v260h-460Z"
    assert moved_path("m1,1 2,2l3,3z", 10, 10) == "m11,11,2,2l3,3z"  # only the start is absolute
    assert moved_path("M0,0 X", 1, 1) is None and moved_path("L1,1", 0, 0) is None


def test_semi_transparent_repeats_are_kept_and_other_namespaces_do_not_leak(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))  # type: ignore[attr-defined]
    ET.register_namespace("", "http://www.w3.org/2005/Atom")  # some other code's default
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g>'
        '<line x2="5" stroke="#000" opacity="0.5"/><line x2="5" stroke="#000" opacity="0.5"/>'
        '<line x2="5" stroke="#000"/><line x2="5" stroke="#000"/></g></svg>'
    )
    out = tidy(svg)
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "ns0:" not in out
    assert out.count('opacity="0.5"') == 2 and out.count("<line") == 3  # one opaque repeat gone


def test_the_pdf_reads_each_chart_as_one_image():  # type: ignore[no-untyped-def]
    import base64

    uri = charts.data_uri(SPEC, "fr")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == charts.svg(SPEC, "fr")

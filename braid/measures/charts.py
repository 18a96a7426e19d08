"""The indicator chart: history, provisional figure, baseline forecast and targets as one
Vega-Lite spec, each series styled by its key."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from braid.measures.scorecard import ScoreRow

# Each series is styled by its key, never by its translated name (a French legend once sorted
# "Prévision" before "Réel" and swapped the styles).
SERIES = ("actual", "provisional", "forecast", "target")


COLOURS = {
    "actual": "#1f4e79",
    "provisional": "#7a8fa6",
    "forecast": "#6b6b6b",
    "target": "#1b6e3a",
}


DASHES: dict[str, list[int]] = {
    "actual": [1, 0],
    "provisional": [1, 3],
    "forecast": [6, 4],
    "target": [2, 2],
}


def series_names() -> dict[str, str]:
    return {
        "actual": _("Actual"),
        "provisional": _("Provisional (not every partner has reported)"),
        "forecast": _("Baseline forecast"),
        "target": _("Target"),
    }


def chart_rows(row: ScoreRow) -> list[dict[str, Any]]:
    """The points the chart draws: exactly the row's figures, forecasts and targets."""
    names = series_names()
    out: list[dict[str, Any]] = []
    for p in row.points:
        for key, value in (
            ("actual" if p.complete else "provisional", p.actual),
            ("forecast", p.forecast),
            ("target", p.target),
        ):
            if value is not None:
                out.append(
                    {
                        "period": p.period.start.isoformat(),
                        "code": p.period.code,
                        "series": key,
                        "name": names[key],
                        "value": round(value, 3),
                    }
                )
    return out


def chart_spec(row: ScoreRow) -> dict[str, Any]:
    """History, provisional figure, baseline forecast and targets, with a legend and years."""
    data = chart_rows(row)
    keys = [k for k in SERIES if any(d["series"] == k for d in data)]
    encoding = _encoding(row, keys)
    layers: list[dict[str, Any]] = [{"mark": {"type": "line", "point": True}, "encoding": encoding}]
    if row.target is not None:
        # The target the progress is measured against, across the whole chart.
        layers.append(
            {
                "mark": {
                    "type": "rule",
                    "color": COLOURS["target"],
                    "strokeDash": DASHES["target"],
                    "aria": False,  # the target is in the legend and in the table beside
                },
                "encoding": {"y": {"datum": round(row.target, 3)}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 260,
        "data": {"values": data},
        "layer": layers,
    }


def _encoding(row: ScoreRow, keys: list[str]) -> dict[str, Any]:
    """Time across, the figure up, and each series' colour and dash by its key."""
    names = series_names()
    legend = {
        "title": None,
        "orient": "bottom",
        "symbolType": "stroke",
        "symbolStrokeWidth": 2,
        "labelExpr": f"{json.dumps({k: names[k] for k in keys})}[datum.label]",
    }
    return {
        "x": {
            "field": "period",
            "type": "temporal",
            "scale": {"type": "utc"},
            "axis": {"title": None, "format": "%b %Y", "labelOverlap": True},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": row.indicator.shown_unit or None,
        },
        "color": {
            "field": "series",
            "type": "nominal",
            "scale": {"domain": keys, "range": [COLOURS[k] for k in keys]},
            "legend": legend,
        },
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "scale": {"domain": keys, "range": [DASHES[k] for k in keys]},
            "legend": legend,
        },
        "tooltip": [
            {"field": "name", "title": " "},
            {"field": "code", "title": _("Period")},
            {"field": "value", "type": "quantitative", "title": _("Value")},
        ],
    }


def parts_spec(
    groups: list[dict[str, Any]], *, height: Any, mark: dict[str, Any]
) -> dict[str, Any]:
    """The bar chart of one breakdown's groups (`dimensions.named_parts`' groups), by their
    names in the reader's language, hidden groups left out: the indicator page's and the
    report's, each with its own height and mark."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": height,
        "data": {
            "values": [
                {"part": g["name"].text, "value": g["value"]}
                for g in groups
                if g["value"] is not None
            ]
        },
        "mark": {"type": "bar", **mark},
        "encoding": {
            "y": {"field": "part", "type": "nominal", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": None},
        },
    }

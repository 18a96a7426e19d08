"""The action plan's timeline (Vega-Lite): one row per activity, its name written above its
bar rather than in an axis beside it, so on a phone the bars keep the chart's whole width and
on a wide screen a long name is not cut."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from braid.agenda.models import Activity, ActivityStatus

STATUS_COLOURS = {
    "planned": "#8fa3bf",
    "under_way": "#2f6db5",
    "done": "#2e8540",
    "stalled": "#d4801c",
    "dropped": "#9a9a9a",
}
ROW = 40  # pixels per activity: its name on top, its bar below
BAR_DOWN = 7  # the bar and its milestones sit this far below the row's middle


def gantt_spec(items: list[Activity], *, today: dt.date | None = None) -> dict[str, Any]:
    """A Vega-Lite timeline: one bar per activity from start to end, coloured by status, with
    milestones as diamonds, a rule for today and each activity's name above its bar."""
    today = today or timezone.localdate()
    labels = dict(ActivityStatus.choices)
    bars = [
        {
            "activity": f"{a} ({a.lead.name})",
            "start": a.start.isoformat(),
            "end": a.end.isoformat(),
            "status": str(labels[a.status]),
            "lead": a.lead.name,
        }
        for a in items
    ]
    marks = [
        {
            "activity": f"{a} ({a.lead.name})",
            "date": m.due_on.isoformat(),
            "milestone": str(m),
            "done": _("done") if m.done_on else _("open"),
        }
        for a in items
        for m in a.milestones.all()
    ]
    y = {
        "field": "activity",
        "type": "nominal",
        "sort": [b["activity"] for b in bars],
        "title": None,
        "axis": None,  # the names are written above the bars (the last layer)
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": ROW},
        "layer": [
            _bars(bars, y, labels),
            _milestones(marks, y),
            {
                "data": {"values": [{"today": today.isoformat()}]},
                "mark": {"type": "rule", "color": "#c0392b", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "today", "type": "temporal"}},
            },
            _names(bars, y),
        ],
        "config": {"legend": {"orient": "bottom", "direction": "horizontal", "columns": 3}},
    }


def _bars(bars: list[dict[str, Any]], y: dict[str, Any], labels: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {"values": bars},
        "mark": {"type": "bar", "cornerRadius": 3, "height": 12, "yOffset": BAR_DOWN},
        "encoding": {
            "y": y,
            "x": {
                "field": "start",
                "type": "temporal",
                "title": None,
                "axis": {"labelOverlap": "greedy", "labelSeparation": 6},
            },
            "x2": {"field": "end"},
            "color": {
                "field": "status",
                "type": "nominal",
                "title": _("Status"),
                "scale": {
                    "domain": [str(labels[k]) for k in STATUS_COLOURS],
                    "range": list(STATUS_COLOURS.values()),
                },
            },
            "tooltip": [
                {"field": "activity", "title": _("Activity")},
                {"field": "status", "title": _("Status")},
                {"field": "start", "type": "temporal", "title": _("Start")},
                {"field": "end", "type": "temporal", "title": _("End")},
            ],
        },
    }


def _milestones(marks: list[dict[str, Any]], y: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {"values": marks},
        "mark": {
            "type": "point",
            "shape": "diamond",
            "filled": True,
            "size": 90,
            "color": "#1d2b3a",
            "yOffset": BAR_DOWN,
        },
        "encoding": {
            "y": y,
            "x": {"field": "date", "type": "temporal"},
            "tooltip": [
                {"field": "milestone", "title": _("Milestone")},
                {"field": "date", "type": "temporal", "title": _("Due")},
                {"field": "done", "title": _("Status")},
            ],
        },
    }


def _names(bars: list[dict[str, Any]], y: dict[str, Any]) -> dict[str, Any]:
    """Each activity's name at the left edge of its row, above the bar, cut with an ellipsis
    at the chart's width (the table below gives it whole)."""
    return {
        "data": {"values": bars},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "bottom",
            "yOffset": -1,
            "fontSize": 12,
            "color": "#1d2b3a",
            "limit": {"expr": "width"},
        },
        "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "activity"}},
    }

"""Template helpers of the report pages: a chart's SVG drawn on the server."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from braid.reports import charts

register = template.Library()


@register.simple_tag
def chart_svg(spec: dict[str, Any], lang: str = "en", width: int = 460) -> SafeString:
    """The SVG vl-convert draws from the spec (labels are escaped by Vega's SVG renderer)."""
    return mark_safe(charts.svg(spec, lang, width))  # noqa: S308


@register.filter
def is_numeric(index: int, numeric: list[int]) -> bool:
    return index in numeric

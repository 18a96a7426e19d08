"""Template helpers of the report pages: a chart's SVG drawn on the server, a text written in
both languages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from braid.core.bilingual import Shown
from braid.reports import charts

register = template.Library()


@register.simple_tag
def chart_svg(spec: dict[str, Any], lang: str = "en", width: int = 460) -> SafeString:
    """The SVG vl-convert draws from the spec (labels are escaped by Vega's SVG renderer)."""
    return mark_safe(charts.svg(spec, lang, width))  # noqa: S308


@register.filter
def is_numeric(index: int, numeric: list[int] | None) -> bool:
    """Whether the column is among `numeric` (a table frozen before a list existed has none)."""
    return index in (numeric or ())


@register.simple_tag
def chart_uri(spec: dict[str, Any], lang: str = "en", width: int = 460) -> str:
    """The same SVG as an image address (the PDF: one image rather than a tree of nodes)."""
    return charts.data_uri(spec, lang, width)


@register.filter
def written(value: Any, lines: str = "") -> SafeString:
    """A section's text: plain, or a text written in both languages as `sections.written`
    keeps it, printed in the reader's language or else marked as the other's (ADR 0015).
    `|written:"br"` keeps its line breaks, `|written:"p"` makes them paragraphs."""
    if isinstance(value, dict) and "text" in value:
        shown = Shown(
            str(value["text"]), str(value.get("lang") or "en"), bool(value.get("fallback"))
        )
        html = shown.html(lines=bool(lines))
        return mark_safe(f"<p>{html}</p>") if lines == "p" else html  # noqa: S308 - escaped
    if lines == "p":
        return linebreaks_filter(value, autoescape=True)
    if lines == "br":
        return linebreaksbr(value, autoescape=True)
    return conditional_escape("" if value is None else value)

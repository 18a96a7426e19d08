"""Charts of a report as SVG: the same Vega-Lite spec the web page draws, rendered on the
server by vl-convert-python (ADR 0004) for the PDF and the public page without JavaScript.
Numbers and dates follow the language the chart is drawn in."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from functools import lru_cache
from typing import Any

from braid.reports.svg_tidy import tidy

# Bump when the drawing changes (vl-convert, svg_tidy): cached charts are drawn again.
SVG_VERSION = 3
CACHE_SECONDS = 30 * 24 * 3600

FR_FORMAT = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0$"]}
FR_TIME = {
    "dateTime": "%A %e %B %Y, %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    "months": [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ],
    "shortMonths": [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
        "sept.", "oct.", "nov.", "déc.",
    ],
}  # fmt: skip


def fixed_width(spec: dict[str, Any], width: int = 460) -> dict[str, Any]:
    """A spec for a page of fixed width: "container" means nothing outside a browser."""
    out = copy.deepcopy(spec)
    if out.get("width") == "container":
        out["width"] = width
    out.setdefault("background", "white")
    return out


def svg(spec: dict[str, Any], lang: str = "en", width: int = 460) -> str:
    """The chart as a compact SVG document (`svg_tidy`), cached by its spec and language: in
    this process, and in the shared cache, where a chart whose figures did not change is found
    again after the data changed elsewhere (a frozen report's charts are drawn once)."""
    text = json.dumps(fixed_width(spec, width), sort_keys=True)
    return _svg(hashlib.sha256(text.encode()).hexdigest(), text, lang)


def data_uri(spec: dict[str, Any], lang: str = "en", width: int = 460) -> str:
    """The chart as an image address, for the PDF: WeasyPrint then reads the SVG as one
    image, instead of parsing and styling each of its nodes as part of the page."""
    drawn = svg(spec, lang, width).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(drawn).decode("ascii")


@lru_cache(maxsize=1024)
def _svg(digest: str, text: str, lang: str) -> str:
    from django.core.cache import cache

    key = f"braid:chart:{SVG_VERSION}:{digest}:{lang}"
    found = cache.get(key)
    if found is None:
        found = _draw(text, lang)
        cache.set(key, found, CACHE_SECONDS)
    return str(found)


def _draw(text: str, lang: str) -> str:
    import vl_convert as vlc

    kwargs: dict[str, Any] = {}
    if lang.startswith("fr"):
        kwargs = {"format_locale": FR_FORMAT, "time_format_locale": FR_TIME}
    out = tidy(str(vlc.vegalite_to_svg(json.loads(text), **kwargs)))
    # The chart is described by the table beside it: the SVG is decoration for screen readers.
    return out.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)

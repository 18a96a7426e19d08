"""Charts of a report as SVG: the same Vega-Lite spec the web page draws, rendered on the
server by vl-convert-python (ADR 0004) for the PDF and the public page without JavaScript.
Numbers and dates follow the language the chart is drawn in."""

from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from typing import Any

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
    """The chart as an SVG document, cached by its spec and language (a frozen report's
    charts are drawn once per process)."""
    text = json.dumps(fixed_width(spec, width), sort_keys=True)
    return _svg(hashlib.sha256(text.encode()).hexdigest(), text, lang)


@lru_cache(maxsize=512)
def _svg(_digest: str, text: str, lang: str) -> str:
    import vl_convert as vlc

    kwargs: dict[str, Any] = {}
    if lang.startswith("fr"):
        kwargs = {"format_locale": FR_FORMAT, "time_format_locale": FR_TIME}
    out = vlc.vegalite_to_svg(json.loads(text), **kwargs)
    # The chart is described by the table beside it: the SVG is decoration for screen readers.
    return str(out).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)

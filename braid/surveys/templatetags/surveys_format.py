"""Survey figures written the reader's way: scores with one decimal (3,4 in French), rates as
percentages ("67 %" in French, with a no-break space)."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import get_language

from braid.surveys.definitions import round_half_up

register = template.Library()


def _fr() -> bool:
    return (get_language() or "en").startswith("fr")


@register.filter
def percent(value: object) -> str:
    if not isinstance(value, int | float):
        return "—"
    whole = int(round_half_up(float(value) * 100))
    return f"{whole}\u00a0%" if _fr() else f"{whole}%"


@register.filter
def score(value: object, digits: int = 1) -> str:
    """A score rounded for display only (scores are kept in full precision)."""
    if not isinstance(value, int | float):
        return "—"
    digits = int(digits)
    # As formats.number_format writes it (scores have no thousands), without its cost per cell.
    text = f"{round_half_up(float(value), digits):.{digits}f}"
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))

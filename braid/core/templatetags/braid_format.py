"""Template filters for amounts written the reader's way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from braid.core import formatting

register = template.Library()


@register.filter
def money(value: object) -> str:
    return formatting.money(value)


@register.simple_tag
def colon() -> str:
    """A label's colon the reader's way: French puts a no-break space before it ("Offert :")."""
    return "\u00a0:" if (get_language() or "en").startswith("fr") else ":"


@register.filter
def has_required(form: Any) -> bool:
    """Whether a form has a field the server insists on (then the form explains the asterisk)."""
    return any(f.required for f in form.fields.values())

"""Template filters for amounts written the reader's way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from braid.core import bilingual, formatting

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


@register.simple_tag
def localised(source: Any, field: str) -> bilingual.Shown:
    """`{% localised obj "vision" as vision %}`: the reader's language's text, else the other
    language's, marked (`{{ vision }}` inline, `{{ vision.block }}` with its line breaks)."""
    return bilingual.pick(source, field)


@register.filter
def french_twin(form: Any, field: Any) -> Any:
    """The French half of a bilingual pair (`bilingual.add_french`)."""
    return form[bilingual.french(field.name)]


@register.simple_tag(takes_context=True)
def current(context: Any, names: str) -> str:
    """` aria-current="page"` on a tab whose page (or one of its sub-pages) is the one shown:
    `<a href="…"{% current "agenda:plan agenda:activity" %}>` (URL names, space-separated)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    shown = match.view_name if match else ""
    return mark_safe(' aria-current="page"') if shown in names.split() else ""

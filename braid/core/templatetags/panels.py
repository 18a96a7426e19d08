from __future__ import annotations

from typing import Any

from django import template

from braid.core.panels import panels

register = template.Library()


@register.inclusion_tag("includes/panels.html", takes_context=True)
def page_panels(context: Any, page: str, pk: int) -> dict[str, Any]:
    """What higher modules add to this page (braid.core.panels), as the reader may see it."""
    access = context.get("access")
    return {"panels": panels(page, access, pk) if access is not None else []}

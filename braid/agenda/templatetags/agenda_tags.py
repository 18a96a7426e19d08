from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.simple_tag
def cell(cells: dict[tuple[int, int], str], activity_id: int, organisation_id: int) -> str:
    return cells.get((activity_id, organisation_id), "")

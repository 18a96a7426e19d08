from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def submission_cell(subs: dict[tuple[int, int], Any], organisation: Any, period: Any) -> Any:
    return subs.get((organisation.pk, period.pk))

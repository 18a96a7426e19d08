from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def submission_cell(subs: dict[tuple[int, int], Any], organisation: Any, period: Any) -> Any:
    return subs.get((organisation.pk, period.pk))


@register.filter
def submission_status(code: str) -> str:
    """A submission's status in the reader's language ("approved" -> "Approuvée")."""
    from braid.measures.models import SubmissionStatus

    try:
        return str(SubmissionStatus(code).label)
    except ValueError:
        return code

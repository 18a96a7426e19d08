from __future__ import annotations

from django import template
from markupsafe import Markup

from braid.meetings.text import render_markdown
from braid.meetings.timing import AgendaNotice, agenda_notice

register = template.Library()


@register.filter
def markdown(text: str) -> Markup:
    """Markdown typed by a person, rendered and sanitised (braid.meetings.text)."""
    return render_markdown(text)


@register.filter
def person(user: object) -> str:
    """A member as shown: the full name, else the e-mail address, else nothing."""
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or getattr(user, "email", "") or "")


@register.filter
def notice(meeting: object) -> AgendaNotice | None:
    """The agenda's circulate-by date under the body's rules of procedure (braid.meetings.timing)."""
    return agenda_notice(meeting)  # type: ignore[arg-type]

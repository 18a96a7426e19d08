"""The meetings card on the Implement stage, and the sidebar links."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from braid.meetings import selectors


def cards(access: Any) -> list[Any]:
    from braid.collaboratives.stages import Card

    upcoming = selectors.next_meeting(access.collaborative)
    figures: list[tuple[Any, Any]] = []
    if upcoming:
        figures.append(
            (_("next meeting"), formats.date_format(upcoming.starts_at, "SHORT_DATE_FORMAT"))
        )
    return [
        Card(
            title=_("Meetings and decisions"),
            url=reverse("meetings:list", args=[access.collaborative.slug]),
            summary=upcoming.title if upcoming else "",
            figures=figures,
            empty_hint="" if upcoming else _("Schedule the steering committee's meetings."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Meetings"), reverse("meetings:list", args=[slug])),
        (_("Decisions register"), reverse("meetings:decisions", args=[slug])),
        (_("My action items"), reverse("meetings:my_actions", args=[slug])),
    ]

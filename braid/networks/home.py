"""The networks module's card on a collaborative's home page (Assess), and its sidebar links."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.stages import Card


def cards(access: Any) -> list[Card]:
    slug = access.collaborative.slug
    return [
        Card(
            title=_("Partnership network"),
            url=reverse("networks:map", args=[slug]),
            summary=_("Who works with whom: maps, measures, key players."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [(_("Network map"), reverse("networks:map", args=[slug]))]

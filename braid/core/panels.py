"""Panels a higher module adds to a lower module's page, so the lower one never imports it.

Meetings (above measures, agenda and partners) registers, in its AppConfig.ready():

    register_panel("measures.indicator", provider)   # decisions and actions aimed at it
    register_panel("agenda.activity", provider)
    register_panel("partners.detail", provider)      # attendance, dissent, open actions

where `provider(access, pk) -> Panel | None`. The page shows them with
`{% load panels %}{% page_panels "measures.indicator" indicator.pk %}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PanelLine:
    text: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Panel:
    title: str
    lines: list[PanelLine] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    more_label: str = ""


Provider = Callable[[Any, int], "Panel | None"]
_providers: dict[str, list[Provider]] = {}


def register_panel(page: str, provider: Provider) -> None:
    found = _providers.setdefault(page, [])
    if provider not in found:
        found.append(provider)


def panels(page: str, access: Any, pk: int) -> list[Panel]:
    out = []
    for provider in _providers.get(page, []):
        panel = provider(access, pk)
        if panel is not None:
            out.append(panel)
    return out

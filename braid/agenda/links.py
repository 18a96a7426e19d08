"""What other modules attach to objectives, without agenda importing them.

The measures module (above agenda in the layers) registers, in its AppConfig.ready():

    register_indicator_links(provider)

where `provider(audience, objective_ids) -> {objective_id: [IndicatorLink, ...]}`, the
audience (braid.collaboratives.disclosure) being who reads: the provider shows each latest
value as that reader may see it. The results chain then shows each objective's indicators with
their latest value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from braid.collaboratives.disclosure import Audience
from braid.core import bilingual


@dataclass(frozen=True)
class IndicatorLink:
    name: bilingual.Shown | str  # the reader's language, or the other one marked
    url: str
    latest: str = ""  # the latest aggregated value as the reader may see it ("< 5"), or ""
    progress: float | None = None  # share of the way to the target, 0..1 (not clipped)


Provider = Callable[[Audience, list[int]], dict[int, list[IndicatorLink]]]
_providers: list[Provider] = []


def register_indicator_links(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def indicator_links(audience: Audience, objective_ids: list[int]) -> dict[int, list[IndicatorLink]]:
    links: dict[int, list[IndicatorLink]] = {pk: [] for pk in objective_ids}
    for provider in _providers:
        for pk, found in provider(audience, objective_ids).items():
            links.setdefault(pk, []).extend(found)
    return links

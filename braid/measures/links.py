"""What measures gives the rest of Braid: each objective's indicators with their latest figure
(registered with braid.agenda.links in MeasuresConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from braid.agenda.links import IndicatorLink
from braid.collaboratives.disclosure import Audience, Figure
from braid.core import bilingual
from braid.measures.models import Aggregate, Indicator


def indicator_links(audience: Audience, objective_ids: list[int]) -> dict[int, list[IndicatorLink]]:
    collaborative = audience.collaborative
    indicators = list(
        Indicator.objects.filter(
            collaborative_id=collaborative.pk,
            objectives__in=objective_ids,
            archived_at__isnull=True,
        )
        .distinct()
        .prefetch_related("objectives")
    )
    latest: dict[int, Figure] = {}
    for indicator_id, value, num, den in (
        Aggregate.objects.filter(
            collaborative_id=collaborative.pk, indicator_id__in=[i.pk for i in indicators]
        )
        .order_by("indicator_id", "period__start")
        .values_list("indicator_id", "value", "numerator", "denominator")
    ):
        if value is not None:
            latest[indicator_id] = Figure(value, num, den)
    links: dict[int, list[IndicatorLink]] = {}
    for ind in indicators:
        link = IndicatorLink(
            name=bilingual.pick(ind, "name"),
            url=reverse("measures:indicator", args=[collaborative.slug, ind.pk]),
            latest=_latest(audience, ind, latest.get(ind.pk)),
        )
        for objective in ind.objectives.all():
            if objective.pk in objective_ids:
                links.setdefault(objective.pk, []).append(link)
    return links


def _latest(audience: Audience, indicator: Indicator, figure: Figure | None) -> str:
    """The latest collaborative figure as the reader may see it: "< 5" for a small count, or
    for a percentage of a small number."""
    if figure is None:
        return ""
    shown = audience.figure(figure, indicator)
    text = audience.text(shown.value, indicator)
    if shown.suppressed:
        return text
    return f"{text} {indicator.shown_unit}".strip()

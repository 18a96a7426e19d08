"""What measures gives the rest of Braid: each objective's indicators with their latest figure
(registered with braid.agenda.links in MeasuresConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from braid.agenda.links import IndicatorLink
from braid.collaboratives.models import Collaborative
from braid.lib.suppression import display
from braid.measures.models import Aggregate, Indicator


def indicator_links(
    collaborative_id: int, objective_ids: list[int]
) -> dict[int, list[IndicatorLink]]:
    collaborative = Collaborative.objects.only("slug", "suppression_threshold").get(
        pk=collaborative_id
    )
    indicators = list(
        Indicator.objects.filter(
            collaborative_id=collaborative_id,
            objectives__in=objective_ids,
            archived_at__isnull=True,
        )
        .distinct()
        .prefetch_related("objectives")
    )
    latest: dict[int, float | None] = {}
    for indicator_id, value in (
        Aggregate.objects.filter(
            collaborative_id=collaborative_id, indicator_id__in=[i.pk for i in indicators]
        )
        .order_by("indicator_id", "period__start")
        .values_list("indicator_id", "value")
    ):
        if value is not None:
            latest[indicator_id] = value
    links: dict[int, list[IndicatorLink]] = {}
    for ind in indicators:
        value = latest.get(ind.pk)
        if value is None:
            shown = ""
        elif ind.is_percentage:
            shown = f"{value:.{ind.decimals}f} %"
        else:
            # A count that small could single people out: shown as "< 5", as everywhere.
            shown = f"{display(value, collaborative.suppression_threshold, ind.decimals)} {ind.unit}".strip()
        link = IndicatorLink(
            name=ind.name,
            url=reverse("measures:indicator", args=[collaborative.slug, ind.pk]),
            latest=shown,
        )
        for objective in ind.objectives.all():
            if objective.pk in objective_ids:
                links.setdefault(objective.pk, []).append(link)
    return links

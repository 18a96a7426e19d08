"""Partners' figures as a reader may see them: the measures side of the disclosure policy
(braid.collaboratives.disclosure, docs/adr/0007-disclosure-policy.md).

Every read of individual values (the indicator page's partner table, the values API, the
export) goes through here, so they hide the same cells: suppression is computed over one whole
block (an indicator and a period: every organisation the reader may see, total and parts),
whatever part of the block a page or a filter shows, so no two answers can be subtracted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models import Value as V
from django.db.models.functions import Coalesce

from braid.collaboratives.disclosure import Audience, Figure, Shown
from braid.measures.models import Indicator, Submission, Value

Block = tuple[int, int]  # (indicator id, period id)


def dimension(disaggregation: str) -> str | None:
    """The dimension a disaggregation key belongs to ("gender=girls" -> "gender"); None for
    the total ("")."""
    return disaggregation.partition("=")[0] if disaggregation else None


def with_status(qs: QuerySet[Value]) -> QuerySet[Value]:
    """Values annotated with the status of their organisation's report for the period."""
    status = Submission.objects.filter(
        collaborative_id=OuterRef("collaborative_id"),
        organisation_id=OuterRef("organisation_id"),
        period_id=OuterRef("period_id"),
    ).values("status")[:1]
    return qs.annotate(report_status=Coalesce(Subquery(status), V("draft")))


def visible_values(audience: Audience) -> QuerySet[Value]:
    """Every value of the collaborative this reader may see (other organisations' drafts
    left out), each with its `report_status`."""
    qs = with_status(Value.objects.filter(collaborative_id=audience.collaborative.pk))
    return audience.visible(qs, organisation="organisation_id", status="report_status")


@dataclass(frozen=True)
class ShownValue:
    row: Value
    shown: Shown

    @property
    def status(self) -> str:
        return getattr(self.row, "report_status", "draft")


def _figure(v: Value) -> Figure:
    return Figure(v.value, v.numerator, v.denominator)


def disclose_block(
    audience: Audience, indicator: Indicator, rows: Iterable[Value]
) -> dict[tuple[int, str], Shown]:
    """One block's visible values, keyed (organisation id, disaggregation), as shown."""
    figures = {(v.organisation_id, v.disaggregation): _figure(v) for v in rows}
    return audience.breakdown(figures, indicator, group=dimension)


def disclose(audience: Audience, rows: list[Value]) -> list[ShownValue]:
    """`rows` (visible values, any subset) as shown, each judged within its whole block."""
    if audience.sees_everything:
        return [ShownValue(v, Shown.plain(_figure(v))) for v in rows]
    blocks = {(v.indicator_id, v.period_id) for v in rows}
    if not blocks:
        return []
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            collaborative_id=audience.collaborative.pk, pk__in={b[0] for b in blocks}
        )
    }
    whole = visible_values(audience).filter(
        indicator_id__in=list(indicators), period_id__in={b[1] for b in blocks}
    )
    grouped: dict[Block, list[Value]] = {}
    for v in whole:
        if (v.indicator_id, v.period_id) in blocks:
            grouped.setdefault((v.indicator_id, v.period_id), []).append(v)
    shown = {
        block: disclose_block(audience, indicators[block[0]], values)
        for block, values in grouped.items()
    }
    return [
        ShownValue(v, shown[(v.indicator_id, v.period_id)][(v.organisation_id, v.disaggregation)])
        for v in rows
        if v.indicator_id in indicators  # not an orphan row (see `braid check_values`)
    ]


def stream(audience: Audience, indicators: dict[int, Indicator]) -> Iterator[ShownValue]:
    """Every visible value of the collaborative, block by block, as shown (the export)."""
    qs = visible_values(audience).order_by(
        "indicator_id", "period_id", "organisation_id", "disaggregation"
    )
    for (indicator_id, _period), group in groupby(
        qs.iterator(chunk_size=5000), key=lambda v: (v.indicator_id, v.period_id)
    ):
        values = list(group)
        if indicator_id not in indicators:  # an orphan row (see `braid check_values`)
            continue
        shown = disclose_block(audience, indicators[indicator_id], values)
        for v in values:
            yield ShownValue(v, shown[(v.organisation_id, v.disaggregation)])

"""Reads of the shared-measures module: what a partner owes, the scorecard, one indicator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Figure
from braid.measures import disclosure
from braid.measures.models import (
    Indicator,
    Period,
    Story,
    Submission,
    SubmissionStatus,
    Value,
)

# The scorecard's reads live in braid.measures.scorecard; re-exported for callers of selectors.
from braid.measures.scorecard import ScoreRow as ScoreRow
from braid.measures.scorecard import scorecard as scorecard
from braid.partners.models import Organisation


def indicators(access: Access) -> QuerySet[Indicator]:
    return (
        access.scope(Indicator)
        .filter(archived_at__isnull=True)
        .select_related("baseline_period")
        .prefetch_related("reporters")
    )


def indicators_all() -> QuerySet[Indicator]:
    """Indicators with what their pages and the API show beside them (archived ones too);
    scope it with `access.scope` or `access.get_owned`."""
    return Indicator.objects.select_related("baseline_period").prefetch_related("reporters")


@dataclass
class Owed:
    period: Period
    submission: Submission | None
    indicators: list[Indicator]

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else SubmissionStatus.DRAFT

    @property
    def late(self) -> bool:
        return self.status in ("draft", "returned") and self.period.due_date < timezone.localdate()


def owed(access: Access, organisation_id: int, *, horizon_days: int = 45) -> list[Owed]:
    """Periods this organisation reports for, from the oldest not yet submitted to those due soon."""
    mine = list(indicators(access).filter(reporters=organisation_id))
    frequencies = {i.frequency for i in mine}
    today = timezone.localdate()
    periods = (
        access.scope(Period)
        .filter(
            frequency__in=frequencies,
            start__lte=today + dt.timedelta(days=horizon_days),
            end__lte=today + dt.timedelta(days=horizon_days),
        )
        .order_by("-end")[:24]
    )
    subs = {
        s.period_id: s for s in access.scope(Submission).filter(organisation_id=organisation_id)
    }
    out = []
    for p in periods:
        s = subs.get(p.pk)
        if (
            s is None
            or s.status != SubmissionStatus.APPROVED
            or p.end >= today - dt.timedelta(days=120)
        ):
            out.append(Owed(p, s, [i for i in mine if i.frequency == p.frequency]))
    return out


@dataclass
class PartnerCell:
    organisation: Organisation
    value: float | None
    shown: str
    status: str


def by_partner(access: Access, indicator: Indicator, period: Period) -> list[PartnerCell]:
    """One period's figures by partner, as the reader may see them (the disclosure policy:
    others' drafts left out, "…"; small counts and their complements hidden)."""
    audience = access.audience
    subs = {s.organisation_id: s.status for s in access.scope(Submission).filter(period=period)}
    rows = disclosure.visible_values(audience).filter(indicator=indicator, period=period)
    shown = disclosure.disclose_block(audience, indicator, rows)
    out = []
    for o in indicator.reporters.all():
        status = subs.get(o.pk, SubmissionStatus.DRAFT)
        cell = shown.get((o.pk, ""))
        if cell is None:  # not reported (""), or not to be seen yet ("…")
            text = "" if audience.may_see_value(o.pk, status) else "…"
        else:
            text = audience.text(cell.value, indicator)
        out.append(PartnerCell(o, None if cell is None else cell.value.value, text, status))
    return out


def by_disaggregation(
    access: Access, indicator: Indicator, period: Period
) -> dict[str, list[tuple[str, str, float | None]]]:
    """Approved parts pooled across partners, per dimension, as the reader may see them."""
    approved = set(
        access.scope(Submission)
        .filter(period=period, status=SubmissionStatus.APPROVED)
        .values_list("organisation_id", flat=True)
    )
    sums: dict[tuple[str, str], list[float]] = {}
    for v in Value.objects.filter(
        collaborative_id=access.collaborative.pk, indicator=indicator, period=period
    ).exclude(disaggregation=""):
        if v.organisation_id in approved and v.value is not None:
            dim, _sep, part = v.disaggregation.partition("=")
            pooled = sums.setdefault((dim, part), [0.0, 0.0, 0.0])
            for i, x in enumerate((v.value, v.numerator, v.denominator)):
                pooled[i] += x or 0.0
    figures = {k: _pooled(indicator, *p) for k, p in sums.items()}
    audience = access.audience
    table = audience.table(figures, indicator, col_totals_shown=False)
    out: dict[str, list[tuple[str, str, float | None]]] = {}
    for dim, values in indicator.disaggregations.items():
        out[dim] = []
        for part in values:
            cell = table.get((dim, part))
            if cell is not None:
                out[dim].append((part, audience.text(cell.value, indicator), cell.value.value))
    return out


def _pooled(indicator: Indicator, value: float, num: float, den: float) -> Figure:
    """A part summed across partners: counts add up; a percentage is pooled (the sum of the
    numerators over the sum of the denominators), never the sum of percentages."""
    if not indicator.is_percentage:
        return Figure(value)
    return Figure(100.0 * num / den if den else None, num, den)


def periods(access: Access) -> QuerySet[Period]:
    """The collaborative's reporting periods, newest first (the periods page)."""
    return access.scope(Period).order_by("-start")


def review_periods(access: Access) -> list[Period]:
    """The periods the completeness board shows: the latest six, oldest first."""
    return list(periods(access)[:6])[::-1]


def reports_owed(access: Access, periods: list[Period]) -> set[tuple[int, int]]:
    """(organisation, period) pairs for which a report is owed: the organisation reports at
    least one live indicator of the period's frequency. The one place that says who owes what
    (the completeness board, reminders; `owed` lists one organisation's)."""
    frequencies = {p.frequency for p in periods}
    pairs = set(
        access.scope(Indicator)
        .filter(archived_at__isnull=True, frequency__in=frequencies, reporters__isnull=False)
        .values_list("reporters", "frequency")
        .distinct()
    )
    return {(org, p.pk) for org, freq in pairs for p in periods if p.frequency == freq}


@dataclass(frozen=True)
class BoardCell:
    period: Period
    owed: bool
    submission: Submission | None


def completeness(
    access: Access, periods: list[Period]
) -> list[tuple[Organisation, list[BoardCell]]]:
    """The board: each reporting organisation and, per period, whether a report is owed and
    where it stands."""
    due = reports_owed(access, periods)
    orgs = access.scope(Organisation).filter(pk__in={o for o, _p in due}).order_by("name")
    subs = {
        (s.organisation_id, s.period_id): s
        for s in access.scope(Submission).filter(period__in=periods)
    }
    return [
        (
            org,
            [BoardCell(p, (org.pk, p.pk) in due, subs.get((org.pk, p.pk))) for p in periods],
        )
        for org in orgs
    ]


def stories(access: Access, indicator: Indicator) -> dict[int, Story]:
    return {s.period_id: s for s in access.scope(Story).filter(indicator=indicator)}


def orphan_values(collaborative_id: int) -> dict[str, int]:
    """Values of this collaborative whose indicator, organisation or period is missing (from
    this collaborative): what database foreign keys would have refused."""
    values = Value.objects.filter(collaborative_id=collaborative_id)
    return {
        "indicator": values.exclude(
            indicator_id__in=Indicator.objects.filter(collaborative_id=collaborative_id).values(
                "pk"
            )
        ).count(),
        "organisation": values.exclude(
            organisation_id__in=Organisation.objects.filter(
                collaborative_id=collaborative_id
            ).values("pk")
        ).count(),
        "period": values.exclude(
            period_id__in=Period.objects.filter(collaborative_id=collaborative_id).values("pk")
        ).count(),
    }

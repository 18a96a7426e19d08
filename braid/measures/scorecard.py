"""The scorecard: every indicator's history read once through braid.lib.rba.curve_story, so
that the chart, the verdict, the scorecard row, its sparkline and the API say the same thing.

Reads the per-period aggregates, never the raw values, in a fixed number of queries whatever
the number of indicators (bench `measures.scorecard_page`). Each aggregate goes through the
reader's audience first (braid.collaboratives.disclosure): a figure the reader may not see (a
small count, a percentage of small counts) is no observation at all, so neither the chart, the
forecast, the progress nor a cumulative total can give it away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Audience, Figure
from braid.lib.rba import CurveStory, Observation, Part, clip, cumulative, curve_story
from braid.measures.models import Aggregate, Indicator, Period, Target


@dataclass
class Point:
    """One period of a row: the figure, its forecast and target, and who reported."""

    period: Period
    actual: float | None
    forecast: float | None
    target: float | None
    partners: int
    assigned: int
    hidden: str = ""  # "< 5" or "—" where the reader may not see the figure (actual is None)

    @property
    def complete(self) -> bool:
        return self.partners >= self.assigned


@dataclass
class ScoreRow:
    indicator: Indicator
    points: list[Point] = field(default_factory=list)
    story: CurveStory = field(default_factory=lambda: curve_story([], "up"))
    due: Period | None = None  # the latest period of the indicator's frequency now due
    cumulative_ytd: float | None = None
    cumulative_since_baseline: float | None = None
    objective_ids: list[int] = field(default_factory=list)

    def _at(self, index: int | None) -> Point | None:
        return None if index is None else self.points[index]

    @property
    def latest_point(self) -> Point | None:
        return self._at(self.story.latest)

    @property
    def provisional_point(self) -> Point | None:
        return self._at(self.story.provisional)

    @property
    def latest_period(self) -> Period | None:
        p = self.latest_point
        return p.period if p else None

    @property
    def latest(self) -> float | None:
        return self.story.latest_value

    @property
    def forecast(self) -> float | None:
        return self.story.latest_forecast

    @property
    def baseline(self) -> float | None:
        return self.story.baseline

    @property
    def target(self) -> float | None:
        return self.story.target

    @property
    def progress(self) -> float | None:
        return self.story.progress

    @property
    def trend(self) -> str:
        return self.story.trend

    @property
    def turning(self) -> bool | None:
        return self.story.turning

    @property
    def status(self) -> str:
        """turning, not_turning, no_forecast or no_data: the word and icon a row shows."""
        if self.story.latest is None:
            return "no_data"
        if self.story.turning is None:
            return "no_forecast"
        return "turning" if self.story.turning else "not_turning"

    @property
    def stale(self) -> bool:
        """No complete figure for the latest period now due."""
        latest = self.latest_period
        return self.due is not None and (latest is None or latest.start < self.due.start)

    @property
    def history(self) -> list[tuple[Period, float | None]]:
        return [(p.period, p.actual) for p in self.points]

    @property
    def progress_percent(self) -> int | None:
        p = clip(self.progress)
        return None if p is None else round(100 * p)


def _positions(periods: list[Period]) -> dict[int, int]:
    """Each period's place in its frequency's sequence: consecutive periods differ by one."""
    seen: dict[str, int] = {}
    out: dict[int, int] = {}
    for p in sorted(periods, key=lambda p: p.start):
        out[p.pk] = seen.get(p.frequency, 0)
        seen[p.frequency] = out[p.pk] + 1
    return out


def scorecard(
    access: Access, *, objective_id: int | None = None, indicator_id: int | None = None
) -> list[ScoreRow]:
    """Every indicator's story: its latest complete figure, forecast, turn, trend and progress."""
    inds = (
        access.scope(Indicator)
        .filter(archived_at__isnull=True)
        .select_related("baseline_period")
        .prefetch_related("objectives")
    )
    if objective_id:
        inds = inds.filter(objectives=objective_id)
    if indicator_id:
        inds = inds.filter(pk=indicator_id)
    rows = {i.pk: ScoreRow(i, objective_ids=[o.pk for o in i.objectives.all()]) for i in inds}
    periods = {p.pk: p for p in access.scope(Period)}
    aggs: dict[int, dict[int, tuple[Part, int, int]]] = {}
    chosen = Aggregate.objects.filter(collaborative_id=access.collaborative.pk)
    if indicator_id or objective_id:
        chosen = chosen.filter(indicator_id__in=list(rows))
    columns = ("indicator_id", "period_id", "value", "numerator", "denominator")
    hidden: dict[tuple[int, int], str] = {}
    audience = access.audience
    for ind_id, period_id, value, num, den, partners, assigned in chosen.values_list(
        *columns, "partners", "assigned"
    ):
        if ind_id in rows:
            part = _disclosed(audience, rows[ind_id].indicator, Part(value, num, den))
            if isinstance(part, str):
                hidden[(ind_id, period_id)], part = part, Part(None)
            aggs.setdefault(ind_id, {})[period_id] = (part, partners, assigned)
    targets: dict[int, dict[int, float]] = {}
    for ind_id, period_id, value in Target.objects.filter(
        collaborative_id=access.collaborative.pk, indicator_id__in=list(rows)
    ).values_list("indicator_id", "period_id", "value"):
        targets.setdefault(ind_id, {})[period_id] = value
    positions = _positions(list(periods.values()))
    due = _due(list(periods.values()), timezone.localdate())
    for pk, row in rows.items():
        row.due = due.get(row.indicator.frequency)
        _score(row, periods, positions, aggs.get(pk, {}), targets.get(pk, {}))
        _hide(row, hidden)
    return list(rows.values())


def _disclosed(audience: Audience, indicator: Indicator, part: Part) -> Part | str:
    """The aggregate as the reader may see it, or the text shown in its place."""
    shown = audience.figure(Figure(part.value, part.numerator, part.denominator), indicator)
    return audience.text(shown.value, indicator) if shown.suppressed else part


def _hide(row: ScoreRow, hidden: dict[tuple[int, int], str]) -> None:
    """Mark the points the reader may not see; a cumulative total over any of them is not
    shown (with the other figures it would give the hidden one away)."""
    for point in row.points:
        point.hidden = hidden.get((row.indicator.pk, point.period.pk), "")
    latest = row.latest_period
    if latest is None or not any(p.hidden for p in row.points if p.period.start <= latest.start):
        return
    row.cumulative_ytd = row.cumulative_since_baseline = None


def _due(periods: list[Period], today: dt.date) -> dict[str, Period]:
    out: dict[str, Period] = {}
    for p in sorted(periods, key=lambda p: p.start):
        if p.due_date < today:
            out[p.frequency] = p
    return out


def _score(
    row: ScoreRow,
    periods: dict[int, Period],
    positions: dict[int, int],
    aggs: dict[int, tuple[Part, int, int]],
    targets: dict[int, float],
) -> None:
    ind = row.indicator
    keys = sorted(
        (pk for pk in set(aggs) | set(targets) if periods[pk].frequency == ind.frequency),
        key=lambda pk: periods[pk].start,
    )
    observations = []
    for pk in keys:
        part, partners, assigned = aggs.get(pk, (Part(None), 0, 0))
        observations.append(
            Observation(positions[pk], part.value, targets.get(pk), partners >= assigned)
        )
    baseline_at = positions.get(ind.baseline_period_id) if ind.baseline_period_id else None
    row.story = curve_story(
        observations, ind.direction, baseline=ind.baseline_value, baseline_at=baseline_at
    )
    for pk, o, f in zip(keys, observations, row.story.forecasts, strict=True):
        _part, partners, assigned = aggs.get(pk, (Part(None), 0, 0))
        row.points.append(Point(periods[pk], o.actual, f, o.target, partners, assigned))
    latest = row.latest_period
    if latest is None:
        return
    done = [
        (p.period, aggs[p.period.pk][0])
        for p in row.points
        if p.period.pk in aggs and p.complete and p.period.start <= latest.start
    ]
    row.cumulative_ytd = cumulative(
        ind.is_percentage, [a for p, a in done if p.start.year == latest.start.year]
    )
    since = ind.baseline_period.start if ind.baseline_period else done[0][0].start
    row.cumulative_since_baseline = cumulative(
        ind.is_percentage, [a for p, a in done if p.start >= since]
    )

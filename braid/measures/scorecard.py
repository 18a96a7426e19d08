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
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Audience, Figure
from braid.lib.rba import CurveStory, Observation, Part, clip, cumulative, curve_story
from braid.measures.models import Aggregate, Indicator, Period, Target

# An aggregate as the scorecard reads it: value, numerator, denominator, partners, assigned.
Agg = tuple[float | None, float | None, float | None, int, int]
NO_FIGURE: Agg = (None, None, None, 0, 0)
NO_STORY = curve_story([], "up")


@dataclass(slots=True)
class Point:
    """One period of a row: the figure, its forecast and target, and who reported."""

    period: Period
    actual: float | None
    forecast: float | None
    target: float | None
    partners: int
    assigned: int
    numerator: float | None = None
    denominator: float | None = None
    hidden: str = ""  # "< 5" or "—" where the reader may not see the figure (actual is None)

    @property
    def complete(self) -> bool:
        return self.partners >= self.assigned


@dataclass
class ScoreRow:
    indicator: Indicator
    story: CurveStory = NO_STORY
    due: Period | None = None  # the latest period of the indicator's frequency now due
    objective_ids: list[int] = field(default_factory=list)
    # The periods the story reads and their aggregates, in time order (story.observations).
    periods: list[Period] = field(default_factory=list)
    figures: list[Agg] = field(default_factory=list)
    hidden: dict[int, str] = field(default_factory=dict)  # period id: what is shown instead

    def point(self, i: int) -> Point:
        a = self.figures[i]
        o = self.story.observations[i]
        period = self.periods[i]
        return Point(
            period,
            a[0],
            self.story.forecasts[i],
            o.target,
            a[3],
            a[4],
            a[1],
            a[2],
            self.hidden.get(period.pk, ""),
        )

    @cached_property
    def points(self) -> list[Point]:
        """Every period as the chart and its table show it (built when asked: the scorecard
        page only needs the latest few)."""
        return [self.point(i) for i in range(len(self.periods))]

    def last_points(self, n: int) -> list[Point]:
        return [self.point(i) for i in range(max(0, len(self.periods) - n), len(self.periods))]

    def _done(self) -> list[tuple[Period, Part]]:
        """Complete figures up to the latest, as parts for the cumulative rules; none when the
        reader may not see one of them (with the others, the total would give it away)."""
        latest = self.latest_period
        if latest is None or any(
            p.start <= latest.start for p in self.periods if p.pk in self.hidden
        ):
            return []
        return [
            (p.period, Part(p.actual, p.numerator, p.denominator))
            for p in self.points
            if p.actual is not None and p.complete and p.period.start <= latest.start
        ]

    @property
    def cumulative_ytd(self) -> float | None:
        """This year's complete figures: the sum of counts, or the pooled percentage."""
        done = self._done()
        if not done:
            return None
        year = done[-1][0].start.year
        return cumulative(
            self.indicator.is_percentage, [a for p, a in done if p.start.year == year]
        )

    @property
    def cumulative_since_baseline(self) -> float | None:
        done = self._done()
        if not done:
            return None
        ind = self.indicator
        since = ind.baseline_period.start if ind.baseline_period else done[0][0].start
        return cumulative(ind.is_percentage, [a for p, a in done if p.start >= since])

    def _at(self, index: int | None) -> Point | None:
        return None if index is None else self.point(index)

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
        return [(p, a[0]) for p, a in zip(self.periods, self.figures, strict=True)]

    @property
    def progress_percent(self) -> int | None:
        p = clip(self.progress)
        return None if p is None else round(100 * p)


def _in_order(periods: list[Period]) -> dict[str, list[tuple[int, Period, int]]]:
    """Each frequency's periods in time order as (id, period, place in that sequence):
    consecutive periods differ by one."""
    out: dict[str, list[tuple[int, Period, int]]] = {}
    for p in sorted(periods, key=lambda p: p.start):
        seq = out.setdefault(p.frequency, [])
        seq.append((p.pk, p, len(seq)))
    return out


@dataclass
class Frame:
    """What every row of a scorecard reads besides its own aggregates: the indicators (as rows
    with their objectives and the period now due), the periods in order, the targets."""

    rows: dict[int, ScoreRow]
    periods: list[Period]
    order: dict[str, list[tuple[int, Period, int]]]
    positions: dict[int, int]
    targets: dict[int, dict[int, float]]


def frame(
    access: Access, *, objective_id: int | None = None, indicator_id: int | None = None
) -> Frame:
    """The indicators read (not archived; of one objective, or one), their objectives, every
    period of the collaborative and the indicators' targets: four queries."""
    inds = access.scope(Indicator).filter(archived_at__isnull=True)
    if objective_id:
        inds = inds.filter(objectives=objective_id)
    if indicator_id:
        inds = inds.filter(pk=indicator_id)
    periods = list(access.scope(Period))
    by_pk = {p.pk: p for p in periods}
    rows = {}
    baseline = Indicator._meta.get_field("baseline_period")
    for ind in inds:
        # The baseline period from the periods read above: no join, and no checks of a new
        # value (assigning it through the field costs more than the row's whole story).
        if ind.baseline_period_id in by_pk:
            baseline.set_cached_value(ind, by_pk[ind.baseline_period_id])
        rows[ind.pk] = ScoreRow(ind)
    # Of the whole collaborative when reading every row: no list of 200 ids to send.
    some = {"indicator_id__in": list(rows)} if objective_id or indicator_id else {}
    for ind_id, objective_id_ in Indicator.objectives.through.objects.filter(
        indicator__collaborative_id=access.collaborative.pk, **some
    ).values_list("indicator_id", "objective_id"):
        if ind_id in rows:
            rows[ind_id].objective_ids.append(objective_id_)
    targets: dict[int, dict[int, float]] = {}
    for ind_id, period_id, value in Target.objects.filter(
        collaborative_id=access.collaborative.pk, **some
    ).values_list("indicator_id", "period_id", "value"):
        targets.setdefault(ind_id, {})[period_id] = value
    order = _in_order(periods)
    positions = {pk: at for seq in order.values() for pk, _p, at in seq}
    due = _due(periods, timezone.localdate())
    for row in rows.values():
        row.due = due.get(row.indicator.frequency)
    return Frame(rows, periods, order, positions, targets)


def scorecard(
    access: Access, *, objective_id: int | None = None, indicator_id: int | None = None
) -> list[ScoreRow]:
    """Every indicator's story: its latest complete figure, forecast, turn, trend and progress."""
    f = frame(access, objective_id=objective_id, indicator_id=indicator_id)
    chosen = Aggregate.objects.filter(collaborative_id=access.collaborative.pk)
    if indicator_id or objective_id:
        chosen = chosen.filter(indicator_id__in=list(f.rows))
    score(f, f.rows, chosen, access.audience)
    return list(f.rows.values())


def score(
    f: Frame, rows: dict[int, ScoreRow], chosen: QuerySet[Aggregate], audience: Audience
) -> None:
    """Tell `rows` (some of the frame's) their story from the `chosen` aggregates."""
    aggs = _read_aggregates(chosen, rows, audience)
    for pk, row in rows.items():
        _score(row, f.order, f.positions, aggs[pk], f.targets.get(pk, {}))


def _read_aggregates(
    chosen: QuerySet[Aggregate], rows: dict[int, ScoreRow], audience: Audience
) -> dict[int, dict[int, Agg]]:
    """{indicator id: {period id: Agg}}, each figure as the reader may see it (one pass over
    every aggregate of the collaborative: 12,000 for 200 indicators × 60 months)."""
    aggs: dict[int, dict[int, Agg]] = {ind_id: {} for ind_id in rows}
    columns = ("indicator_id", "period_id", "value", "numerator", "denominator")
    read = chosen.values_list(*columns, "partners", "assigned")
    if audience.sees_everything:
        for r in read:
            if r[0] in aggs:
                aggs[r[0]][r[1]] = r[2:]
        return aggs
    for ind_id, period_id, value, num, den, partners, assigned in read:
        if ind_id in rows:
            row = rows[ind_id]
            shown = _disclosed(audience, row.indicator, value, num, den)
            if shown:
                row.hidden[period_id], value, num, den = shown, None, None, None
            aggs[ind_id][period_id] = (value, num, den, partners, assigned)
    return aggs


def _disclosed(
    audience: Audience,
    indicator: Indicator,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> str:
    """ "" when the reader may see the aggregate, else the text shown in its place."""
    if audience.sees_everything:
        return ""
    shown = audience.figure(Figure(value, numerator, denominator), indicator)
    return audience.text(shown.value, indicator) if shown.suppressed else ""


def _due(periods: list[Period], today: dt.date) -> dict[str, Period]:
    out: dict[str, Period] = {}
    for p in sorted(periods, key=lambda p: p.start):
        if p.due_date < today:
            out[p.frequency] = p
    return out


def _score(
    row: ScoreRow,
    order: dict[str, list[tuple[int, Period, int]]],
    positions: dict[int, int],
    aggs: dict[int, Agg],
    targets: dict[int, float],
) -> None:
    """The row's periods (those of its frequency with a figure or a target), in time order,
    and the story they tell."""
    ind = row.indicator
    chosen = [c for c in order.get(ind.frequency, ()) if c[0] in aggs or c[0] in targets]
    figures = [aggs.get(pk, NO_FIGURE) for pk, _p, _at in chosen]
    observations = [
        Observation(at, a[0], targets.get(pk), a[3] >= a[4])
        for (pk, _p, at), a in zip(chosen, figures, strict=True)
    ]
    baseline_at = positions.get(ind.baseline_period_id) if ind.baseline_period_id else None
    row.story = curve_story(
        observations, ind.direction, baseline=ind.baseline_value, baseline_at=baseline_at
    )
    row.periods, row.figures = [p for _pk, p, _at in chosen], figures

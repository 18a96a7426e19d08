"""How a scorecard row is told: the one helper that writes a figure, the verdict sentence, the
chart spec, the sparkline and the headline. All of them read the row's CurveStory
(braid.lib.rba.curve_story), so none can disagree with another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from braid.core import bilingual
from braid.lib.rba import parts_sum_mismatch
from braid.lib.sparkline import Spark, sparkline
from braid.measures import dimensions
from braid.measures.charts import chart_spec as chart_spec  # the chart, told here too
from braid.measures.models import Indicator
from braid.measures.scorecard import ScoreRow


def figure(indicator: Indicator, value: float | None) -> str:
    """The one way a figure of an indicator is written: its decimals, the reader's locale, and
    " %" for a percentage. Every figure the scorecard, the chart table and the verdict show
    goes through here."""
    return Figures().write(indicator, value)


class Figures:
    """`figure` for many figures in one language: the locale's separators are read once (the
    scorecard page writes about 1,200 figures), the text is exactly number_format's."""

    def __init__(self) -> None:
        lang = get_language()
        self.decimal = get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
        self.grouping = get_format("NUMBER_GROUPING", lang, use_l10n=True)
        self.thousands = get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)

    def write(self, indicator: Indicator, value: float | None) -> str:
        if value is None:
            return "—"
        d = indicator.decimals
        shown = numberformat.format(
            round(value, d), self.decimal, d, self.grouping, self.thousands, use_l10n=True
        )
        return f"{shown} %" if indicator.is_percentage else shown


def _trends() -> dict[str, str]:
    return {"improving": _("improving"), "worsening": _("worsening"), "flat": _("flat")}


def trend_words(row: ScoreRow) -> str:
    return _trends()[row.trend]


def verdict(row: ScoreRow, words: Words | None = None) -> str:
    """One sentence: the latest complete figure, its forecast, the turn and the trend."""
    point = row.latest_point
    if point is None:
        return _("No complete figure yet: there is no curve to read.")
    w = words or Words()
    args = {
        "period": point.period.code,
        "actual": w.figures.write(row.indicator, point.actual),
        "forecast": w.figures.write(row.indicator, point.forecast),
        "trend": w.trends[row.trend],
    }
    if row.turning is None:
        return (
            _(
                "%(period)s: %(actual)s. Too few figures before it to forecast; the trend is %(trend)s."
            )
            % args
        )
    if row.turning:
        return (
            _(
                "%(period)s: %(actual)s, better than the baseline forecast of %(forecast)s: "
                "the curve is turning. The trend is %(trend)s."
            )
            % args
        )
    return (
        _(
            "%(period)s: %(actual)s, not better than the baseline forecast of %(forecast)s: "
            "the curve is not turning yet. The trend is %(trend)s."
        )
        % args
    )


def coverage(row: ScoreRow) -> str:
    """ "1 of 2 partners reported" for a provisional figure; "" when there is none."""
    p = row.provisional_point
    if p is None:
        return ""
    return ngettext(
        "%(n)s of %(m)s partner reported", "%(n)s of %(m)s partners reported", p.assigned
    ) % {"n": p.partners, "m": p.assigned}


@dataclass(frozen=True)
class Headline:
    total: int
    turning: int
    stale: int

    def __str__(self) -> str:
        first = ngettext(
            "%(n)s of %(total)s measures is turning the curve",
            "%(n)s of %(total)s measures are turning the curve",
            self.turning,
        ) % {"n": self.turning, "total": self.total}
        second = ngettext(
            "%(n)s has no figure yet for its latest period due",
            "%(n)s have no figure yet for their latest period due",
            self.stale,
        ) % {"n": self.stale}
        return _("%(first)s; %(second)s.") % {"first": first, "second": second}


def headline(rows: Sequence[ScoreRow]) -> Headline:
    return Headline(
        total=len(rows),
        turning=sum(1 for r in rows if r.turning),
        stale=sum(1 for r in rows if r.stale),
    )


SPARK_PERIODS = 24


def spark(row: ScoreRow) -> Spark:
    """The row's sparkline: the last 24 periods' complete figures, their forecast and the
    target the row is judged by."""
    observations = row.story.observations[-SPARK_PERIODS:]
    return sparkline(
        [o.actual if o.complete else None for o in observations],
        row.story.forecasts[-SPARK_PERIODS:],
        row.target,
    )


@dataclass(frozen=True)
class Line:
    """A scorecard row as the page shows it: every figure already written by `figure`, every
    word already chosen, so the page's template only places them (200 rows a page)."""

    row: ScoreRow
    latest: str
    baseline: str
    target: str
    forecast: str
    provisional: str  # the newer partial figure, "" when there is none
    coverage: str
    verdict: str
    spark: Spark
    status_icon: str
    status_words: str
    url: str = ""
    kind: str = ""  # quadrant · direction
    code: str = ""
    name: bilingual.Shown | str = ""
    status: str = ""  # ScoreRow.status
    trend: str = ""  # ScoreRow.trend
    trend_words: str = ""
    arrow: str = ""  # which way the figures move (as the chart shows them): ↗, ↘ or →
    period: str = ""  # the latest complete figure's period code
    provisional_period: str = ""
    stale_due: str = ""  # the period now due with no complete figure yet, "" when not stale
    progress: int | None = None  # ScoreRow.progress_percent
    spark_svg: str = ""  # the sparkline's SVG (safe: written by spark_svg)


def arrow(row: ScoreRow) -> str:
    """Which way the figures move (as the chart shows them): ↗, ↘ or →."""
    if row.trend == "flat":
        return "→"
    rising = (row.trend == "improving") == (row.indicator.direction == "up")
    return "↗" if rising else "↘"


def status_words() -> dict[str, tuple[str, str]]:
    """Each status's icon and words: never colour alone."""
    return {
        "turning": ("✔", _("Turning the curve")),
        "not_turning": ("✘", _("Not turning yet")),
        "no_forecast": ("○", _("Too few figures to forecast")),
        "no_data": ("—", _("No figures yet")),
    }


class Words:
    """What every row of one page writes in the reader's language, looked up once: the
    figures' separators, the status and trend words, the sparkline's label, the kinds."""

    def __init__(self) -> None:
        self.figures = Figures()
        self.status = status_words()
        self.trends = _trends()
        self.spark_label = _("Figures, baseline forecast (dashed) and target (green)")
        self.kinds: dict[tuple[str, str], str] = {}

    def kind(self, ind: Indicator) -> str:
        key = (ind.quadrant, ind.direction)
        if key not in self.kinds:
            self.kinds[key] = f"{ind.get_quadrant_display()} · {ind.get_direction_display()}"
        return self.kinds[key]


def spark_svg(s: Spark, label: str) -> SafeString:
    """The sparkline drawn: the target line, the forecast (dashed) and the figures, a dot on
    the latest; "" when there is nothing to draw."""
    if not s.actual:
        return SafeString("")
    target = (
        ""
        if s.target_y is None
        else format_html(
            '<line class="spark-target" x1="0" x2="120" y1="{}" y2="{}"/>', s.target_y, s.target_y
        )
    )
    forecast = (
        format_html('<polyline class="spark-forecast" points="{}"/>', s.forecast)
        if s.forecast
        else ""
    )
    last = (
        format_html('<circle class="spark-last" cx="{}" cy="{}" r="2.5"/>', *s.last)
        if s.last
        else ""
    )
    return format_html(
        '<svg class="spark" viewBox="0 0 120 28" width="130" height="30" role="img" '
        'aria-label="{}">{}{}<polyline class="spark-actual" points="{}"/>{}</svg>',
        label,
        target,
        forecast,
        s.actual,
        last,
    )


def line(row: ScoreRow, words: Words | None = None, url: str = "") -> Line:
    w = words or Words()
    ind = row.indicator
    latest, p = row.latest_point, row.provisional_point
    icon, label = w.status[row.status]
    drawn = spark(row)
    return Line(
        url=url,
        kind=w.kind(ind),
        status_icon=icon,
        status_words=label,
        row=row,
        latest=w.figures.write(ind, row.latest),
        baseline=w.figures.write(ind, row.baseline),
        target=w.figures.write(ind, row.target),
        forecast=w.figures.write(ind, row.forecast),
        provisional="" if p is None else w.figures.write(ind, p.actual),
        coverage=coverage(row),
        verdict=verdict(row, w),
        spark=drawn,
        code=ind.code,
        name=bilingual.pick(ind, "name"),
        status=row.status,
        trend=row.trend,
        trend_words=w.trends[row.trend],
        arrow=arrow(row),
        period=latest.period.code if latest else "",
        provisional_period=p.period.code if p else "",
        stale_due=row.due.code if row.stale and row.due else "",
        progress=row.progress_percent,
        spark_svg=spark_svg(drawn, w.spark_label),
    )


GROUPINGS = ("objective", "goal")


def groups(
    rows: Sequence[ScoreRow],
    objectives: Sequence[tuple[int, str, int, str]],
    group: str,
    *,
    slug: str = "",
) -> list[tuple[str, list[Line]]]:
    """`group_rows`, each row as the page shows it (a `Line`)."""
    words = Words()
    # One reverse() for the page: the indicator's id is the last part of its address.
    base = reverse("measures:indicator", args=[slug, 0])[:-2] if slug else ""
    lines = {
        r.indicator.pk: line(r, words, f"{base}{r.indicator.pk}/" if slug else "") for r in rows
    }
    return [
        (title, [lines[r.indicator.pk] for r in placed])
        for title, placed in group_rows(rows, objectives, group)
    ]


def group_rows(
    rows: Sequence[ScoreRow], objectives: Sequence[tuple[int, str, int, str]], group: str
) -> list[tuple[str, list[ScoreRow]]]:
    """Rows under each objective (or each goal, the result its objectives serve), in the
    agenda's order, then those linked to none; one untitled group when not grouping.
    `objectives` is (objective id, title, goal id, goal title), from the agenda's selectors."""
    if group not in GROUPINGS:
        return [("", list(rows))]
    titles: dict[int, str] = {}
    key_of: dict[int, int] = {}
    for objective_id, title, goal_id, goal_title in objectives:
        key_of[objective_id] = goal_id if group == "goal" else objective_id
        titles.setdefault(key_of[objective_id], goal_title if group == "goal" else title)
    out: dict[int, list[ScoreRow]] = {k: [] for k in titles}
    placed: set[int] = set()
    for r in rows:
        for key in dict.fromkeys(key_of[o] for o in r.objective_ids if o in key_of):
            out[key].append(r)
            placed.add(r.indicator.pk)
    result = [(titles[k], v) for k, v in out.items() if v]
    rest = [r for r in rows if r.indicator.pk not in placed]
    if rest:
        result.append((_("Not linked to an objective"), rest))
    return result


def table(row: ScoreRow) -> list[dict[str, Any]]:
    """The chart's figures per period, newest first: actual, forecast, target, who reported."""
    ind = row.indicator
    return [
        {
            "period": p.period,
            "actual": p.hidden or figure(ind, p.actual),
            "forecast": figure(ind, p.forecast),
            "target": figure(ind, p.target),
            "provisional": p.actual is not None and not p.complete,
            "coverage": ngettext(
                "%(n)s of %(m)s partner reported", "%(n)s of %(m)s partners reported", p.assigned
            )
            % {"n": p.partners, "m": p.assigned},
        }
        for p in reversed(row.points)
    ]


def breakdown_gaps(
    indicator: Indicator,
    total: float | None,
    parts: dict[str, list[tuple[str, str, float | None]]],
) -> list[str]:
    """A note per dimension whose groups do not add up to the period's total (counts summed
    across partners only: means and percentages are not sums). A dimension with a hidden
    group is not checked, since its sum would give the hidden figure away."""
    if total is None or indicator.is_percentage or indicator.aggregation != "sum":
        return []
    notes = []
    for dim, values in parts.items():
        figures = [v for _part, _shown, v in values]
        if not figures or any(v is None for v in figures):
            continue
        known = [v for v in figures if v is not None]
        if parts_sum_mismatch(total, known) is not None:
            notes.append(
                _(
                    "The %(dim)s groups add up to %(sum)s, not the total of %(total)s: some "
                    "partners reported no breakdown, or only part of one."
                )
                % {
                    "dim": dimensions.label(indicator, dim).text,
                    "sum": figure(indicator, sum(known)),
                    "total": figure(indicator, total),
                }
            )
    return notes

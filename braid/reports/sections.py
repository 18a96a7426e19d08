"""The sections a report can hold, as a registry other modules' sections plug into.

A section is a key, a title, and a `build(scope)` that reads the collaborative through its
selectors as the scope's reader may see it (the disclosure policy decides; nothing here
recomputes a figure: the scorecard rows, their verdicts, charts and tables come from
braid.measures.scorecard and present) and returns plain JSON data, every figure already
written in the active language. The same data is shown by the web preview, the PDF, the
frozen snapshot and the public page (`templates/reports/sections/<key>.html`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.formatting import money

Content = dict[str, Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise | str
    build: Callable[[Scope], Content]
    order: int = 100
    description: Promise | str = ""
    public: bool = False  # may be shown on the public page
    available: Callable[[Access], bool] | None = None  # None: always offered


_registry: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section (a module calls it in its AppConfig.ready(), or braid.reports does it
    from that module's selectors once the module exists)."""
    _registry[section.key] = section


def all_sections(access: Access | None = None) -> list[Section]:
    found = sorted(_registry.values(), key=lambda s: (s.order, s.key))
    if access is None:
        return found
    return [s for s in found if s.available is None or s.available(access)]


def get(key: str) -> Section | None:
    return _registry.get(key)


# The sections each template starts with (a steward may add or remove any).
TEMPLATE_SECTIONS: dict[str, list[str]] = {
    "annual": [
        "agenda",
        "headline",
        "indicators",
        "disaggregations",
        "plan",
        "decisions",
        "resources",
        "network",
        "surveys",
        "lessons",
        "engagement",
    ],
    "quarterly": ["headline", "indicators", "plan", "decisions", "engagement"],
    "funder": ["headline", "indicators", "disaggregations", "resources", "lessons"],
    "custom": ["headline", "indicators"],
}


def template_sections(template: str) -> list[str]:
    """The sections a report of this template starts with (a steward may change them)."""
    return [k for k in TEMPLATE_SECTIONS.get(template, []) if k in _registry]


class Scope:
    """What one build of a report reads: the reader, the period, the chosen indicators. Reads
    shared by several sections (the scorecard) are made once."""

    def __init__(
        self,
        reader: Access,
        start: dt.date,
        end: dt.date,
        indicator_ids: list[int] | tuple[int, ...] = (),
        *,
        today: dt.date | None = None,
    ) -> None:
        self.reader = reader
        self.start = start
        self.end = end
        self.indicator_ids = tuple(indicator_ids)
        self.today = today or dt.date.today()

    @property
    def window_start(self) -> dt.date:
        """Charts and their tables show the report's period and the one as long before it,
        so the reader sees where the figures came from (the story itself reads them all)."""
        return self.start - (self.end - self.start) - dt.timedelta(days=1)

    @cached_property
    def rows(self) -> list[Any]:
        from braid.measures.scorecard import scorecard

        return scorecard(self.reader)

    @cached_property
    def chosen_rows(self) -> list[Any]:
        """The chosen indicators in the scorecard's order (every indicator when none is chosen)."""
        if not self.indicator_ids:
            return self.rows
        wanted = set(self.indicator_ids)
        return [r for r in self.rows if r.indicator.pk in wanted]


def day(d: dt.date | None) -> str:
    return date_format(d, "DATE_FORMAT") if d else ""


def written(source: object, field: str) -> Content | str:
    """A text written in both languages (ADR 0015: `x` and `x_fr`) as the active language
    gives it, as plain data a snapshot keeps: {"text", "lang", "fallback"} (the other
    language's text, marked, when the reader's is empty; "" when both are). The templates
    print it with the `written` filter."""
    return frozen(bilingual.pick(source, field))


def frozen(shown: bilingual.Shown) -> Content | str:
    """A picked text as `written` keeps it in a snapshot."""
    if not shown:
        return ""
    return {"text": shown.text, "lang": shown.lang, "fallback": shown.fallback}


def plain(value: Content | str) -> str:
    """The text of `written`'s answer, for a sentence built around it."""
    return str(value["text"]) if isinstance(value, dict) else str(value)


def _in_sentence(name: str) -> str:
    """A heading-style name inside a sentence ("by gender", "par genre"); a name whose second
    letter is a capital too (an acronym such as "LGBTQ") is kept as written."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def table(
    columns: list[str],
    rows: list[list[Any]],
    numeric: tuple[int, ...] = (),
    dates: tuple[int, ...] = (),
) -> Content:
    """A report table; `numeric` columns align right, `dates` columns (a period's code such as
    "2026-Q3", a date) never break across lines, both by column index."""
    return {"columns": columns, "rows": rows, "numeric": list(numeric), "dates": list(dates)}


# --- Common agenda and what changed --------------------------------------------------------


def _agenda(scope: Scope) -> Content:
    from braid.agenda.models import AgendaVersion
    from braid.agenda.selectors import endorsements, versions

    found = list(versions(scope.reader))
    current = found[0] if found else None
    if current is None:
        return {"empty": _("No common agenda has been written yet.")}
    fields = [
        {"label": AgendaVersion.label(f), "text": written(current, f)}
        for f in ("problem", "vision", "north_star")
        if not bilingual.is_blank(current, f)
    ]
    changed = [
        {
            "number": v.number,
            "date": day(v.created_at.date()),
            "note": written(v, "change_note") or _("(no note)"),
        }
        for v in reversed(found)
        if scope.start <= v.created_at.date() <= scope.end
    ]
    given = endorsements(scope.reader, current)
    return {
        "version": current.number,
        "fields": fields,
        "changed": changed,
        "endorsed": sum(1 for e in given if e.endorsement),
        "partners": len(given),
    }


# --- Headline scorecard --------------------------------------------------------------------


def _headline(scope: Scope) -> Content:
    from braid.measures import present

    rows = scope.rows
    if not rows:
        return {"empty": _("No shared measure yet.")}
    words = present.Words()
    lines = [present.line(r, words) for r in rows]
    return {
        "headline": str(present.headline(rows)),
        "table": table(
            [
                _("Measure"),
                _("Latest"),
                _("Period"),
                _("Baseline"),
                _("Target"),
                _("Progress"),
                _("Curve"),
            ],
            [
                [
                    written(r.indicator, "name"),
                    ln.latest,
                    r.latest_period.code if r.latest_period else "—",
                    ln.baseline,
                    ln.target,
                    "—" if r.progress_percent is None else f"{r.progress_percent} %",
                    f"{ln.status_icon} {ln.status_words}",
                ]
                for r, ln in zip(rows, lines, strict=True)
            ],
            numeric=(1, 3, 4, 5),
            dates=(2,),
        ),
    }


# --- Chosen indicators: chart, table, verdict, story ----------------------------------------


def _indicators(scope: Scope) -> Content:
    from braid.measures import present
    from braid.measures.models import Story

    rows = scope.chosen_rows
    if not rows:
        return {"empty": _("No shared measure yet.")}
    stories: dict[int, list[tuple[dt.date, str, Content | str]]] = {}
    for ind_id, start, code, text, text_fr in (
        scope.reader.scope(Story)
        .filter(indicator_id__in=[r.indicator.pk for r in rows], period__start__lte=scope.end)
        .order_by("-period__start")
        .values_list("indicator_id", "period__start", "period__code", "text", "text_fr")
    ):
        told = written({"text": text, "text_fr": text_fr}, "text")
        stories.setdefault(ind_id, []).append((start, code, told))
    out = []
    since = scope.window_start
    for r in rows:
        ind = r.indicator
        lines = [t for t in present.table(r) if since <= t["period"].start <= scope.end]
        spec = present.chart_spec(r)
        first, last = since.isoformat(), scope.end.isoformat()
        spec["data"]["values"] = [v for v in spec["data"]["values"] if first <= v["period"] <= last]
        name = written(ind, "name")
        out.append(
            {
                "code": ind.code,
                "name": name,
                "definition": written(ind, "definition"),
                "verdict": present.verdict(r),
                "coverage": present.coverage(r),
                "chart": {
                    "id": f"chart-{ind.code}",
                    "spec": spec,
                    "label": _("History, target and baseline forecast of “%(name)s”")
                    % {"name": plain(name)},
                },
                "table": table(
                    [_("Period"), _("Actual"), _("Baseline forecast"), _("Target")],
                    [
                        [
                            t["period"].code + (" ◐" if t["provisional"] else ""),
                            t["actual"],
                            t["forecast"],
                            t["target"],
                        ]
                        for t in lines
                    ],
                    numeric=(1, 2, 3),
                ),
                "stories": [
                    {"period": code, "text": text} for _s, code, text in stories.get(ind.pk, [])[:2]
                ],
            }
        )
    return {"indicators": out}


# --- Disaggregations -----------------------------------------------------------------------


def _disaggregations(scope: Scope) -> Content:
    from braid.measures.dimensions import named_parts
    from braid.measures.selectors import by_disaggregation

    out = []
    for r in scope.chosen_rows:
        ind = r.indicator
        if not ind.disaggregations:
            continue
        name = written(ind, "name")
        # The latest period of the report with a figure the reader may see.
        period = next(
            (
                p.period
                for p in reversed(r.points)
                if p.period.end <= scope.end and p.actual is not None
            ),
            None,
        )
        if period is None:
            continue
        dims = [
            _breakdown(ind, name, period.code, d)
            for d in named_parts(ind, by_disaggregation(scope.reader, ind, period))
            if d["groups"]
        ]
        if dims:
            out.append({"name": name, "period": period.code, "dimensions": dims})
    if not out:
        return {
            "empty": _(
                "None of the chosen indicators has a breakdown with figures for this period."
            )
        }
    return {"indicators": out}


def _breakdown(ind: Any, name: Content | str, period: str, dim: dict[str, Any]) -> Content:
    """One dimension's chart and table, its groups by their names in the reader's language
    (braid.measures.dimensions); the chart's id keeps the codes."""
    from braid.measures.charts import parts_spec

    title = frozen(dim["name"])
    return {
        "dimension": title,
        "chart": {
            "id": f"parts-{ind.code}-{dim['code']}",
            "label": _("“%(name)s” by %(dim)s, %(period)s")
            % {"name": plain(name), "dim": _in_sentence(plain(title)), "period": period},
            "spec": parts_spec(dim["groups"], height={"step": 22}, mark={"color": "#1f4e79"}),
        },
        "table": table(
            [plain(title), _("Value")],
            [[frozen(g["name"]), g["shown"]] for g in dim["groups"]],
            numeric=(1,),
        ),
    }


# --- Action plan status --------------------------------------------------------------------


def _plan(scope: Scope) -> Content:
    from braid.agenda.models import ActivityStatus, Milestone
    from braid.agenda.selectors import activities, is_late

    items = [a for a in activities(scope.reader) if a.start <= scope.end and a.end >= scope.start]
    if not items:
        return {"empty": _("No activity of the action plan falls in this period.")}
    labels = dict(ActivityStatus.choices)
    counts = Counter(a.status for a in items)
    late = [a for a in items if is_late(a, scope.today)]
    done = (
        scope.reader.scope(Milestone)
        .filter(done_on__gte=scope.start, done_on__lte=scope.end)
        .select_related("activity")
        .order_by("done_on", "pk")
    )
    return {
        "total": len(items),
        "by_status": table(
            [_("Status"), _("Activities")],
            [[str(labels[k]), str(counts[k])] for k in labels if counts.get(k)],
            numeric=(1,),
        ),
        "late": table(
            [_("Activity"), _("Lead"), _("Ends")],
            [[written(a, "title"), a.lead.name, day(a.end)] for a in late],
        ),
        "milestones": table(
            [_("Milestone"), _("Activity"), _("Done on")],
            [[written(m, "title"), written(m.activity, "title"), day(m.done_on)] for m in done],
        ),
    }


# --- Resources pooled and funders' deadlines ------------------------------------------------


def _resources(scope: Scope) -> Content:
    from braid.agenda.resources.selectors import calendar, contributions, totals

    items = [
        c
        for c in contributions(scope.reader)
        if c.period_start <= scope.end and c.period_end >= scope.start
    ]
    t = totals(items)
    deadlines = [r for _m, rows in calendar(scope.reader, today=scope.today) for r in rows]
    shown = [r for r in deadlines if r.deadline.due_on >= scope.start]
    return {
        "total": money(t.total),
        "by_kind": table(
            [_("Kind"), _("Value")], [[label, money(v)] for _k, label, v in t.by_kind if v], (1,)
        ),
        "by_organisation": table(
            [_("Partner"), _("Value")],
            [[name, money(v)] for name, _p, v in t.by_organisation],
            (1,),
        ),
        "deadlines": table(
            [_("Funder"), _("What is due"), _("Due on"), _("Status")],
            [
                [
                    r.deadline.source.funder,
                    written(r.deadline, "title"),
                    day(r.deadline.due_on),
                    _("done") if r.deadline.done else (_("overdue") if r.overdue else _("to do")),
                ]
                for r in shown[:20]
            ],
        ),
    }


# --- How current is our data --------------------------------------------------------------


def share(n: int, total: int) -> str:
    """ "7 of 9 (78 %)": the count beside the percentage, never a bare percentage."""
    if not total:
        return "—"
    return _("%(n)s of %(total)s (%(pct)s %%)") % {
        "n": n,
        "total": total,
        "pct": round(100 * n / total),
    }


def _engagement(scope: Scope) -> Content:
    from braid.measures.models import Period, Story, Submission
    from braid.measures.selectors import reports_owed

    rows = scope.rows
    due = [r for r in rows if r.due is not None]
    current = [r for r in due if not r.stale]
    latest = {r.indicator.pk: r.latest_period.pk for r in rows if r.latest_period}
    told = {
        (i, p)
        for i, p in scope.reader.scope(Story)
        .filter(indicator_id__in=list(latest))
        .values_list("indicator_id", "period_id")
    }
    with_story = sum(1 for i, p in latest.items() if (i, p) in told)
    forecast = sum(1 for r in rows if r.turning is not None)
    periods = list(
        scope.reader.scope(Period).filter(
            end__gte=scope.start, end__lte=scope.end, due_date__lt=scope.today
        )
    )
    owed = reports_owed(scope.reader, periods)
    due_on = {p.pk: p.due_date for p in periods}
    on_time = 0
    for org, period, submitted in (
        scope.reader.scope(Submission)
        .filter(period__in=periods, submitted_at__isnull=False)
        .values_list("organisation_id", "period_id", "submitted_at")
    ):
        if (org, period) in owed and submitted and localdate(submitted) <= due_on[period]:
            on_time += 1
    parts = [
        (
            _("Indicators with a figure for their latest period due"),
            share(len(current), len(due)),
            _(
                "Every assigned partner reported, and the figure was approved, for the latest period whose due date has passed."
            ),
        ),
        (
            _("Indicators with a story"),
            share(with_story, len(latest)),
            _(
                "Of the indicators with a complete figure, those whose latest figure has its story behind the curve written."
            ),
        ),
        (
            _("Indicators with a forecast"),
            share(forecast, len(rows)),
            _(
                "Indicators with enough figures before the latest for the baseline forecast (INSTRUMENTS §5)."
            ),
        ),
        (
            _("Reports submitted on time"),
            share(on_time, len(owed)),
            _(
                "Of the reports partners owed for periods ending in this report's period and already due, those submitted by the due date."
            ),
        ),
    ]
    return {"parts": [{"label": a, "figure": b, "definition": c} for a, b, c in parts]}


for _section in (
    Section(
        "agenda",
        gettext_lazy("Common agenda and what changed"),
        _agenda,
        10,
        gettext_lazy("The problem, the vision and the North Star; versions saved in the period."),
        public=True,
    ),
    Section(
        "headline",
        gettext_lazy("Headline scorecard"),
        _headline,
        20,
        gettext_lazy("Every shared measure: latest figure, baseline, target, progress, curve."),
        public=True,
    ),
    Section(
        "indicators",
        gettext_lazy("Indicators: charts, targets, forecast and story"),
        _indicators,
        30,
        gettext_lazy("Each chosen indicator's chart with its table, verdict and story."),
        public=True,
    ),
    Section(
        "disaggregations",
        gettext_lazy("Disaggregations"),
        _disaggregations,
        40,
        gettext_lazy("The chosen indicators by group, small counts hidden."),
    ),
    Section(
        "plan",
        gettext_lazy("Action plan status"),
        _plan,
        50,
        gettext_lazy("Activities of the period by status, late ones, milestones reached."),
    ),
    Section(
        "resources",
        gettext_lazy("Resources pooled and funders' deadlines"),
        _resources,
        60,
        gettext_lazy("Contributions of the period by kind and partner; deadlines ahead."),
    ),
    Section(
        "engagement",
        gettext_lazy("How current is our data"),
        _engagement,
        90,
        gettext_lazy(
            "Shares of indicators with a recent figure, a story, a forecast; reports on time."
        ),
    ),
):
    register(_section)

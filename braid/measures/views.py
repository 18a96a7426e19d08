"""Pages of the shared-measures module."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives import freshness
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core import bilingual
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error, save_changed, track_what_was_loaded
from braid.core.http import CSRF_MARK, downloadable, query_id, spreadsheet_response, with_csrf
from braid.measures import (
    charts,
    dimensions,
    downloads,
    exports,
    forms,
    present,
    selectors,
    services,
    told,
)
from braid.measures.history import PAGE, Filters, changes
from braid.measures.indicators import history as indicator_history
from braid.measures.models import Indicator, Period, Target
from braid.partners.models import Organisation


@collaborative_view()
def scorecard(request: HttpRequest, access: Access) -> HttpResponse:
    objective = query_id(request.GET.get("objective"))
    group = request.GET.get("group", "")
    group = group if group in present.GROUPINGS else ""
    printing = request.GET.get("print") == "1"
    content = freshness.remember(
        access.audience,
        "measures.scorecard",
        lambda: _score_content(request, access, objective, group, printing),
        objective,
        group,
        printing,
        shared=False,  # built from rows told once each (braid.measures.told): cheap to build
    )
    return render(request, "measures/scorecard.html", {"content": content, "print": printing})


def _score_content(
    request: HttpRequest, access: Access, objective: str, group: str, printing: bool
) -> str:
    """The page's content as this audience sees it, until the data changes: nothing in it
    depends on the request beyond the reader, the language and the query."""
    objectives = _objectives(access)
    chosen = next((o for o in objectives if str(o.pk) == objective), None)
    headline, count, tables = _score_tables(access, chosen.pk if chosen else None, group)
    context = {"headline": headline, "tables": tables, "group": group, "rows_count": count}
    context |= {"objectives": objectives, "chosen": chosen, "print": printing}
    # The page's own variables only (no context processors: the layout has its own).
    context |= {"request": request, "access": access, "current_collaborative": access.collaborative}
    return render_to_string("measures/_scorecard_content.html", context)


def _score_tables(access: Access, objective_id: int | None, group: str) -> tuple[str, int, str]:
    """The headline, the number of rows and the tables, as this audience sees them (cached
    until the data changes: braid.collaboratives.freshness; each row told once per change of
    its own data: braid.measures.told)."""
    shown = told.rows(access, objective_id=objective_id)
    html_of = {row.indicator.pk: t.html for row, t in shown}
    objectives = agenda_selectors.objective_groups(access) if group in present.GROUPINGS else []
    grouped = present.group_rows([row for row, _t in shown], objectives, group)
    groups = [(title, [html_of[r.indicator.pk] for r in rows]) for title, rows in grouped]
    context = {"groups": groups, "rows_count": len(shown), "access": access}
    html = render_to_string("measures/_score_tables.html", context)
    return str(told.headline(shown)), len(shown), html  # a SafeString, kept as one


@collaborative_view()
def indicator_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _indicator_page(request, access, pk, request.GET.get("period"))


def _indicator_page(
    request: HttpRequest,
    access: Access,
    pk: int,
    chosen: object,
    story: forms.StoryForm | None = None,
) -> HttpResponse:
    indicator = access.get_owned(selectors.indicators(access), pk=pk)
    chosen = query_id(chosen)
    if story is None:
        # Kept until the data changes, per audience, language and period chosen, like the
        # scorecard's (its parts, other modules' panels included, read audited data only).
        content = freshness.remember(
            access.audience,
            "measures.indicator",
            lambda: _indicator_content(request, access, indicator, chosen, None),
            indicator.pk,
            chosen,
        )
    else:  # a story refused: the page again around the form as sent
        content = _indicator_content(request, access, indicator, chosen, story)
    return render(
        request,
        "measures/indicator.html",
        {"indicator": indicator, "content": with_csrf(content, request)},
    )


def _indicator_content(
    request: HttpRequest,
    access: Access,
    indicator: Indicator,
    chosen: str,
    story: forms.StoryForm | None,
) -> str:
    [row] = selectors.scorecard(access, indicator_id=indicator.pk)
    periods = list(access.scope(Period).filter(frequency=indicator.frequency).order_by("-start"))
    period = next(
        (p for p in periods if str(p.pk) == chosen),
        row.latest_period or (periods[0] if periods else None),
    )
    stories = selectors.stories(access, indicator)
    total = next((p.actual for p in row.points if period and p.period.pk == period.pk), None)
    parts = selectors.by_disaggregation(access, indicator, period) if period else {}
    context = {
        "row": row,
        "indicator": indicator,
        "chart": present.chart_spec(row),
        "verdict": present.verdict(row),
        "coverage": present.coverage(row),
        "table": present.table(row),
        "gaps": present.breakdown_gaps(row.indicator, total, parts),
        "period": period,
        "periods": periods[:24],
        "partners": selectors.by_partner(access, indicator, period) if period else [],
        "parts": [
            {**d, "chart": _parts_chart(d["groups"])}
            for d in dimensions.named_parts(indicator, parts)
        ],
        "stories": stories,
        "story_form": story or _story_form(period, periods, stories),
        "targets": _targets(access, indicator),
        "target_rows": _target_rows(access, indicator, periods),
        "objectives": _objectives(access),
        "linked": set(indicator.objectives.values_list("pk", flat=True)),
        "changes": indicator_history(access, indicator),
        "strategies": agenda_selectors.activities(access)
        .filter(objectives__indicators=indicator)
        .distinct(),
    }
    # The page's own variables only (no context processors: the layout has its own), and
    # the CSRF token's place (braid.core.http.with_csrf).
    context |= {"request": request, "access": access, "current_collaborative": access.collaborative}
    context["csrf_token"] = CSRF_MARK
    return render_to_string("measures/_indicator_content.html", context)


def _story_form(
    period: Period | None, periods: list[Period], stories: dict[int, Any], data: Any = None
) -> forms.StoryForm:
    """The story of the period shown, to write or to change; it carries the version loaded
    (0 when there is no story yet), so a save over someone else's newer story is refused."""
    story = stories.get(period.pk) if period else None
    initial = {
        "period": period.pk if period else None,
        "text": story.text if story else "",
        "text_fr": story.text_fr if story else "",
        "version": story.version if story else 0,
    }
    form = forms.StoryForm(data, initial=initial)
    form.fields["period"].choices = [(p.pk, p.code) for p in periods]  # type: ignore[attr-defined]
    track_what_was_loaded(form)
    return form


def _targets(access: Access, indicator: Indicator) -> Any:
    targets = access.scope(Target).filter(indicator=indicator)
    return targets.select_related("period").order_by("period__start")


def _parts_chart(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """The bar chart of one breakdown's groups, by their names (hidden groups left out)."""
    return charts.parts_spec(groups, height=160, mark={"tooltip": True})


def _target_rows(
    access: Access, indicator: Indicator, periods: list[Period]
) -> list[tuple[Period, float | None]]:
    """The periods the targets form offers (oldest first, at most 60) with their targets."""
    have = dict(access.scope(Target).filter(indicator=indicator).values_list("period_id", "value"))
    return [(p, have.get(p.pk)) for p in reversed(periods[:60])]


@require_POST
@collaborative_view(manage=True)
def story_save(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Save the story; a stale one (someone saved theirs meanwhile) shows the page again with
    their text beside what this editor typed, and nothing saved."""
    indicator = access.get_owned(selectors.indicators(access), pk=pk)
    periods = list(access.scope(Period).filter(frequency=indicator.frequency).order_by("-start"))
    form = _story_form(None, periods, {}, request.POST)
    saved = form.is_valid() and save_changed(
        form,
        lambda version, _changed: services.story_save(
            access=access,
            indicator_id=pk,
            period_id=form.cleaned_data["period"],
            text=form.cleaned_data["text"],
            text_fr=form.cleaned_data["text_fr"],
            version=version,
        ),
    )
    if not saved:
        return _indicator_page(request, access, pk, request.POST.get("period"), form)
    messages.success(request, _("Story saved."))
    url = reverse("measures:indicator", args=[access.collaborative.slug, pk])
    return redirect(f"{url}?period={form.cleaned_data['period']}")


def _objectives(access: Access) -> list[Any]:
    """The agenda's objectives by their title as the reader sees it (ADR 0015)."""
    from django.apps import apps

    return bilingual.ordered(access.scope(apps.get_model("agenda", "Objective")), "title")


@collaborative_view()
def export(request: HttpRequest, access: Access) -> HttpResponse:
    return spreadsheet_response(
        lambda fmt, fh: exports.export_values(access=access, fmt=fmt, fileobj=fh),
        request.GET.get("format", "csv"),
        f"{access.collaborative.slug}-values",
    )


@collaborative_view()
@downloadable(downloads.periods)
def periods(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.ScheduleForm(request.POST or None)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                created = services.periods_schedule(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("%(n)s periods opened.") % {"n": len(created)})
                return redirect("measures:periods", slug=access.collaborative.slug)
    return render(
        request,
        "measures/periods.html",
        {"periods": selectors.periods(access), "form": form},
    )


@require_POST
@collaborative_view(manage=True)
def period_close(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    period = services.period_close(
        access=access, period_id=period_id, closed=request.POST.get("closed") == "1"
    )
    messages.success(
        request,
        (_("%(p)s closed.") if period.closed else _("%(p)s reopened.")) % {"p": period.code},
    )
    return redirect("measures:periods", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.history)
def history(request: HttpRequest, access: Access) -> HttpResponse:
    """Who changed which figure when, by which way, from what to what (`history.changes`)."""
    filters = Filters.parse(request.GET)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    page = min(page, 10_000)
    rows = changes(access, filters, offset=(page - 1) * PAGE)
    return render(
        request,
        "measures/history.html",
        {
            "changes": rows[:PAGE],
            "filters": filters,
            "page": page,
            "more": len(rows) > PAGE,
            "indicators": bilingual.ordered(selectors.indicators(access), "name"),
            # Only organisations whose history the reader may read are offered.
            "organisations": access.audience.reports(
                access.scope(Organisation), organisation="pk"
            ).order_by("name"),
            "periods": access.scope(Period).order_by("-start")[:120],
            "query": _query(filters),
        },
    )


def _query(filters: Filters) -> str:
    """The filters as a query string, for the pager's links."""
    pairs = {
        "indicator": filters.indicator,
        "organisation": filters.organisation,
        "period": filters.period,
        "changed_at": filters.changed_at.isoformat() if filters.changed_at else None,
    }
    return urlencode({k: v for k, v in pairs.items() if v is not None})

"""The scorecard page (headline, sparklines, verdicts) and its API for 200 indicators × 60
months, against the least a 200-row page can do (one query for each indicator's latest figure,
a one-line template, through the same middleware and login) in the same run; and the page's
query count for 200 indicators against 10 (it must not grow with the indicators).

Three readings each: cached (nothing changed since the last read), after one change (a target
set through the service before each read: one row told again, braid.measures.told), and with
nothing cached at all (every row told afresh, as for a new disclosure threshold)."""

from __future__ import annotations

import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import median_seconds, record, setup_django
from bench.measures_common import PERIODS, build


def _aggregates(access: Any, partial_every: int = 7) -> None:
    """Approved figures for every indicator and period, as aggregates_refresh leaves them; one
    indicator in `partial_every` has its latest month from only some partners (provisional)."""
    from braid.measures.models import Aggregate, Indicator, Period, Target

    rng = random.Random(10)
    inds = list(Indicator.objects.filter(collaborative=access.collaborative))
    periods = list(Period.objects.filter(collaborative=access.collaborative).order_by("start"))
    rows, targets = [], []
    for n, ind in enumerate(inds):
        level, slope = rng.uniform(50, 500), rng.uniform(-2, 2)
        for k, p in enumerate(periods):
            partial = k == len(periods) - 1 and n % partial_every == 0
            rows.append(
                Aggregate(
                    collaborative=access.collaborative,
                    indicator=ind,
                    period=p,
                    value=level + slope * k + rng.gauss(0, level * 0.03),
                    partners=10 if partial else 30,
                    assigned=30,
                )
            )
        targets.append(
            Target(
                collaborative=access.collaborative,
                indicator=ind,
                period=periods[-1],
                value=level * 1.2,
            )
        )
    Aggregate.objects.bulk_create(rows, batch_size=5000)
    Target.objects.bulk_create(targets)
    # The forecast is fitted up to a baseline period two thirds of the way in.
    Indicator.objects.filter(collaborative=access.collaborative).update(
        baseline_period=periods[PERIODS * 2 // 3]
    )


def _small(access: Any, indicators: int) -> str:
    """A second collaborative, same steward, with only the first `indicators` indicators."""
    from braid.collaboratives.models import Collaborative, Membership
    from braid.measures.models import Aggregate, Indicator, Period, Target

    c = Collaborative.objects.create(name="Small", slug="small")
    Membership.objects.create(collaborative=c, user=access.user, role="steward")
    period_of = {}
    for p in Period.objects.filter(collaborative=access.collaborative):
        old = p.pk
        p.pk, p.collaborative = None, c
        p.save()
        period_of[old] = p
    kept = list(Indicator.objects.filter(collaborative=access.collaborative).order_by("pk"))
    for ind in kept[:indicators]:
        old = ind.pk
        ind.pk, ind.collaborative = None, c
        ind.baseline_period = period_of[ind.baseline_period_id]
        ind.save()
        for model in (Aggregate, Target):
            copies = []
            for row in model.objects.filter(indicator_id=old):
                row.pk, row.collaborative, row.indicator = None, c, ind
                row.period = period_of[row.period_id]
                copies.append(row)
            model.objects.bulk_create(copies)
    return c.slug


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path

    request_started.disconnect(reset_queries)  # each request would empty the query log
    access = build()
    _aggregates(access)
    small = _small(access, 10)
    from braid.measures.models import Period

    latest_start = Period.objects.filter(collaborative=access.collaborative).latest("start").start

    from django.template import Context, Template

    from braid.measures.models import Aggregate

    table = Template(
        "<table>{% for name, value in rows %}<tr><th>{{ name }}</th><td>{{ value }}</td></tr>"
        "{% endfor %}</table>"
    )

    def bare(request):  # type: ignore[no-untyped-def]
        """The least a 200-row page can do: one query for each indicator's latest figure,
        one small template."""
        rows = (
            Aggregate.objects.filter(collaborative=access.collaborative)
            .order_by("indicator__name", "-period__start")
            .distinct("indicator__name")
            .values_list("indicator__name", "value")
            if connection.vendor == "postgresql"
            else Aggregate.objects.filter(
                collaborative=access.collaborative, period__start=latest_start
            ).values_list("indicator__name", "value")
        )
        return HttpResponse(table.render(Context({"rows": list(rows)})))

    module = type(os)("bench_scorecard_urls")
    module.urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]  # type: ignore[attr-defined]
    sys.modules["bench_scorecard_urls"] = module
    with override_settings(ROOT_URLCONF="bench_scorecard_urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(access.user)
        page, api = "/c/bench/measures/", "/api/v1/collaboratives/bench/scorecard"
        html = client.get(page).content.decode()
        assert "measures are turning the curve" in html and html.count('class="spark"') == 200
        assert len(client.get(api).json()) == 200
        from braid.collaboratives import freshness

        freshness.forget()  # the counts are of a page built afresh
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        big = len(captured.captured_queries)
        freshness.forget()
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/c/{small}/measures/")
        little = len(captured.captured_queries)
        t_page = median_seconds(lambda: client.get(page), repeat=15)
        t_api = median_seconds(lambda: client.get(api), repeat=15)

        changed = _one_change(access)
        t_page_changed = _median_after(changed, lambda: client.get(page))
        t_api_changed = _median_after(changed, lambda: client.get(api))

        def cold(url: str) -> None:
            freshness.forget()  # nothing cached at all: every row told afresh
            client.get(url)

        t_page_cold = median_seconds(lambda: cold(page), repeat=15)
        t_api_cold = median_seconds(lambda: cold(api), repeat=15)
        assert client.get("/bench/bare/").content.count(b"<tr>") == 200
        t_bare = median_seconds(lambda: client.get("/bench/bare/"), repeat=15)
    goal = "< 100 ms median on PostgreSQL (ratio: vs a 200-row table of latest figures)"
    record("measures.scorecard_page", vendor, t_page * 1000, "ms", t_bare * 1000, goal)
    record("measures.scorecard_api", vendor, t_api * 1000, "ms", t_bare * 1000, goal)
    changed_goal = (
        "< 100 ms: the first read after one figure changed (a target set through the service),"
        " vs the same 200-row table"
    )
    record(
        "measures.scorecard_page_changed",
        vendor,
        t_page_changed * 1000,
        "ms",
        t_bare * 1000,
        changed_goal,
    )
    record(
        "measures.scorecard_api_changed",
        vendor,
        t_api_changed * 1000,
        "ms",
        t_bare * 1000,
        changed_goal,
    )
    cold_goal = "nothing cached (every row told afresh), vs the same 200-row table"
    record(
        "measures.scorecard_page_fresh", vendor, t_page_cold * 1000, "ms", t_bare * 1000, cold_goal
    )
    record(
        "measures.scorecard_api_fresh", vendor, t_api_cold * 1000, "ms", t_bare * 1000, cold_goal
    )
    record(
        "measures.scorecard_page_queries",
        vendor,
        big,
        "queries",
        little,
        "same count for 200 indicators as for 10",
    )
    print(
        f"{vendor}: page {t_page * 1000:.0f} ms cached, {t_page_changed * 1000:.0f} ms after one"
        f" change, {t_page_cold * 1000:.0f} ms with nothing cached; API {t_api * 1000:.0f} /"
        f" {t_api_changed * 1000:.0f} / {t_api_cold * 1000:.0f} ms; 200-row table"
        f" {t_bare * 1000:.1f} ms; queries {little} (10 indicators) -> {big} (200)"
    )


def _one_change(access: Any) -> Callable[[], None]:
    """Each call changes one figure as a steward would: a new target for the next indicator
    (round the 200), through the service, so its audit line moves the readings' mark."""
    from braid.measures.models import Indicator, Period
    from braid.measures.services import target_set

    inds = list(Indicator.objects.filter(collaborative=access.collaborative).order_by("pk"))
    last = Period.objects.filter(collaborative=access.collaborative).latest("start")
    turn = itertools.count()

    def change() -> None:
        n = next(turn)
        ind = inds[n % len(inds)]
        target_set(access=access, indicator_id=ind.pk, period_id=last.pk, value=500.0 + n)

    return change


def _median_after(prepare: Callable[[], None], fn: Callable[[], Any], repeat: int = 15) -> float:
    """The median time of `fn`, each run right after `prepare` (not timed)."""
    for _ in range(3):
        prepare()
        fn()
    samples = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


if __name__ == "__main__":
    main()

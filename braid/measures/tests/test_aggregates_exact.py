"""The aggregates the database adds up (sum, mean, weighted mean of whole numbers) are the
figures braid.lib.rba.aggregate gives for the same parts, to the last bit; the groups it cannot
add up exactly (fractions, huge figures, a percentage without its numerator) and the "latest"
rule are still combined in Python."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.lib.rba import Part, aggregate, contributes
from braid.measures.aggregates import aggregates_refresh
from braid.measures.models import Aggregate, Submission, Value
from braid.measures.tests.factories import indicator, period

Figure = tuple[float | None, float | None, float | None]


@pytest.fixture
def partners(collaborative, organisation):  # type: ignore[no-untyped-def]
    """Four assigned partners: three report, the fourth has sent nothing."""
    others = [OrganisationFactory(collaborative=collaborative, name=f"P{i}") for i in range(3)]
    return [organisation, *others]


def _report(collaborative, ind, per, partners, figures, status="approved"):  # type: ignore[no-untyped-def]
    """One figure (value, numerator, denominator) per partner, in order; each report `status`."""
    now = timezone.now()
    for n, (org, (value, numerator, denominator)) in enumerate(
        zip(partners, figures, strict=False)
    ):
        Value.objects.create(
            collaborative=collaborative,
            indicator=ind,
            period=per,
            organisation=org,
            value=value,
            numerator=numerator,
            denominator=denominator,
            updated_at=now + dt.timedelta(seconds=n),
        )
        Submission.objects.get_or_create(
            collaborative=collaborative, organisation=org, period=per, defaults={"status": status}
        )


def _row(ind, per) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    a = Aggregate.objects.get(indicator=ind, period=per)
    return a.value, a.numerator, a.denominator, a.partners, a.assigned


def _refresh(collaborative, *inds) -> None:  # type: ignore[no-untyped-def]
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={i.pk for i in inds})


def test_sum_and_mean_count_the_partners_with_a_figure(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    total = indicator(collaborative, "total", partners, aggregation="sum")
    mean = indicator(collaborative, "mean", partners, aggregation="mean")
    for ind in (total, mean):  # 7 and 5; the third partner's figure is empty; the fourth: none
        _report(collaborative, ind, per, partners, [(7, None, None), (5, None, None), (None,) * 3])
    _refresh(collaborative, total, mean)
    assert _row(total, per) == (12.0, None, None, 2, 4)
    assert _row(mean, per) == (6.0, None, None, 2, 4)


def test_weighted_mean_pools_numerators_over_positive_denominators(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    share = indicator(collaborative, "share", partners, aggregation="weighted_mean")
    # 3/10 and 1/30 pool to 4/40 = 10 %; 5/0 is left out of the pool, not out of the totals.
    _report(collaborative, share, per, partners, [(30, 3, 10), (3.3, 1, 30), (None, 5, 0)])
    _refresh(collaborative, share)
    assert _row(share, per) == (10.0, 9.0, 40.0, 2, 4)


def test_a_percentage_without_its_numerator_is_pooled_from_its_value(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    share = indicator(collaborative, "share", partners, aggregation="weighted_mean")
    # 3/10, and 50 % of 20 (10/20): 13/30.
    _report(collaborative, share, per, partners, [(30, 3, 10), (50, None, 20)])
    _refresh(collaborative, share)
    assert _row(share, per) == (100.0 * 13 / 30, 3.0, 30.0, 2, 4)


def test_figures_the_database_cannot_add_exactly_are_added_in_python(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    big = indicator(collaborative, "big", partners, aggregation="sum")
    tenths = indicator(collaborative, "tenths", partners, aggregation="mean")
    # Added in order, floating point gives 0.0 and 0.6 / 3 = 0.20000000000000004; math.fsum
    # gives 1.0 and 0.6, whose third is 0.19999999999999998.
    _report(collaborative, big, per, partners, [(1e16, None, None), (1, None, None), (-1e16,) * 3])
    _report(
        collaborative,
        tenths,
        per,
        partners,
        [(0.1, None, None), (0.2, None, None), (0.3, None, None)],
    )
    _refresh(collaborative, big, tenths)
    assert _row(big, per) == (1.0, -1e16, -1e16, 3, 4)
    assert _row(tenths, per) == (0.19999999999999998, None, None, 3, 4)


def test_only_approved_reports_count_and_latest_takes_the_newest(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    total = indicator(collaborative, "total", partners, aggregation="sum")
    latest = indicator(collaborative, "latest", partners, aggregation="latest")
    _report(collaborative, total, per, partners[:2], [(7, None, None), (5, None, None)])
    _report(collaborative, latest, per, partners[:2], [(7, None, None), (5, None, None)])
    _report(collaborative, total, per, partners[2:3], [(100, None, None)], status="submitted")
    Submission.objects.filter(organisation=partners[2]).update(status="submitted")
    _refresh(collaborative, total, latest)
    assert _row(total, per) == (12.0, None, None, 2, 4)
    assert _row(latest, per) == (5.0, None, None, 2, 4)  # the second was written a second later


ODD = [0.1, 0.2, 0.7, 2.5, -0.3, 1e16, -1e16, 2.0**41, 0.0, -0.0, float("inf")]


def _random_figure(rng: random.Random, rule: str) -> Figure:
    """Mostly whole numbers (the database's way), sometimes fractions, huge or empty figures
    (and NaN where the database keeps one: PostgreSQL)."""
    odd = [*ODD, float("nan")] if connection.vendor == "postgresql" else ODD

    def one() -> float | None:
        kind = rng.random()
        if kind < 0.15:
            return None
        if kind < 0.3:
            return rng.choice(odd)
        return float(rng.randint(-50, 500))

    if rule != "weighted_mean":
        return one(), one() if rng.random() < 0.2 else None, None
    return one(), one(), one()


def _expected(rule: str, figures: list[Figure], assigned: int) -> tuple[Any, ...]:
    """The aggregate as braid.lib.rba gives it, part by part."""
    parts = [Part(*figure) for figure in figures]
    nums = [p.numerator for p in parts if p.numerator is not None]
    dens = [p.denominator for p in parts if p.denominator is not None]
    return (
        aggregate(rule, parts),
        sum(nums) if nums else None,
        sum(dens) if dens else None,
        sum(1 for p in parts if contributes(rule, p)),
        assigned,
    )


def test_every_summed_rule_gives_what_rba_gives(collaborative, partners):  # type: ignore[no-untyped-def]
    rng = random.Random(20261204)
    periods = [period(collaborative, f"2026-{m:02d}", m) for m in range(1, 13)]
    expected = {}
    for rule in ("sum", "mean", "weighted_mean"):
        ind = indicator(collaborative, f"r-{rule}".replace("_", "-"), partners, aggregation=rule)
        for per in periods:
            figures = [_random_figure(rng, rule) for _ in range(rng.randint(1, 4))]
            _report(collaborative, ind, per, partners, figures)
            # SQLite keeps no -0.0: what the database holds is what Python reads back.
            stored = Value.objects.filter(indicator=ind, period=per).order_by("organisation_id")
            held = [(v.value, v.numerator, v.denominator) for v in stored]
            expected[(ind.pk, per.pk)] = _expected(rule, held, len(partners))
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={k[0] for k in expected})
    got = {
        (a.indicator_id, a.period_id): (a.value, a.numerator, a.denominator, a.partners, a.assigned)
        for a in Aggregate.objects.filter(collaborative=collaborative)
    }
    assert got.keys() == expected.keys()
    for key, want in expected.items():  # repr: -0.0 is not 0.0, nan is nan
        assert repr(got[key]) == repr(want), (key, connection.vendor)


def test_a_negative_zero_sums_to_zero_as_in_python(collaborative, partners):  # type: ignore[no-untyped-def]
    per = period(collaborative, "2026-01", 1)
    total = indicator(collaborative, "total", partners, aggregation="sum")
    _report(collaborative, total, per, partners, [(0.0, 0.0, None)])
    if connection.vendor == "postgresql":  # which keeps a -0 written by hand (Django writes 0)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE measures_value SET value = '-0', numerator = '-0'")
    _refresh(collaborative, total)
    assert repr(_row(total, per)) == repr((0.0, 0.0, None, 1, 4))  # math.fsum and sum: 0.0

from __future__ import annotations

import datetime as dt

from braid.measures.models import Indicator, Period


def period(collaborative, code: str, month: int, year: int = 2026) -> Period:  # type: ignore[no-untyped-def]
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return Period.objects.create(
        collaborative=collaborative,
        frequency="monthly",
        code=code,
        start=start,
        end=end,
        due_date=end + dt.timedelta(days=15),
    )


def indicator(collaborative, code: str, reporters=(), **extra) -> Indicator:  # type: ignore[no-untyped-def]
    ind = Indicator.objects.create(
        collaborative=collaborative, code=code, name=extra.pop("name", code.title()), **extra
    )
    ind.reporters.set(reporters)
    return ind


def disclosure_scenario(collaborative, organisation) -> dict:  # type: ignore[no-untyped-def]
    """What the disclosure tests read: with a threshold of 10,000, distinctive figures that no
    page would show by chance.

    - `organisation` (partner A) reported 7,919 served young people (girls 4,211, boys 3,708)
      and a percentage of 3,137 / 9,173 (34.198 %), approved: all under the threshold;
    - Riverside Police (partner B) has a draft of 8,641, which only B and stewards may see;
    - Northside School (C) reported 20,000, approved: shown only where it hides no one;
    - the value history keeps A's change 7,000 → 7,919 and B's 8,500 → 8,641.
    """
    from braid.collaboratives.tests.factories import OrganisationFactory
    from braid.measures.models import Submission, Value, ValueHistory
    from braid.measures.services import aggregates_refresh

    collaborative.suppression_threshold = 10_000
    collaborative.save(update_fields=["suppression_threshold"])
    police = OrganisationFactory(collaborative=collaborative, name="Riverside Police")
    school = OrganisationFactory(collaborative=collaborative, name="Northside School")
    served = indicator(
        collaborative,
        "youth-served",
        [organisation, police, school],
        name="Young people served",
        disaggregations={"gender": ["girls", "boys"]},
    )
    share = indicator(
        collaborative,
        "school-return",
        [organisation, police],
        name="Back in school",
        quadrant="better_off_pct",
        aggregation="weighted_mean",
        decimals=3,
    )
    periods = [period(collaborative, f"2026-{m:02d}", m) for m in (1, 2, 3)]
    p = periods[0]
    rows = [
        (served, organisation, "", 7919, None, None),
        (served, organisation, "gender=girls", 4211, None, None),
        (served, organisation, "gender=boys", 3708, None, None),
        (share, organisation, "", 100 * 3137 / 9173, 3137, 9173),
        (served, police, "", 8641, None, None),
        (served, school, "", 20000, None, None),
    ]
    for ind, org, key, value, num, den in rows:
        Value.objects.create(
            collaborative_id=collaborative.pk,
            indicator=ind,
            organisation=org,
            period=p,
            disaggregation=key,
            value=value,
            numerator=num,
            denominator=den,
        )
    for org, before, after, way in (
        (organisation, 7000, 7919, "upload"),
        (police, 8500, 8641, "form"),
    ):
        ValueHistory.objects.create(  # each partner changed its figure once
            collaborative_id=collaborative.pk,
            indicator_id=served.pk,
            organisation_id=org.pk,
            period_id=p.pk,
            before=before,
            after=after,
            way=way,
        )
    for org, status in ((organisation, "approved"), (police, "draft"), (school, "approved")):
        Submission.objects.create(
            collaborative=collaborative, organisation=org, period=p, status=status
        )
    aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk, share.pk})
    return {
        "served": served,
        "share": share,
        "period": p,
        "periods": periods,
        "a": organisation,
        "b": police,
        "c": school,
    }


# How the scenario's figures may be written on a page, in a file or in JSON.
SMALL_OF_A = ("7919", "4211", "3708", "3137", "9173", "34.198")
DRAFT_OF_B = ("8641",)


def found(text: str, figures: tuple[str, ...]) -> list[str]:
    """Which of `figures` appear in `text`, however written: 7919, 7,919, 7 919 (French,
    with a no-break space), 7919.0; 34.198 or 34,198. Not inside a longer number."""
    import re

    hits = []
    for figure in figures:
        whole, _dot, decimals = figure.partition(".")
        grouped = (
            rf"{whole[:-3]}[,.\s\u00a0\u202f]?{whole[-3:]}" if len(whole) > 3 else re.escape(whole)
        )
        tail = rf"[.,]{decimals}\d*" if decimals else r"(?:[.,]0+)?"
        if re.search(rf"(?<!\d)(?<!\d\.){grouped}{tail}(?![\d])", text):
            hits.append(figure)
    return hits

"""Demo data for shared measures: 15 indicators, three years of monthly and quarterly figures,
mostly approved, with late reports, one waiting for review and one returned (its partner finds
the notice on the home page), and the edit history of the headline measure."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.urls import reverse
from django.utils import timezone

from braid.accounts.models import User
from braid.collaboratives.access import access_for
from braid.collaboratives.models import Collaborative, Membership
from braid.collaboratives.services import notice_send
from braid.demo import french
from braid.lib.tabular import normalise_name
from braid.measures.dimensions import kept_labels
from braid.measures.indicators import indicator_update
from braid.measures.models import Indicator, Period, Story, Submission, Target, Value
from braid.measures.services import aggregates_refresh
from braid.partners.models import Organisation

POLICE, SCHOOLS, HEALTH = (
    "Riverside Police Service",
    "Riverside District School Board",
    "Eastside Community Health Centre",
)
YWN, JOBS, PARKS = (
    "Youth Wraparound Network",
    "Pathways Employment Services",
    "City Parks and Recreation",
)

# code, name, kind, quadrant, unit, direction, aggregation, frequency, reporters, start level,
# change over three years (fraction), disaggregations, target change
INDICATORS = [
    (
        "youth-charged-violent",
        "Youth charged with a violent offence",
        "population",
        "better_off_count",
        "youth",
        "down",
        "sum",
        "monthly",
        [POLICE],
        38,
        -0.22,
        {},
        -0.3,
    ),
    (
        "ed-assault-visits",
        "Emergency visits for assault injuries, ages 12–24",
        "population",
        "better_off_count",
        "visits",
        "down",
        "sum",
        "monthly",
        [HEALTH],
        24,
        -0.15,
        {},
        -0.25,
    ),
    (
        "violent-suspensions",
        "Suspensions for violent incidents",
        "population",
        "better_off_count",
        "suspensions",
        "down",
        "sum",
        "monthly",
        [SCHOOLS],
        55,
        -0.18,
        {},
        -0.3,
    ),
    (
        "youth-enrolled",
        "Youth enrolled in wraparound support",
        "performance",
        "how_much",
        "youth",
        "up",
        "sum",
        "monthly",
        [YWN, HEALTH],
        30,
        0.55,
        {"gender": ["girls", "boys"]},
        0.7,
    ),
    (
        "case-plan-30d",
        "Youth with a case plan within 30 days",
        "performance",
        "how_well",
        "%",
        "up",
        "weighted_mean",
        "monthly",
        [YWN],
        0.62,
        0.25,
        {},
        0.35,
    ),
    (
        "counselling-sessions",
        "Counselling sessions delivered",
        "performance",
        "how_much",
        "sessions",
        "up",
        "sum",
        "monthly",
        [HEALTH],
        140,
        0.35,
        {},
        0.4,
    ),
    (
        "counselling-wait",
        "Median wait for counselling",
        "performance",
        "how_well",
        "days",
        "down",
        "mean",
        "monthly",
        [HEALTH],
        34,
        -0.4,
        {},
        -0.5,
    ),
    (
        "youth-placed-jobs",
        "Youth placed in paid jobs",
        "performance",
        "better_off_count",
        "youth",
        "up",
        "sum",
        "monthly",
        [JOBS],
        9,
        0.6,
        {},
        0.8,
    ),
    (
        "job-retention-3m",
        "Placed youth still employed after three months",
        "performance",
        "better_off_pct",
        "%",
        "up",
        "weighted_mean",
        "monthly",
        [JOBS],
        0.58,
        0.2,
        {},
        0.3,
    ),
    (
        "diversion-referrals",
        "Referrals to diversion instead of charges",
        "performance",
        "how_much",
        "referrals",
        "up",
        "sum",
        "monthly",
        [POLICE],
        8,
        0.9,
        {},
        1.0,
    ),
    (
        "program-hours",
        "Evening program hours at community centres",
        "performance",
        "how_much",
        "hours",
        "up",
        "sum",
        "monthly",
        [PARKS],
        210,
        0.3,
        {},
        0.4,
    ),
    (
        "program-attendance",
        "Youth attending evening programs",
        "performance",
        "how_much",
        "youth",
        "up",
        "sum",
        "monthly",
        [PARKS],
        160,
        0.35,
        {"gender": ["girls", "boys"]},
        0.45,
    ),
    (
        "school-attendance-90",
        "Students attending 90 % of school days or more",
        "population",
        "better_off_pct",
        "%",
        "up",
        "weighted_mean",
        "quarterly",
        [SCHOOLS],
        0.71,
        0.08,
        {},
        0.12,
    ),
    (
        "new-police-contact",
        "Enrolled youth with a new police contact within six months",
        "performance",
        "better_off_pct",
        "%",
        "down",
        "weighted_mean",
        "quarterly",
        [YWN],
        0.31,
        -0.3,
        {},
        -0.4,
    ),
    (
        "mentoring-matches",
        "Active mentoring matches",
        "performance",
        "how_much",
        "matches",
        "up",
        "latest",
        "quarterly",
        [YWN],
        22,
        0.7,
        {},
        0.9,
    ),
    # Small counts: the youth network's share is two or three a month, so viewers and other
    # partners see "< 5" for it and "—" for the police figure beside it (disclosure policy).
    (
        "diversion-rereferral",
        "Young people referred again within 90 days of diversion",
        "performance",
        "better_off_count",
        "youth",
        "down",
        "sum",
        "monthly",
        [POLICE, YWN],
        7,
        -0.2,
        {},
        -0.3,
    ),
]


# Measures whose curve has not turned: after the baseline they keep going the wrong way.
NOT_TURNED = {
    "ed-assault-visits",
    "case-plan-30d",
    "job-retention-3m",
    "counselling-sessions",
    "new-police-contact",
}


def _month_periods(collaborative: Collaborative, months: int) -> list[Period]:
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last complete month
    out = []
    for k in range(months - 1, -1, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - k, 12)
        start = dt.date(y, m + 1, 1)
        end = (dt.date(y + (m == 11), (m + 1) % 12 + 1, 1)) - dt.timedelta(days=1)
        p, _c = Period.objects.get_or_create(
            collaborative=collaborative,
            code=f"{start:%Y-%m}",
            defaults={
                "frequency": "monthly",
                "start": start,
                "end": end,
                "due_date": end + dt.timedelta(days=20),
            },
        )
        out.append(p)
    return out


def _quarter_periods(collaborative: Collaborative, quarters: int) -> list[Period]:
    today = timezone.localdate()
    q = (today.month - 1) // 3  # the current quarter (0-based) is not complete
    index = today.year * 4 + q - 1
    out = []
    for k in range(quarters - 1, -1, -1):
        y, qq = divmod(index - k, 4)
        start = dt.date(y, 3 * qq + 1, 1)
        end = dt.date(y + (qq == 3), (3 * qq + 3) % 12 + 1, 1) - dt.timedelta(days=1)
        p, _c = Period.objects.get_or_create(
            collaborative=collaborative,
            code=f"{y}-Q{qq + 1}",
            defaults={
                "frequency": "quarterly",
                "start": start,
                "end": end,
                "due_date": end + dt.timedelta(days=30),
            },
        )
        out.append(p)
    return out


def seed(collaborative: Collaborative) -> None:
    if Indicator.objects.filter(collaborative=collaborative).exists():
        return
    rng = random.Random(2026)
    orgs = {o.normalised_name: o for o in Organisation.objects.filter(collaborative=collaborative)}
    steward = User.objects.get(email="steward@demo.braid")
    periods = {
        "monthly": _month_periods(collaborative, 36),
        "quarterly": _quarter_periods(collaborative, 12),
    }
    values: list[Value] = []
    for pos, (
        code,
        name,
        kind,
        quadrant,
        unit,
        direction,
        rule,
        freq,
        reporters,
        level,
        change,
        dims,
        target,
    ) in enumerate(INDICATORS):
        pct = rule == "weighted_mean"
        name_fr = french.INDICATOR_NAMES_FR.get(code, "")
        ind = Indicator.objects.create(
            collaborative=collaborative,
            code=code,
            name=name,
            kind=kind,
            quadrant=quadrant,
            unit=unit,
            unit_fr=french.UNITS_FR.get(unit, ""),
            direction=direction,
            aggregation=rule,
            frequency=freq,
            disaggregations=dims,
            disaggregation_labels=kept_labels(french.DIMENSION_LABELS, dims or {}),
            position=pos,
            decimals=1 if pct else 0,
            min_value=0,
            tier="headline" if pos < 5 else "secondary",
            definition=f"{name}, as reported by the partners who deliver or observe it.",
            name_fr=name_fr,
            definition_fr=french.indicator_definition_fr(name_fr) if name_fr else "",
            communication_power="high" if pos < 5 else "medium",
            proxy_power="high",
            data_power="medium" if pct else "high",
        )
        ind.reporters.set([orgs[normalise_name(r)] for r in reporters])
        series = periods[freq]
        # The baseline is two thirds of the way in: before it the figures drift the wrong way,
        # after it the partners' work changes them, so the curve can be seen to turn (or not).
        b = len(series) * 2 // 3
        ind.baseline_period = series[b]
        ind.save()
        Target.objects.create(
            collaborative=collaborative,
            indicator=ind,
            period=series[-1],
            value=round((level * (1 + target)) * (100 if pct else 1), 1),
        )
        for r_i, r in enumerate(reporters):
            org = orgs[normalise_name(r)]
            share = 1.0 if r_i == 0 else 0.35
            for t, period in enumerate(series):
                frac = _path(t, b, len(series), -0.3 * change if code in NOT_TURNED else change)
                season = 1 + 0.01 * math.sin(2 * math.pi * (period.start.month - 3) / 12)
                if pct:
                    den = rng.randint(40, 70)
                    rate = min(0.98, max(0.02, level * (1 + frac) + rng.gauss(0, 0.015)))
                    num = round(den * rate)
                    values.append(
                        Value(
                            collaborative_id=collaborative.pk,
                            indicator=ind,
                            organisation=org,
                            period=period,
                            value=100 * num / den,
                            numerator=num,
                            denominator=den,
                        )
                    )
                else:
                    v = max(
                        0,
                        round(share * level * (1 + frac) * season + rng.gauss(0, level * 0.02)),
                    )
                    values.append(
                        Value(
                            collaborative_id=collaborative.pk,
                            indicator=ind,
                            organisation=org,
                            period=period,
                            value=v,
                        )
                    )
                    if dims and r_i == 0:
                        girls = round(v * 0.45)
                        values.append(
                            Value(
                                collaborative_id=collaborative.pk,
                                indicator=ind,
                                organisation=org,
                                period=period,
                                disaggregation="gender=girls",
                                value=girls,
                            )
                        )
                        values.append(
                            Value(
                                collaborative_id=collaborative.pk,
                                indicator=ind,
                                organisation=org,
                                period=period,
                                disaggregation="gender=boys",
                                value=v - girls,
                            )
                        )
    Value.objects.bulk_create(values, batch_size=2000)
    _submissions(collaborative, orgs, periods, steward)
    aggregates_refresh(
        collaborative_id=collaborative.pk,
        indicator_ids=set(
            Indicator.objects.filter(collaborative=collaborative).values_list("pk", flat=True)
        ),
    )
    first = Indicator.objects.get(collaborative=collaborative, code="youth-charged-violent")
    Story.objects.create(
        collaborative=collaborative,
        indicator=first,
        period=periods["monthly"][-7],
        written_by=steward,
        text="Diversion referrals doubled after the new superintendent's directive; charges fell in the following months.",
        text_fr=french.STORY_FR,
    )
    _history(collaborative, steward)


def _path(t: int, baseline: int, n: int, change: float) -> float:
    """The relative change from the start level at period t: a slow drift the wrong way up to
    the baseline period, then `change` spread over the periods after it."""
    drift = -0.1 * change * min(t, baseline) / max(1, baseline)
    after = max(0, t - baseline) / max(1, n - 1 - baseline)
    return drift + change * after


def _submissions(
    collaborative: Collaborative,
    orgs: dict[str, Organisation],
    periods: dict[str, list[Period]],
    steward: User,
) -> None:
    now = timezone.now()
    late = {normalise_name(PARKS), normalise_name(SCHOOLS)}
    subs = []
    for freq, series in periods.items():
        reporters = {normalise_name(r) for row in INDICATORS if row[7] == freq for r in row[8]}
        for period in series:
            for key in reporters:
                status, comment = "approved", ""
                # The late partners have not sent their last two months: their measures have
                # no figure for the latest month due, which the scorecard's headline counts.
                if key in late and freq == "monthly" and period in series[-2:]:
                    status = "draft"
                elif period is series[-1] and freq == "monthly":
                    if key == normalise_name(JOBS):
                        status = "submitted"
                    elif key == normalise_name(HEALTH):
                        # Returned to the health centre, whose partner login sees the notice.
                        status, comment = (
                            "returned",
                            "Referrals look doubled this month: please check for youth counted twice.",
                        )
                subs.append(
                    Submission(
                        collaborative=collaborative,
                        organisation=orgs[key],
                        period=period,
                        status=status,
                        comment=comment,
                        submitted_at=now if status != "draft" else None,
                        reviewed_at=now if status in ("approved", "returned") else None,
                        reviewed_by=steward if status in ("approved", "returned") else None,
                    )
                )
    Submission.objects.bulk_create(subs)
    for returned in Submission.objects.filter(collaborative=collaborative, status="returned"):
        _tell_returned(collaborative, returned)


def _tell_returned(collaborative: Collaborative, submission: Submission) -> None:
    """The notice a returned report puts on its partner's home page (notify.tell_returned,
    without the e-mail: the demo sends none)."""
    url = reverse("measures:entry", args=[collaborative.slug, submission.period_id])
    notice_send(
        collaborative=collaborative,
        users=[
            m.user
            for m in Membership.objects.filter(
                collaborative=collaborative, organisation_id=submission.organisation_id
            ).select_related("user")
        ],
        action="submission.returned",
        details={**submission.about(), "comment": submission.comment},
        url=f"{url}?organisation={submission.organisation_id}",
    )


def _history(collaborative: Collaborative, steward: User) -> None:
    """Two edits of the headline measure, kept in its history (who, when, before, after)."""
    ind = Indicator.objects.get(collaborative=collaborative, code="youth-charged-violent")
    access = access_for(steward, collaborative.slug)
    indicator_update(
        access=access,
        indicator_id=ind.pk,
        changes={
            "definition": "Young people aged 12 to 24 charged with a violent offence in the "
            "month, each counted once, as the police service reports it.",
            "definition_fr": french.CHARGED_DEFINITION_FR,
        },
    )
    indicator_update(
        access=access,
        indicator_id=ind.pk,
        changes={"unit": "young people", "unit_fr": french.UNITS_FR["young people"]},
    )

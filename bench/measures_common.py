"""The large collaborative the shared-measures benchmarks run on (sizes from the issue)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

INDICATORS = int(os.environ.get("BENCH_INDICATORS", 200))
PARTNERS = int(os.environ.get("BENCH_PARTNERS", 30))
PERIODS = int(os.environ.get("BENCH_PERIODS", 60))
DISAGGREGATED = int(os.environ.get("BENCH_DISAGGREGATED", 20))
ROWS = int(os.environ.get("BENCH_ROWS", 1_000_000))
PARTS = [f"age={a}" for a in ("10-11", "12-13", "14-15", "16-17", "18-19", "20-24")] + [
    f"area={n}"
    for n in (
        "north",
        "south",
        "east",
        "west",
        "centre",
        "river",
        "hill",
        "park",
        "mill",
        "bay",
        "port",
        "lake",
    )
]


def build() -> Any:
    """Create the collaborative, its steward, partners, indicators and periods; return Access."""
    from braid.accounts.models import User
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.measures.models import Indicator, Period
    from braid.partners.models import Organisation

    user = User.objects.create_user(email="bench@example.org", password=None)
    c = Collaborative.objects.create(name="Bench", slug="bench")
    Membership.objects.create(collaborative=c, user=user, role="steward")
    orgs = Organisation.objects.bulk_create(
        Organisation(collaborative=c, name=f"Partner {i:02d}", normalised_name=f"partner {i:02d}")
        for i in range(PARTNERS)
    )
    dims = {"age": [p[4:] for p in PARTS[:6]], "area": [p[5:] for p in PARTS[6:]]}
    inds = Indicator.objects.bulk_create(
        Indicator(
            collaborative=c,
            code=f"ind-{i:03d}",
            name=f"Indicator {i}",
            min_value=0,
            disaggregations=dims if i < DISAGGREGATED else {},
            aggregation="sum" if i % 4 else "mean",
            direction="up" if i % 2 else "down",
            baseline_value=100,
        )
        for i in range(INDICATORS)
    )
    through = Indicator.reporters.through
    through.objects.bulk_create(
        through(indicator_id=i.pk, organisation_id=o.pk) for i in inds for o in orgs
    )
    start = dt.date(2021, 1, 1)
    periods = []
    for k in range(PERIODS):
        y, m = divmod(start.month - 1 + k, 12)
        s = dt.date(start.year + y, m + 1, 1)
        e = dt.date(s.year + (s.month == 12), s.month % 12 + 1, 1) - dt.timedelta(days=1)
        periods.append(
            Period(
                collaborative=c, frequency="monthly", code=f"{s:%Y-%m}", start=s, end=e, due_date=e
            )
        )
    Period.objects.bulk_create(periods)
    return access_for(user, "bench")


def write_csv(path: Path) -> int:
    """Stream ROWS value rows to a CSV: every total first, then disaggregated parts."""
    rng = random.Random(7)
    n = 0
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator", "organisation", "period", "disaggregation", "value"])
        periods = []
        for k in range(PERIODS):
            y, m = divmod(k, 12)
            periods.append(f"{2021 + y}-{m + 1:02d}")
        for part in ["", *PARTS]:
            for i in range(DISAGGREGATED if part else INDICATORS):
                for o in range(PARTNERS):
                    for p in periods:
                        if n >= ROWS:
                            return n
                        w.writerow(
                            [f"ind-{i:03d}", f"Partner {o:02d}", p, part, rng.randint(5, 500)]
                        )
                        n += 1
    return n


def read_rows(path: Path, access: Any) -> list[tuple[Any, ...]]:
    """The rows as the baseline loads them: ids resolved, no checks (what a bare load gets)."""
    from braid.measures.models import Indicator, Period
    from braid.partners.models import Organisation

    inds = dict(access.scope(Indicator).values_list("code", "pk"))
    orgs = dict(access.scope(Organisation).values_list("name", "pk"))
    pers = dict(access.scope(Period).values_list("code", "pk"))
    c = access.collaborative.pk
    with path.open(newline="") as fh:
        r = csv.reader(fh)
        next(r)
        return [(c, inds[a], orgs[b], pers[p], d, float(v)) for a, b, p, d, v in r]

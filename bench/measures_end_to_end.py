"""12,000 values (100 indicators x 40 quarters x 3 partners) from a file until the scorecard
shows them: the real import, one bulk submit per partner, one bulk approve, the scorecard;
against the import alone in the same run (goal: under 2 s on PostgreSQL, <= 3x the import)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import record, setup_django

INDICATORS, QUARTERS, PARTNERS = 100, 40, 3
REPEAT = int(os.environ.get("BENCH_REPEAT", 3))


def build() -> Any:
    """The collaborative: a steward, three partners, 100 quarterly indicators, 40 quarters."""
    from braid.accounts.models import User
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.measures.models import Indicator, Period
    from braid.partners.models import Organisation

    user = User.objects.create_user(email="bench@example.org", password=None)
    c = Collaborative.objects.create(name="Bench", slug="bench")
    Membership.objects.create(collaborative=c, user=user, role="steward")
    orgs = Organisation.objects.bulk_create(
        Organisation(collaborative=c, name=f"Partner {i}", normalised_name=f"partner {i}")
        for i in range(PARTNERS)
    )
    inds = Indicator.objects.bulk_create(
        Indicator(
            collaborative=c, code=f"ind-{i:03d}", name=f"Indicator {i}", frequency="quarterly"
        )
        for i in range(INDICATORS)
    )
    through = Indicator.reporters.through
    through.objects.bulk_create(
        through(indicator_id=i.pk, organisation_id=o.pk) for i in inds for o in orgs
    )
    Period.objects.bulk_create(
        Period(
            collaborative=c,
            frequency="quarterly",
            code=f"{2016 + q // 4}-Q{q % 4 + 1}",
            start=dt.date(2016 + q // 4, 3 * (q % 4) + 1, 1),
            end=dt.date(2016 + q // 4, 3 * (q % 4) + 1, 28),
            due_date=dt.date(2016 + q // 4, 3 * (q % 4) + 1, 28),
        )
        for q in range(QUARTERS)
    )
    return access_for(user, "bench")


def write_file(path: Path) -> int:
    """Smooth figures (no warning holds a report back): 100 + indicator + quarter."""
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator", "organisation", "period", "value"])
        for i in range(INDICATORS):
            for o in range(PARTNERS):
                for q in range(QUARTERS):
                    w.writerow(
                        [
                            f"ind-{i:03d}",
                            f"Partner {o}",
                            f"{2016 + q // 4}-Q{q % 4 + 1}",
                            100 + i + q,
                        ]
                    )
    return INDICATORS * QUARTERS * PARTNERS


def _empty(vendor: str) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table in ("measures_value", "measures_aggregate", "measures_submission"):
            cur.execute(f"{'TRUNCATE' if vendor == 'postgresql' else 'DELETE FROM'} {table}")


def run(access: Any, path: Path, n: int) -> tuple[float, float, dict[str, float]]:
    """One pass: (seconds of the import, seconds until the scorecard shows every figure,
    the steps' seconds)."""
    from braid.measures.bulk import submissions_approve, submissions_submit
    from braid.measures.imports import import_file
    from braid.measures.selectors import scorecard
    from braid.partners.models import Organisation

    steps = {}
    start = time.perf_counter()
    result = import_file(access=access, path=path, reason="bench")
    imported = time.perf_counter()
    assert result.ok and result.rows == n, (result.problem_count, result.problems[:3])
    submitted = 0
    for org in access.scope(Organisation).values_list("pk", flat=True):
        submitted += len(submissions_submit(access=access, organisation_id=org).submitted)
    steps["submit"] = time.perf_counter() - imported
    approved = submissions_approve(access=access)
    steps["approve"] = time.perf_counter() - imported - steps["submit"]
    assert submitted == len(approved.approved) == PARTNERS * QUARTERS, (submitted, approved.held)
    rows = scorecard(access)
    done = time.perf_counter()
    steps["scorecard"] = done - imported - steps["submit"] - steps["approve"]
    # The last quarter, summed over the partners, for every indicator.
    assert len(rows) == INDICATORS and all(
        r.latest == PARTNERS * (100 + int(r.indicator.code[4:]) + QUARTERS - 1) for r in rows
    ), [(r.indicator.code, r.latest) for r in rows[:3]]
    return imported - start, done - start, steps


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    access = build()
    imports, totals = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.csv"
        n = write_file(path)
        for attempt in range(REPEAT):
            if attempt:
                _empty(vendor)
            alone, total, steps = run(access, path, n)
            imports.append(alone)
            totals.append(total)
            print(
                f"{vendor}: import {alone:.2f} s, then submit {steps['submit']:.2f} s,"
                f" approve {steps['approve']:.2f} s, scorecard {steps['scorecard']:.2f} s:"
                f" {total:.2f} s in all"
            )
    total, alone = statistics.median(totals), statistics.median(imports)
    goal = (
        "< 2 s and <= 3x the import alone" if vendor == "postgresql" else "<= 3x the import alone"
    )
    record("measures.end_to_end", vendor, total, "s", alone, goal)


if __name__ == "__main__":
    main()

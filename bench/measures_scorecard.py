"""The scorecard of 200 indicators through the real selector vs one hand-written GROUP BY."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import median_seconds, record, setup_django
from bench.measures_common import build, write_csv


def main() -> None:
    os.environ.setdefault("BENCH_ROWS", "360000")  # the totals: every indicator, partner, period
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.db import connection

    from braid.measures.imports import import_file
    from braid.measures.models import Indicator, Submission
    from braid.measures.selectors import scorecard
    from braid.measures.services import aggregates_refresh

    access = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.csv"
        write_csv(path)
        assert import_file(access=access, path=path).ok
    Submission.objects.filter(collaborative=access.collaborative).update(status="approved")
    aggregates_refresh(
        collaborative_id=access.collaborative.pk,
        indicator_ids=set(Indicator.objects.values_list("pk", flat=True)),
    )
    rows = scorecard(access)
    assert len(rows) == 200 and all(r.latest is not None for r in rows)

    def group_by() -> list[tuple[object, ...]]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT indicator_id, period_id, SUM(value), AVG(value), COUNT(*) FROM measures_value"
                " WHERE collaborative_id = %s AND disaggregation = '' GROUP BY indicator_id, period_id",
                [access.collaborative.pk],
            )
            return cur.fetchall()

    card = median_seconds(lambda: scorecard(access), repeat=15)
    base = median_seconds(group_by, repeat=15)
    record(
        "measures.scorecard", vendor, card * 1000, "ms", base * 1000, "<= 2x GROUP BY and < 150 ms"
    )
    print(f"{vendor}: scorecard {card * 1000:.0f} ms, GROUP BY {base * 1000:.0f} ms")


if __name__ == "__main__":
    main()

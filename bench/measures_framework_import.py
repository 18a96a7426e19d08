"""A framework of 100 indicators with 4,000 targets (40 quarters) from one file, through the
real import, against a bare bulk insert of the same indicators and targets in the same run.
Goal: under 2 s, with a number of queries that does not grow with the targets (printed for
10 and 100 indicators)."""

from __future__ import annotations

import io
import os
import statistics
import time
from typing import Any

from bench.common import record, setup_django
from bench.measures_end_to_end import PARTNERS, QUARTERS, build

REPEAT = int(os.environ.get("BENCH_REPEAT", 3))


def framework_file(n: int) -> bytes:
    """n indicators with reporters, a breakdown, a baseline and a target for every quarter."""
    codes = [f"{2016 + q // 4}-Q{q % 4 + 1}" for q in range(QUARTERS)]
    head = "code,name,frequency,aggregation,reporters,disaggregations,baseline_value,"
    head += "baseline_period," + ",".join(f"target {c}" for c in codes)
    reporters = "; ".join(f"Partner {o}" for o in range(PARTNERS))
    lines = [head]
    for i in range(n):
        targets = ",".join(str(100 + i + q) for q in range(QUARTERS))
        lines.append(
            f'fw-{i:03d},Framework {i},quarterly,sum,{reporters},"age: 12-15, 16-18",'
            f"90,{codes[0]},{targets}"
        )
    return ("\n".join(lines) + "\n").encode()


def _reset() -> None:
    from braid.measures.models import Indicator, Target

    Target.objects.filter(indicator__code__startswith="fw-").delete()
    Indicator.objects.filter(code__startswith="fw-").delete()


def _import(access: Any, data: bytes) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from braid.measures.framework import import_framework

    _reset()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = import_framework(access=access, source=io.BytesIO(data), filename="f.csv")
        elapsed = time.perf_counter() - start
    assert result.ok, result.problems[:3]
    return elapsed, len(queries.captured_queries)


def _bare(access: Any, n: int) -> float:
    """The same rows written with two bulk inserts and nothing checked."""
    from django.db import transaction

    from braid.measures.models import Indicator, Period, Target

    _reset()
    periods = list(access.scope(Period).order_by("start"))
    start = time.perf_counter()
    with transaction.atomic():
        inds = Indicator.objects.bulk_create(
            Indicator(
                collaborative=access.collaborative,
                code=f"fw-{i:03d}",
                name=f"Framework {i}",
                frequency="quarterly",
            )
            for i in range(n)
        )
        Target.objects.bulk_create(
            (
                Target(collaborative=access.collaborative, indicator=ind, period=p, value=1)
                for ind in inds
                for p in periods
            ),
            batch_size=2000,
        )
    return time.perf_counter() - start


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    access = build()
    data = framework_file(100)
    runs = [_import(access, data) for _ in range(REPEAT)]
    bares = [_bare(access, 100) for _ in range(REPEAT)]
    _seconds, small = _import(access, framework_file(10))
    elapsed, queries = statistics.median(t for t, _q in runs), runs[0][1]
    print(
        f"{vendor}: 100 indicators, 4,000 targets in {elapsed:.2f} s "
        f"(bare inserts {statistics.median(bares):.2f} s); queries: {queries} for 100 "
        f"indicators, {small} for 10"
    )
    record(
        "measures.framework_import",
        vendor,
        elapsed,
        "s",
        statistics.median(bares),
        "< 2 s (ratio: against bare bulk inserts)",
    )
    record(
        "measures.framework_queries",
        vendor,
        queries,
        "count",
        small,
        "constant: 100 indicators vs 10",
    )


if __name__ == "__main__":
    main()

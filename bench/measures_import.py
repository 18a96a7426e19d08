"""1,000,000 value rows through the real import path vs a bare bulk load in the same process."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import record, setup_django
from bench.measures_common import build, read_rows, write_csv


def baseline(vendor: str, rows: list[tuple[object, ...]], plain: bool = False) -> float:
    from django.db import connection, transaction

    key = (
        ""
        if plain
        else ", UNIQUE (collaborative_id, indicator_id, period_id, organisation_id, disaggregation)"
    )
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_values")
        cur.execute(
            "CREATE TABLE bench_values (collaborative_id bigint, indicator_id bigint, organisation_id bigint,"
            f" period_id bigint, disaggregation varchar(80), value double precision{key})"
        )
        start = time.perf_counter()
        if vendor == "postgresql":
            with cur.cursor.copy("COPY bench_values FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.cursor.executemany("INSERT INTO bench_values VALUES (?, ?, ?, ?, ?, ?)", rows)
        elapsed = time.perf_counter() - start
        cur.execute("DROP TABLE bench_values")
    return elapsed


REPEAT = int(os.environ.get("BENCH_REPEAT", 3))


def _empty(vendor: str) -> None:
    """Back to an empty value table between runs (each run is a first import)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table in ("measures_value", "measures_submission"):
            cur.execute(f"{'TRUNCATE' if vendor == 'postgresql' else 'DELETE FROM'} {table}")


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from braid.measures.imports import import_file

    access = build()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.csv"
        n = write_csv(path)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for run in range(REPEAT):
            if run:
                _empty(vendor)
            start = time.perf_counter()
            result = import_file(access=access, path=path, reason="bench")
            times.append(time.perf_counter() - start)
            assert result.ok and result.rows == n, (result.problem_count, result.problems[:3])
            if not run:
                rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = read_rows(path, access)
    # PostgreSQL: COPY into a table with the value table's unique key; SQLite: executemany into
    # a plain table (the baselines). The medians of REPEAT runs of each: this
    # machine's timings vary by 20 % from one run to the next.
    bares = [baseline(vendor, rows, plain=vendor != "postgresql") for _ in range(REPEAT)]
    elapsed, bare = statistics.median(times), statistics.median(bares)
    print(
        f"{vendor}: import runs {', '.join(f'{t:.2f}' for t in times)} s;"
        f" baseline runs {', '.join(f'{t:.2f}' for t in bares)} s"
    )
    goal = "<= 2x COPY with unique key" if vendor == "postgresql" else "<= 3x executemany"
    record("measures.import", vendor, elapsed, "s", bare, goal)
    if vendor == "postgresql":
        record(
            "measures.import_vs_plain_copy",
            vendor,
            elapsed,
            "s",
            statistics.median(baseline(vendor, rows, plain=True) for _ in range(REPEAT)),
            "informational",
        )
    record(
        "measures.import_memory", vendor, rss_after / 1024, "MB", rss_before / 1024, "peak < 400 MB"
    )
    print(f"{vendor}: {n:,} rows in {elapsed:.1f} s (bare load {bare:.1f} s)")


if __name__ == "__main__":
    main()

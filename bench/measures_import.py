"""1,000,000 value rows through the real import path vs a bare bulk load in the same process."""

from __future__ import annotations

import os
import resource
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


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from braid.measures.imports import import_file

    access = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.csv"
        n = write_csv(path)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = import_file(access=access, path=path, reason="bench")
        elapsed = time.perf_counter() - start
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert result.ok and result.rows == n, (result.problem_count, result.problems[:3])
        rows = read_rows(path, access)
    # PostgreSQL: COPY into a table with the value table's unique key; SQLite: executemany into
    # a plain table (the baselines).
    bare = baseline(vendor, rows, plain=vendor != "postgresql")
    goal = "<= 2x COPY with unique key" if vendor == "postgresql" else "<= 3x executemany"
    record("measures.import", vendor, elapsed, "s", bare, goal)
    if vendor == "postgresql":
        record(
            "measures.import_vs_plain_copy",
            vendor,
            elapsed,
            "s",
            baseline(vendor, rows, plain=True),
            "informational",
        )
    record(
        "measures.import_memory", vendor, rss_after / 1024, "MB", rss_before / 1024, "peak < 400 MB"
    )
    print(f"{vendor}: {n:,} rows in {elapsed:.1f} s (bare load {bare:.1f} s)")


if __name__ == "__main__":
    main()

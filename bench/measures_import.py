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


def baseline(
    vendor: str, rows: list[tuple[object, ...]], plain: bool = False
) -> tuple[float, float]:
    """The bare bulk load, in one transaction: (seconds through its commit, seconds of the load
    alone). The import is timed through its commit, so the first is the like-for-like figure;
    the second is what earlier runs compared against (the table was dropped uncommitted, so its
    pages were never written)."""
    from django.db import connection, transaction

    key = (
        ""
        if plain
        else ", UNIQUE (collaborative_id, indicator_id, period_id, organisation_id, disaggregation)"
    )
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_values")
        cur.execute(
            "CREATE TABLE bench_values (collaborative_id bigint, indicator_id bigint, organisation_id bigint,"
            f" period_id bigint, disaggregation varchar(80), value double precision{key})"
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if vendor == "postgresql":
            with cur.cursor.copy("COPY bench_values FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.cursor.executemany("INSERT INTO bench_values VALUES (?, ?, ?, ?, ?, ?)", rows)
        loaded = time.perf_counter() - start
    committed = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_values")
    return committed, loaded


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
                # A large file is read by a child process on SQLite: its peak counts too
                # (summed with this process's, which overstates what the two share).
                rss_after = (
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                    + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                )
        rows = read_rows(path, access)
    # PostgreSQL: COPY into a table with the value table's unique key; SQLite: executemany into
    # a plain table (the baselines). The medians of REPEAT runs of each: this
    # machine's timings vary by 20 % from one run to the next.
    runs = [baseline(vendor, rows, plain=vendor != "postgresql") for _ in range(REPEAT)]
    bares = [committed for committed, _loaded in runs]
    elapsed, bare = statistics.median(times), statistics.median(bares)
    load_only = statistics.median(loaded for _committed, loaded in runs)
    print(
        f"{vendor}: import runs {', '.join(f'{t:.2f}' for t in times)} s;"
        f" baseline runs {', '.join(f'{c:.2f} ({lo:.2f} before commit)' for c, lo in runs)} s"
    )
    goal = "<= 2x COPY with unique key" if vendor == "postgresql" else "<= 3x executemany"
    record("measures.import", vendor, elapsed, "s", bare, goal)
    record(
        "measures.import_vs_load_only",
        vendor,
        elapsed,
        "s",
        load_only,
        "informational: baseline timed before its commit",
    )
    if vendor != "postgresql":
        # Where SQLite's time goes: the same executemany into a table with the value table's
        # unique key costs about twice the plain one, before any reading or checking.
        record(
            "measures.import_vs_keyed_executemany",
            vendor,
            elapsed,
            "s",
            statistics.median(baseline(vendor, rows)[0] for _ in range(REPEAT)),
            "informational: executemany into a table with the value table's unique key",
        )
    if vendor == "postgresql":
        record(
            "measures.import_vs_plain_copy",
            vendor,
            elapsed,
            "s",
            statistics.median(baseline(vendor, rows, plain=True)[0] for _ in range(REPEAT)),
            "informational",
        )
    record(
        "measures.import_memory", vendor, rss_after / 1024, "MB", rss_before / 1024, "peak < 400 MB"
    )
    print(f"{vendor}: {n:,} rows in {elapsed:.1f} s (bare load {bare:.1f} s)")


if __name__ == "__main__":
    main()

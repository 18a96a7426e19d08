"""`make bench`: run every benchmark on SQLite and (when reachable) PostgreSQL, print the table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import RESULTS, print_table

BENCHMARKS = [
    "bench.home_page",
    "bench.measures_import",
    "bench.measures_scorecard",
    "bench.measures_scorecard_page",
    "bench.measures_values_page",
    "bench.measures_end_to_end",
    "bench.measures_framework_import",
    "bench.agenda_alignment",
    "bench.load_mixed",
    "bench.meetings_feed",
    "bench.assess_network_metrics",
    "bench.reports_public_page",
    "bench.assess_survey_results",
]
PG_URL = os.environ.get(
    "BRAID_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/braid_bench"
)


def _fresh_postgres(url: str) -> bool:
    try:
        import psycopg

        base, _, name = url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except Exception as exc:
        print(f"(PostgreSQL not reachable at {url}: {exc}; SQLite only)")
        return False


def main() -> int:
    only = sys.argv[1:] or BENCHMARKS
    if not sys.argv[1:] and RESULTS.exists():
        RESULTS.unlink()  # a full run starts afresh; a single benchmark updates its own lines
    for module in only:
        targets = []
        with tempfile.TemporaryDirectory() as tmp:
            targets.append(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            if _fresh_postgres(PG_URL):
                targets.append(PG_URL)
            for url in targets:
                env = {**os.environ, "BRAID_BENCH_DB": url, "BRAID_VAR_DIR": tmp}
                if url.startswith("postgres") and url != targets[0]:
                    _fresh_postgres(url)
                code = subprocess.call([sys.executable, "-m", module], env=env)
                if code:
                    print(f"{module} failed on {url.split(':')[0]}", file=sys.stderr)
                    return code
    print_table(json.loads(RESULTS.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

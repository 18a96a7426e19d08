"""A crash mid-import loses nothing and leaves nothing half-done: `braid import values` is
killed with SIGKILL (no handler, no clean-up: a power cut, the OOM killer) while it writes a
large file into its own database; afterwards no figure of that file is stored, the database is
sound, and the same import run again stores every figure once.

Real processes, a real file and a real database of the test's own (not the test database):
what is checked is what a person would find after restarting the server. On the SQLite leg a
database file (killed once its write-ahead log has grown by 8 MB; the import's page cache is
made small, so its pages reach the log while it writes and not all at once when it commits,
which a kill could miss); on the PostgreSQL leg a
fresh database on the leg's server (killed once the value table has grown by 8 MB of rows
not yet committed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
POSTGRES = os.environ.get("BRAID_TEST_LEG") == "postgresql"
ROOT = Path(__file__).resolve().parents[3]

SETUP = """
from pathlib import Path
from bench.common import setup_django
from bench.measures_common import build, write_csv
setup_django(os.environ["BRAID_DATABASE_URL"])
build()
print(write_csv(Path(os.environ["KILL9_FILE"])))
"""
COUNT = """
from bench.common import setup_django
setup_django(os.environ["BRAID_DATABASE_URL"])
from django.db import connection
from braid.measures.models import Value
with connection.cursor() as c:
    if connection.vendor == "sqlite":
        c.execute("PRAGMA integrity_check")
        sound = c.fetchone()[0]
    else:  # no transaction of the killed process is left open, and the table reads whole
        c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'")
        sound = "ok" if c.fetchone()[0] == 0 else "open-transaction"
        c.execute("SELECT count(*) FROM measures_value")
    print(sound, Value.objects.count())
"""


def _server() -> str:
    """The PostgreSQL leg's server, without a database name."""
    url = os.environ["BRAID_TEST_DATABASE_URL"]
    return url.rsplit("/", 1)[0]


def _postgres_database(tmp_path: Path) -> str:
    import psycopg

    name = f"braid_kill9_{os.getpid()}"
    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{_server()}/{name}"


def _drop_postgres_database(url: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRAID_TEST")}
    return env | {
        "BRAID_DATABASE_URL": database_url,
        "BRAID_VAR_DIR": str(tmp_path / "var"),
        "KILL9_FILE": str(tmp_path / "values.csv"),
        "BENCH_INDICATORS": "40",
        "BENCH_PARTNERS": "10",
        "BENCH_PERIODS": "60",
        "BENCH_DISAGGREGATED": "40",
        "BENCH_ROWS": "400000",
        "BRAID_IMPORT_SQLITE_CACHE_MB": "2",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def _python(code: str, env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", "import os\n" + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1]


def _import(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = ["-m", "braid.cli", "import", "values", env["KILL9_FILE"], "--collaborative", "bench"]
    return subprocess.Popen(
        [sys.executable, *command],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=Path(env["KILL9_FILE"]).with_suffix(".log").open("wb"),
    )


class Growth:
    """How much the import has written so far that is not committed: SQLite's write-ahead log,
    or PostgreSQL's value table (uncommitted rows take pages too)."""

    def __init__(self, env: dict[str, str], tmp_path: Path) -> None:
        self.url = env["BRAID_DATABASE_URL"]
        self.wal = tmp_path / "braid.sqlite3-wal"
        self.start = self.size()

    def size(self) -> int:
        if not POSTGRES:
            return self.wal.stat().st_size if self.wal.exists() else 0
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as c:
            row = c.execute("SELECT pg_total_relation_size('measures_value')").fetchone()
        return int(row[0]) if row else 0

    def grown(self, by: int) -> bool:
        return self.size() >= self.start + by


def test_an_import_killed_mid_write_leaves_nothing_and_runs_again_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = _postgres_database(tmp_path) if POSTGRES else f"sqlite:///{tmp_path / 'braid.sqlite3'}"
    try:
        _kill_and_run_again(_env(tmp_path, url), tmp_path)
    finally:
        if POSTGRES:
            _drop_postgres_database(url)


def _kill_and_run_again(env: dict[str, str], tmp_path: Path) -> None:
    rows = int(_python(SETUP, env))
    assert rows == 400_000
    growth = Growth(env, tmp_path)
    running = _import(env)
    deadline = time.monotonic() + 300
    # Kill once the import is writing: its transaction has grown the database by 8 MB.
    while not growth.grown(8 << 20):
        log = Path(env["KILL9_FILE"]).with_suffix(".log")
        assert running.poll() is None, f"the import ended before it was killed: {log.read_text()}"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    running.send_signal(signal.SIGKILL)
    assert running.wait(timeout=30) == -signal.SIGKILL
    time.sleep(0.5 if POSTGRES else 0)  # the server notices the closed connection and rolls back
    sound, stored = _python(COUNT, env).split()
    assert (sound, stored) == ("ok", "0"), "a killed import left figures behind"
    again = _import(env)
    assert again.wait(timeout=600) == 0, Path(env["KILL9_FILE"]).with_suffix(".log").read_text()
    sound, stored = _python(COUNT, env).split()
    assert sound == "ok" and int(stored) == rows

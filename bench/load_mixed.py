"""Load: `braid serve`'s gunicorn (3 workers) on PostgreSQL with the demo, driven by Locust
headless in this process (127.0.0.1 only, 8 users, 20 s per run: bounded in count and time).

`load.mixed`: stewards reading the scorecard and the review board, viewers the scorecard and an
indicator, partners their report page, the values and scorecard APIs, with the login page as
the baseline (the cheapest page through the same stack, same run). `load.scorecard_api`: the
scorecard API alone; `load.scorecard_page`: a signed-in viewer's scorecard page alone. Each
user sends its next request as soon as the last one answers (c=8 in flight). Recorded: requests per second (value) and p50/p95/p99 in the goal text;
the ratio is this throughput as a share of the login page's.
SQLite is skipped: one writer, and not the production path."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import record, setup_django

PORT = int(os.environ.get("BRAID_LOAD_PORT", "8199"))
USERS = int(os.environ.get("BRAID_LOAD_USERS", "8"))
SECONDS = int(os.environ.get("BRAID_LOAD_SECONDS", "20"))
WORKERS = os.environ.get("BRAID_LOAD_WORKERS", "3")


def _serve(db_url: str, var: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BRAID_DATABASE_URL": db_url,
        "BRAID_VAR_DIR": var,
        "BRAID_SECRET_KEY": "bench-" + "x" * 40,
        "BRAID_DEBUG": "0",
        "BRAID_DB_CONN_MAX_AGE": os.environ.get("BRAID_DB_CONN_MAX_AGE", "60"),
        "BRAID_LOG_LEVEL": "WARNING",
        "BRAID_RATE_EXPORT": "100000/m",
        "BRAID_RATE_TOKEN": "100000/m",
    }
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=root,
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
            "--preload",  # as `braid serve` does
        ],
        cwd=root,
        env=env,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _run(user_classes: list[Any]) -> dict[str, Any]:
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=user_classes, host=f"http://127.0.0.1:{PORT}")
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(SECONDS)
    runner.quit()
    elapsed = time.monotonic() - started
    total = env.stats.total
    by_name = {
        name: {
            "rps": round(entry.total_rps, 1),
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
        for (name, _method), entry in env.stats.entries.items()
    }
    return {
        # Requests over the run's wall time (locust's own rate can read 0 once stopped).
        "rps": total.num_requests / elapsed,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "failures": total.num_failures,
        "requests": total.num_requests,
        "by_name": by_name,
    }


def main() -> None:
    db_url = os.environ["BRAID_BENCH_DB"]
    if not db_url.startswith("postgres"):
        print("load.*: PostgreSQL only (skipped on SQLite)")
        return
    setup_django(db_url)
    from braid.accounts.models import User
    from braid.accounts.services import api_token_create
    from braid.demo.seed import load_demo
    from braid.measures.models import Indicator

    demo = load_demo(force=True)
    tokens = {
        role: api_token_create(
            user=User.objects.get(email=f"{role}@demo.braid"), name="load"
        ).secret
        for role in ("steward", "partner", "viewer")
    }
    indicator = Indicator.objects.filter(collaborative=demo).order_by("pk").first()
    assert indicator is not None
    slug = demo.slug
    from django.db import connections

    connections.close_all()

    from locust import constant, task
    from locust.contrib.fasthttp import FastHttpUser as HttpUser

    # No pause between a user's requests: each run measures what the server holds with 8
    # requests always in flight (a closed loop at c=8, as `hey -c 8` would). A pause per user
    # caps the rate at 8 / (latency + pause) whatever the server can do.
    THINK = constant(0)

    def session(user: Any, email: str, password: str) -> None:
        user.client.get("/accounts/login/", name="login page")
        csrf = next((c.value for c in user.client.cookiejar if c.name == "csrftoken"), "")
        user.client.post(
            "/accounts/login/",
            {"username": email, "password": password, "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"http://127.0.0.1:{PORT}/accounts/login/"},
            name="login",
        )
        # Signed in, or every page below would time the login page it redirects to.
        with user.client.get(
            f"/c/{slug}/measures/",
            name="signed in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{email} is not signed in ({answer.status_code})")

    class Steward(HttpUser):
        weight = 2
        wait_time = THINK

        def on_start(self) -> None:
            session(self, "steward@demo.braid", "demo-steward")

        @task(3)
        def scorecard(self) -> None:
            self.client.get(f"/c/{slug}/measures/", name="scorecard page")

        @task(1)
        def review(self) -> None:
            self.client.get(f"/c/{slug}/measures/review/", name="review board")

    class Viewer(HttpUser):
        weight = 2
        wait_time = THINK

        def on_start(self) -> None:
            session(self, "viewer@demo.braid", "demo-viewer")

        @task(2)
        def scorecard(self) -> None:
            self.client.get(f"/c/{slug}/measures/", name="scorecard page")

        @task(1)
        def indicator_page(self) -> None:
            self.client.get(f"/c/{slug}/measures/indicators/{indicator.pk}/", name="indicator page")

    class Partner(HttpUser):
        weight = 1
        wait_time = THINK

        def on_start(self) -> None:
            session(self, "partner@demo.braid", "demo-partner")

        @task
        def report(self) -> None:
            self.client.get(f"/c/{slug}/measures/report/", name="partner report page")

    class Api(HttpUser):
        weight = 2
        wait_time = THINK

        @task(2)
        def scorecard(self) -> None:
            self.client.get(
                f"/api/v1/collaboratives/{slug}/scorecard",
                headers={"Authorization": f"Bearer {tokens['viewer']}"},
                name="scorecard API",
            )

        @task(1)
        def values(self) -> None:
            self.client.get(
                f"/api/v1/collaboratives/{slug}/values?limit=200",
                headers={"Authorization": f"Bearer {tokens['steward']}"},
                name="values API",
            )

    class Baseline(HttpUser):
        wait_time = THINK

        @task
        def login_page(self) -> None:
            self.client.get("/accounts/login/", name="login page")

    class ScorecardApi(HttpUser):
        wait_time = THINK

        @task
        def scorecard(self) -> None:
            self.client.get(
                f"/api/v1/collaboratives/{slug}/scorecard",
                headers={"Authorization": f"Bearer {tokens['viewer']}"},
                name="scorecard API",
            )

    class ScorecardPage(HttpUser):
        wait_time = THINK

        def on_start(self) -> None:
            session(self, "viewer@demo.braid", "demo-viewer")

        @task
        def scorecard(self) -> None:
            self.client.get(f"/c/{slug}/measures/", name="scorecard page")

    import tempfile

    with tempfile.TemporaryDirectory() as var:
        server = _serve(db_url, var)
        try:
            baseline = _run([Baseline])
            mixed = _run([Steward, Viewer, Partner, Api])
            api = _run([ScorecardApi])
            page = _run([ScorecardPage])
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def goal(r: dict[str, Any], aim: str) -> str:
        return (
            f"{aim}; p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, "
            f"{r['requests']} requests, {r['failures']} failed, c={USERS}, {WORKERS} workers; "
            f"by route {r['by_name']}"
        )

    for name, result, aim in (
        ("load.mixed", mixed, "mixed traffic of stewards, viewers, partners and the API"),
        ("load.scorecard_api", api, "goal 300 req/s at p95 < 200 ms"),
        ("load.scorecard_page", page, "goal 300 req/s at p95 < 200 ms"),
    ):
        print(name, round(result["rps"], 1), "req/s", goal(result, aim))
        record(
            name,
            "postgresql",
            result["rps"],
            "req/s",
            baseline["rps"],
            goal(result, aim),
        )


if __name__ == "__main__":
    main()

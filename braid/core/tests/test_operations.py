"""Probes, logs and the commands an operator runs: /healthz, /readyz, JSON lines with the
request id, `braid worker` without a broker, a quick start for small commands."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from braid.core.logs import JsonFormatter, RequestIdFilter


def test_healthz_answers_without_the_database(client):  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_checks_the_database_and_a_configured_broker(client, db, settings):  # type: ignore[no-untyped-def]
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"]["ok"]
    settings.BRAID_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    from braid.core.background import celery_app

    current_app = celery_app()
    saved = current_app.conf.broker_write_url
    current_app.conf.broker_write_url = settings.BRAID_BROKER_URL
    try:
        down = client.get("/readyz")
    finally:
        current_app.conf.broker_write_url = saved
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unavailable" and not body["checks"]["broker"]["ok"]
    assert body["checks"]["database"]["ok"]


def test_every_response_carries_a_request_id_and_keeps_the_proxys(client, db):  # type: ignore[no-untyped-def]
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>" and len(forged) == 32


def test_json_log_lines_carry_the_request_id():
    from braid.core.logs import request_id

    token = request_id.set("req-42")
    try:
        record = logging.LogRecord(
            "braid.x", logging.WARNING, __file__, 1, "hello %s", ("you",), None
        )
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "hello you" and line["request_id"] == "req-42"
    assert line["level"] == "WARNING" and line["time"].endswith("+00:00")


def test_worker_without_a_broker_says_it_is_not_needed(settings):  # type: ignore[no-untyped-def]
    settings.BRAID_BROKER_URL = ""
    with pytest.raises(CommandError, match="no worker is needed"):
        call_command("worker")


def test_a_small_command_starts_quickly():
    """`braid help` loads no heavy library (WeasyPrint, igraph, numpy, scikit-learn, openpyxl,
    schemathesis): they are imported where they are used."""
    root = Path(django_settings.BASE_DIR)
    code = (
        "import sys, time; t = time.perf_counter(); from braid.cli import main\n"
        "sys.argv = ['braid', 'help']\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): main()\n"
        "heavy = [m for m in ('weasyprint', 'igraph', 'numpy', 'sklearn', 'openpyxl', "
        "'networkx', 'vl_convert') if m in sys.modules]\n"
        "print(heavy)"
    )
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
    )
    elapsed = time.perf_counter() - started
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    print(f"braid help: {elapsed:.2f} s")


def test_a_small_command_does_not_import_celery() -> None:
    """Celery loads only where background work is sent or run: `braid version` (and every
    command that sends nothing) starts without it."""
    import subprocess
    import sys

    code = (
        "import sys; from braid.cli import main; main(['version']); print('celery' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "False"


def test_tasks_are_registered_with_the_configured_app_however_late_they_are_defined() -> None:
    from braid.core.background import celery_app, task

    app = celery_app()
    assert "braid.core.run_outbox" in app.tasks and "braid.measures.tasks.run_import" in app.tasks

    @task(name="braid.tests.late")
    def late(x: int) -> int:
        return x + 1

    assert app.tasks["braid.tests.late"].run(1) == 2 and late.delay(2).get() == 3

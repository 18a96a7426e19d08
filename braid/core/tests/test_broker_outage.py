"""The broker down loses no work: the task waits in the outbox, is sent when the broker is
back, and runs exactly once even when its message arrives twice.

A real Redis of the test's own (port 6390, no persistence) is started, stopped and started
again; the shared Redis on 6379 is never touched."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from braid.core.background import celery_app, drain_outbox, enqueue, run_outbox, task
from braid.core.models import OutboxTask

PORT = 6390
URL = f"redis://127.0.0.1:{PORT}/0"
CALLS: list[str] = []

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


@task(name="braid.tests.probe")
def probe(word: str) -> None:
    CALLS.append(word)


class Redis:
    """A redis-server of the test's own on `port`, without persistence."""

    def __init__(self, port: int = PORT) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def broker(settings) -> Iterator[Redis]:  # type: ignore[no-untyped-def]
    """Braid configured with a broker at our own Redis (started), Celery not eager."""
    server = Redis()
    server.start()
    settings.BRAID_BROKER_URL = URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app = celery_app()
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = URL
    app.conf.task_always_eager = False
    app.conf.broker_connection_timeout = 1
    _fresh_pools(app)
    CALLS.clear()
    try:
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.task_always_eager = saved
        app.conf.broker_write_url = app.conf.broker_read_url = saved[0]
        _fresh_pools(app)


def _fresh_pools(app) -> None:  # type: ignore[no-untyped-def]
    """The producer pools are made for the broker configured now."""
    app._pool = None
    app.amqp._producer_pool = None


def deliver() -> int:
    """Play the worker: take every message off the queue and run it (here, in this process)."""
    import json

    import redis

    client = redis.Redis.from_url(URL)
    ran = 0
    while raw := client.lpop("celery"):
        message = json.loads(raw)
        assert message["headers"]["task"] == "braid.core.run_outbox"
        import base64

        args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        celery_app().tasks["braid.core.run_outbox"].run(*args, **kwargs)
        ran += 1
    return ran


@pytest.mark.django_db(transaction=True)
def test_work_queued_while_the_broker_is_down_runs_once_when_it_is_back(broker):  # type: ignore[no-untyped-def]
    broker.stop()
    started = time.perf_counter()
    with transaction.atomic():
        enqueue(probe, "hello")
    assert time.perf_counter() - started < 5  # a warning, not a hang nor an error
    row = OutboxTask.objects.get()
    assert row.sent_at is None and row.attempts == 1 and row.error
    assert drain_outbox()["waiting"] == 1  # still down: nothing lost, nothing claimed
    assert CALLS == []

    broker.start()
    assert drain_outbox() == {"sent": 1, "waiting": 0, "abandoned": 0}
    assert deliver() == 1
    assert CALLS == ["hello"]
    row.refresh_from_db()
    assert row.sent_at and row.started_at and row.finished_at and not row.error

    # The same message delivered again (sent, and re-sent because the mark was lost): the
    # claim makes it a no-op.
    run_outbox.run(row.pk)
    assert CALLS == ["hello"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(broker):  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(probe, "never")
        raise RuntimeError
    assert not OutboxTask.objects.exists()
    assert deliver() == 0 and CALLS == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_with_the_broker_down_answers_and_its_job_runs_later(  # type: ignore[no-untyped-def]
    broker, settings, tmp_path, partner_client, collaborative
):
    from braid.measures.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    broker.stop()
    file = __import__("io").BytesIO(b"indicator,period,value\nnope,2026-01,4\n")
    file.name = "values.csv"
    response = partner_client.post(
        reverse("measures:upload", args=[collaborative.slug]), {"file": file}
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "queued" and OutboxTask.objects.get().sent_at is None

    broker.start()
    drain_outbox()
    assert deliver() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.result["problem_count"] == 2  # unknown code and period
    assert not list((tmp_path / "imports").iterdir())


@pytest.mark.django_db(transaction=True)
def test_remind_with_the_broker_down_answers_and_the_mail_goes_once_it_is_back(  # type: ignore[no-untyped-def]
    broker, steward_client, partner, collaborative
):
    from braid.measures.tests.factories import indicator, period

    org = partner.memberships.get().organisation
    indicator(collaborative, "youth-served", [org])
    owed = period(collaborative, "2026-01", 1)
    broker.stop()
    response = steward_client.post(
        reverse("measures:remind", args=[collaborative.slug, owed.pk]), follow=True
    )
    assert response.status_code == 200
    assert mail.outbox == []  # not sent yet, and recorded to be sent
    assert OutboxTask.objects.get(name="braid.measures.tasks.send_reminders").sent_at is None

    broker.start()
    drain_outbox()
    deliver()
    deliver()
    assert [m.to for m in mail.outbox] == [[partner.email]]

"""The Celery path for real, as an installation runs it: `braid worker` (a Celery worker with
its beat) in a process of its own, a Redis of this test's own (port 6391, no persistence; the
shared one on 6379 is never touched), and the test's PostgreSQL database shared by both.

1. A digest that is due is sent by the beat's housekeeping entry, run by the worker, to a
   real mail backend (files in a folder).
2. The broker goes down while a steward changes a meeting: the change is saved and the kick
   waits in the outbox; the broker comes back, the worker reconnects, the beat drains the
   outbox and the change is mailed: nothing lost.

It needs a database another process can open, so it runs on the PostgreSQL leg (CI runs both
legs); on SQLite's in-memory test database it is skipped with that reason."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from braid.collaboratives.access import access_for
from braid.core.background import celery_app
from braid.core.models import OutboxTask
from braid.core.tests.test_broker_outage import Redis
from braid.meetings import notifications, services
from braid.meetings.models import Notification
from braid.meetings.tests.factories import make_body, make_meeting

PORT = 6391
URL = f"redis://127.0.0.1:{PORT}/0"
ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path) -> Iterator[tuple[Redis, Path]]:  # type: ignore[no-untyped-def]
    """Our Redis (started), this process sending to it, and `braid worker` taking from it."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database: PostgreSQL leg only")
    server = Redis(PORT)
    server.start()
    _send_to(settings, URL)
    mail_dir = tmp_path / "mail"
    log = (tmp_path / "worker.log").open("wb")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BRAID_DATABASE_URL": _database_url(),
        "BRAID_BROKER_URL": URL,
        "BRAID_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "BRAID_EMAIL_FILE_PATH": str(mail_dir),
        "BRAID_BEAT_SECONDS": "1",
        "BRAID_VAR_DIR": str(tmp_path / "var"),
        "BRAID_SECRET_KEY": "worker-test-only",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "braid.cli", "worker", "--concurrency", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield server, mail_dir
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        server.stop()
        _send_to(settings, None)
        print((tmp_path / "worker.log").read_text(errors="replace")[-4000:])  # shown on failure


def _send_to(settings, url: str | None) -> None:  # type: ignore[no-untyped-def]
    """This process hands its tasks to the broker at `url` (None: back to eager)."""
    app = celery_app()
    settings.BRAID_BROKER_URL = url or ""
    settings.CELERY_TASK_ALWAYS_EAGER = url is None
    broker = url or "memory://"
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = broker
    app.conf.task_always_eager = url is None
    app.conf.broker_connection_timeout = 1
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(what: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if what():
            return True
        time.sleep(0.25)
    return False


def _mails_to(mail_dir: Path, address: str) -> list[str]:
    if not mail_dir.exists():
        return []
    texts = [p.read_text(errors="replace") for p in sorted(mail_dir.iterdir())]
    return [t for t in texts if address in t]


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_mails_a_due_digest_and_survives_a_broker_outage(  # type: ignore[no-untyped-def]
    worker, collaborative, organisation, steward, partner
):
    server, mail_dir = worker
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(days=2))  # digest due

    assert _wait_for(lambda: bool(_mails_to(mail_dir, partner.email))), "no digest was mailed"
    assert not Notification.objects.filter(user=partner, sent_at__isnull=True).exists()
    assert "Steering committee" in _mails_to(mail_dir, partner.email)[0]
    assert django_settings.CELERY_BEAT_SCHEDULE["housekeeping"]["task"] == "braid.core.housekeeping"

    # The broker goes down; the change is saved and its kick waits in the outbox.
    notifications.preferences_save(
        access=access_for(partner, collaborative.slug), chosen={"meeting.scheduled": "immediate"}
    )
    server.stop()
    services.meeting_update(
        access=access_for(steward, collaborative.slug), meeting_id=meeting.pk, place="Room 4"
    )
    waiting = OutboxTask.objects.filter(
        name="braid.meetings.tasks.send_notifications", sent_at__isnull=True
    )
    assert waiting.count() == 1 and waiting.get().error
    # Quiet for longer than the merging window, so the worker's task sends at once.
    quiet_since = timezone.now() - dt.timedelta(minutes=10)
    Notification.objects.filter(sent_at__isnull=True).update(
        created_at=quiet_since, updated_at=quiet_since
    )
    time.sleep(2)  # the worker and its beat meet the closed port
    assert len(_mails_to(mail_dir, partner.email)) == 1

    server.start()
    assert _wait_for(lambda: len(_mails_to(mail_dir, partner.email)) == 2), "change not mailed"
    assert "Room 4" in _mails_to(mail_dir, partner.email)[1]
    assert _wait_for(
        lambda: not OutboxTask.objects.filter(
            name="braid.meetings.tasks.send_notifications", finished_at__isnull=True
        ).exists()
    )
    assert not Notification.objects.filter(sent_at__isnull=True).exists()

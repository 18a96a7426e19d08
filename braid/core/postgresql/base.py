"""Django's PostgreSQL backend, with a cheaper check of a kept connection.

Connections are kept between requests (`BRAID_DB_CONN_MAX_AGE`) and checked before reuse
(`CONN_HEALTH_CHECKS`), so a connection the database cut is replaced at once. Django checks
with `SELECT 1`: a round trip on every request, one statement in four on a signed-in page.
An idle connection in good order has nothing waiting on its socket; one the server ended (a
restart, `pg_terminate_backend`, an idle timeout) has the server's last message or the end of
the stream waiting there. So: a connection libpq still counts as open, idle outside any
transaction, with nothing to read, is usable; anything else gets Django's `SELECT 1`. (A
network that drops packets without a word is seen by neither check: the first statement
waits for TCP's own timeout in both.)
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        pgconn = self.connection.pgconn
        if (
            pgconn.status == pq.ConnStatus.OK
            and pgconn.transaction_status == pq.TransactionStatus.IDLE
        ):
            try:
                poll = select.poll()
                poll.register(pgconn.socket, select.POLLIN | select.POLLPRI)
                waiting = poll.poll(0)
            except (OSError, ValueError, psycopg.Error):
                return False
            if not waiting:
                return True
        return bool(super().is_usable())

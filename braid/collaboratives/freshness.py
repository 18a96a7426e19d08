"""Caching what a reader sees until the collaborative's data changes.

Every service that changes data writes one audit line in the same transaction (a suite-wide
check enforces it, braid.collaboratives.testing), so the collaborative's latest audit line is
a mark that moves whenever anything it shows could have changed. A cached answer is kept under
that mark, the reader's audience (everything that decides what it may see), the language and
the day (what is due or late depends on it); a change makes a new key, and the old entry
simply expires. One rule for every cached reading: the scorecard page and API, the public
results page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone, translation

from braid.collaboratives.models import AuditEvent

if TYPE_CHECKING:
    from braid.collaboratives.disclosure import Audience

T = TypeVar("T")
SECONDS = 3600
# Set per test (braid/conftest.py): databases made afresh reuse ids, and the cache outlives them.
namespace = ""


def forget() -> None:
    """Read everything afresh in this process (tests that write rows without a service)."""
    import uuid

    global namespace
    namespace = uuid.uuid4().hex


def data_mark(collaborative_id: int) -> int:
    """The latest audit line of the collaborative: it moves whenever its data changes."""
    return (
        AuditEvent.objects.filter(collaborative_id=collaborative_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )


def _mark(collaborative_id: int) -> str:
    """The latest audit line's id and time (a restored database may reuse an id). Every
    cached page and API answer reads it first, so it is one statement written out: Django's
    compiling of the same query cost more than the database's answering it."""
    # Where the ORM would read it (a replica for a GET, braid.core.replica): the mark must
    # come from the database the cached answer is built from.
    db = connections[router.db_for_read(AuditEvent)]
    with db.cursor() as cursor:
        cursor.execute(_LATEST, [collaborative_id])
        latest = cursor.fetchone()
    if latest is None:
        return "0"
    when = latest[1]
    if timezone.is_naive(when):  # SQLite answers the time in the connection's zone, naive
        when = timezone.make_aware(when, db.timezone)
    return f"{latest[0]}@{when.timestamp()}"


_AUDIT = AuditEvent._meta.db_table
_LATEST = (
    f"SELECT id, created_at FROM {_AUDIT}"  # noqa: S608 - the model's own table name
    " WHERE collaborative_id = %s ORDER BY id DESC LIMIT 1"
)


def remember(
    audience: Audience, what: str, build: Callable[[], T], *extra: Any, shared: bool = True
) -> T:
    """`build()` once per change of the data, for this audience, language and day.

    `shared=False` keeps the answer in this process's memory only, one per reading (the
    latest change's; a hundred readings, the least recently used dropped): for an answer
    cheaper to build again in each process than to write to the shared cache, such as a large
    page built from parts that are themselves cached."""
    reading, marks = _key(audience, what, extra)
    if not shared:
        kept = _here.get(reading)
        if kept is not None and kept[0] == marks:
            return kept[1]  # type: ignore[no-any-return]
        found = build()
        _here.put(reading, (marks, found))
        return found
    key = f"{reading}:{marks}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, SECONDS)
    return found


def _key(audience: Audience, what: str, extra: tuple[Any, ...]) -> tuple[str, str]:
    """The reading (who reads what, in which language, which day) and the data's marks."""
    marks = ".".join(f"{c.pk}-{_mark(c.pk)}" for c in audience.collaboratives)
    parts = (namespace, what, audience.key, translation.get_language(), timezone.localdate())
    return "braid:seen:" + ":".join(str(p) for p in (*parts, *extra)), marks


class Here:
    """A bounded store in this process's memory, the least recently used dropped first; safe
    across threads. Its keys say which data they hold (a data mark, a row's digest), so no
    process needs telling that another changed the data."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: str, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_here = Here(100)

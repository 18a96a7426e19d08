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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
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
    """The latest audit line's id and time (a restored database may reuse an id)."""
    latest = (
        AuditEvent.objects.filter(collaborative_id=collaborative_id)
        .order_by("-pk")
        .values_list("pk", "created_at")
        .first()
    )
    return f"{latest[0]}@{latest[1].timestamp()}" if latest else "0"


def remember(audience: Audience, what: str, build: Callable[[], T], *extra: Any) -> T:
    """`build()` once per change of the data, for this audience, language and day."""
    marks = ".".join(f"{c.pk}-{_mark(c.pk)}" for c in audience.collaboratives)
    parts = (
        namespace,
        what,
        audience.key,
        marks,
        translation.get_language(),
        timezone.localdate(),
        *extra,
    )
    key = "braid:seen:" + ":".join(str(p) for p in parts)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, SECONDS)
    return found

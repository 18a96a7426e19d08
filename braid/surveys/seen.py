"""A round's results as one reader was shown them (the API's JSON, the page's tables), kept
until anything they show could change.

What they show changes with the reader (`Audience.key`: who reads, the floor), the language,
the day (a round closes on its date), anything a steward changes (every such service writes
an audit line: the round's dates and status, the floor, a sector's name, an instrument file)
and the responses (a finish writes no audit line, ADR 0010: the collaborative's count of
responses moves instead; they are only ever added, so it covers the round and the rounds it
is compared with). Braid's own instruments and the results' template change only with the
code: their digest is part of the mark. As for the scores (`tallies`), each reader has one entry per round, replaced when
the mark moves, never two states side by side.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from braid.collaboratives import freshness
from braid.collaboratives.disclosure import Audience
from braid.collaboratives.models import AuditEvent
from braid.surveys.definitions import builtin
from braid.surveys.models import Response, Round

T = TypeVar("T")
VERSION = 1  # of what is kept: bump when the documents' shape changes
SECONDS = 3600


@functools.cache
def _code_digest() -> str:
    """Braid's own instruments and the results' template, as this process has them."""
    from django.template.loader import get_template

    text = json.dumps({ref: inst.raw for ref, inst in builtin().items()}, sort_keys=True)
    text += get_template("surveys/results_body.html").template.source  # type: ignore[attr-defined]
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def mark(round_: Round) -> str:
    """What the round's results, as anyone reads them, depend on beyond the reader."""
    cid = round_.collaborative_id
    audit = (
        AuditEvent.objects.filter(collaborative_id=cid)
        .order_by("-pk")
        .values_list("pk", "created_at")
        .first()
    )
    responses = Response.objects.filter(collaborative_id=cid).count()
    line = f"{audit[0]}@{audit[1].timestamp()}" if audit else "0"
    return f"{VERSION}/{line}/{responses}/{timezone.localdate()}/{_code_digest()}"


def remember(audience: Audience, round_: Round, what: str, build: Callable[[], T]) -> T:
    """`build()` once per change of what it shows, for this reader and language."""
    parts = (
        freshness.namespace,
        what,
        audience.key,
        round_.pk,
        round_.created_at.timestamp(),
        translation.get_language(),
    )
    key = "braid:survey-seen:" + ":".join(str(p) for p in parts)
    now = mark(round_)
    found = cache.get(key)
    if found is not None and found[0] == now:
        return found[1]  # type: ignore[no-any-return]
    value = build()
    cache.set(key, (now, value), SECONDS)
    return value

"""A closed round's anonymous answers written again in a random order (ADR 0010).

A finished response is stored with a random key and no time, but a table still keeps the order
rows came in: the answers' integer ids, SQLite's rowid, PostgreSQL's physical order. That order
is the order of finishing, and so is the order of the network ratings (which name the rater
organisation) and of the web server's log of `/s/<token>/` requests. Set side by side, they
could pair an "anonymous" answer with an organisation or a person: a join by position.

So once a round can take no more answers, its responses and their answers are deleted and
written again, in one transaction, shuffled by the operating system's random source, with new
keys and ids. Afterwards neither the ids nor the physical order say anything about who came
first. Two callers: `round_close` (a steward closes the round) and the housekeeping chore
(rounds that closed on their date, the day after). Reopening then closing again mixes again.

What remains (said in ADR 0010): while a round is open, the order is there for anyone who can
read the database files; PostgreSQL keeps the old rows as dead tuples until VACUUM, and SQLite
keeps deleted pages in its file until they are reused.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from braid.surveys.models import Answer, Response, Round, RoundStatus

_RANDOM = random.SystemRandom()
BATCH = 2000


@transaction.atomic
def mix_round(round_id: int) -> int:
    """Write the round's responses and answers again in a random order; how many responses."""
    round_ = Round.objects.select_for_update().get(pk=round_id)
    responses = list(
        Response.objects.filter(round_id=round_id).values_list("id", "sector", "org_type")
    )
    answers: dict[uuid.UUID, list[tuple[str, str, int]]] = defaultdict(list)
    for response_id, instrument, item, value in Answer.objects.filter(
        round_id=round_id
    ).values_list("response_id", "instrument", "item", "value"):
        answers[response_id].append((instrument, item, value))
    _RANDOM.shuffle(responses)
    Answer.objects.filter(round_id=round_id).delete()
    Response.objects.filter(round_id=round_id).delete()
    cid = round_.collaborative_id
    new = [
        Response(id=uuid.uuid4(), collaborative_id=cid, round_id=round_id, sector=s, org_type=t)
        for _old, s, t in responses
    ]
    Response.objects.bulk_create(new, batch_size=BATCH)
    rows = []
    for (old_id, _s, _t), response in zip(responses, new, strict=True):
        given = answers[old_id]
        _RANDOM.shuffle(given)
        rows += [
            Answer(
                collaborative_id=cid,
                response=response,
                round_id=round_id,
                instrument=instrument,
                item=item,
                value=value,
            )
            for instrument, item, value in given
        ]
    Answer.objects.bulk_create(rows, batch_size=BATCH)
    round_.mixed_on = timezone.localdate()
    round_.save(update_fields=["mixed_on"])
    return len(new)


def chore() -> dict[str, int]:
    """Housekeeping: rounds that closed on their date and are not mixed since."""
    from django.db.models import F, Q

    today = timezone.localdate()
    due = Round.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today).filter(
        Q(mixed_on__isnull=True) | Q(mixed_on__lte=F("closes_on"))
    )
    mixed = {}
    for round_id in due.values_list("pk", flat=True)[:20]:
        mixed[str(round_id)] = mix_round(round_id)
    return mixed

"""Scores aggregated by the database equal, to the last bit, the scores computed from the
answers one by one (`scoring.score`), overall and for every sector and organisation type, on
random answers with gaps, for instruments with categories, several items per factor and a
four-point scale."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from braid.surveys import aggregates, selectors
from braid.surveys.models import Answer, Response, Round, RoundInstrument
from braid.surveys.scoring import score

REFS = ["braid-factors@1", "braid-barriers@1", "braid-conditions@1", "braid-readiness@1"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_aggregates_equal_scoring_from_the_answers(collaborative, seed):
    rng = random.Random(seed)
    round_ = Round.objects.create(
        collaborative=collaborative,
        title="Check-up",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 15),
    )
    for ref in REFS:
        RoundInstrument.objects.create(collaborative=collaborative, round=round_, ref=ref)
    responses = [
        Response.objects.create(
            collaborative=collaborative,
            round=round_,
            sector=rng.choice(["health", "education", "community", ""]),
            org_type=rng.choice(["partner", "funder"]),
        )
        for _ in range(rng.randint(15, 40))
    ]
    for ref in REFS:
        inst = selectors.instrument(collaborative.pk, ref)
        assert inst is not None
        rows = []
        for resp in responses[: len(responses) - rng.randint(0, 3)]:  # some skip an instrument
            for item in inst.items:
                if rng.random() < 0.2:
                    continue
                value = rng.randint(inst.scale.min, inst.scale.max)
                rows.append((resp, item.key, value))
        Answer.objects.bulk_create(
            Answer(
                collaborative=collaborative,
                response=r,
                round=round_,
                instrument=ref,
                item=key,
                value=v,
            )
            for r, key, v in rows
        )
        got = aggregates.cells(collaborative.pk, round_.pk, inst)
        assert got.scored() == score(inst, [(r.pk, k, v) for r, k, v in rows])
        for column, attr in ((0, "sector"), (1, "org_type")):
            for group in {getattr(r, attr) for r, _k, _v in rows}:
                kept = [(r.pk, k, v) for r, k, v in rows if getattr(r, attr) == group]
                assert got.scored(lambda cell, c=column, g=group: cell[c] == g) == score(inst, kept)
                assert got.sizes(column)[group] == len({pk for pk, _k, _v in kept})

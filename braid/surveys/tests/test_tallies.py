"""The tally counted as responses finish (`surveys.tallies`) holds exactly what aggregating the
round's answers gives, and scores from it are the scores from the answers one by one, for
every instrument kind; a round whose answers came another way is aggregated from its answers
until it is counted afresh, and its results are the same either way."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.surveys import aggregates, selectors, services, tallies
from braid.surveys.models import Answer, Response, Round, Tally
from braid.surveys.scoring import score
from braid.surveys.tests.helpers import (
    BARRIERS,
    FACTORS,
    NETWORK,
    READINESS,
    SELF_EVAL,
    invite,
    open_round,
    steward_access,
)

REFS = [FACTORS, BARRIERS, READINESS, SELF_EVAL]


def _stored(round_):  # type: ignore[no-untyped-def]
    rows = Tally.objects.filter(round=round_).exclude(level="round")
    return sorted(
        (t.level, t.instrument, t.sector, t.org_type, t.key, t.n, t.total, t.count) for t in rows
    )


def _aggregated(round_):  # type: ignore[no-untyped-def]
    insts = list(tallies._instruments(round_).values())
    rows = aggregates.answer_rows(round_.collaborative_id, round_.pk, insts)
    return sorted(tuple(int(x) if isinstance(x, int) else x for x in r) for r in rows)


def _answers(round_, ref):  # type: ignore[no-untyped-def]
    return list(
        Answer.objects.filter(round=round_, instrument=ref).values_list(
            "response_id", "item", "value", "response__sector", "response__org_type"
        )
    )


def _check_scores(round_) -> None:  # type: ignore[no-untyped-def]
    found = tallies.round_scores(round_)
    for ref in REFS:
        inst = found.instruments[ref]
        rows = _answers(round_, ref)
        got = found.scores[ref]
        assert got.overall == score(inst, [r[:3] for r in rows])
        for column in (0, 1):
            for group, scored in got.groups[column].items():
                kept = [r[:3] for r in rows if r[3 + column] == group]
                assert scored == score(inst, kept), (ref, column, group)
                assert got.sizes[column][group] == len({r[0] for r in kept})


@pytest.mark.parametrize("seed", [1, 2])
def test_the_tally_counted_at_each_finish_is_the_answers_aggregated(
    collaborative, steward, seed
) -> None:
    rng = random.Random(seed)
    orgs = [
        OrganisationFactory(collaborative=collaborative, sector=s, role=t)
        for s in ("health", "education", "")
        for t in ("partner", "funder")
    ]
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [*REFS, NETWORK])
    people = [(f"p{n}@x.org", rng.choice(orgs)) for n in range(rng.randint(18, 26))]
    tokens = invite(access, round_, people)
    from braid.surveys import rules

    for email, _org in people:
        inv = rules.invitation_for(tokens[email])
        given = {}
        for ref in rng.sample(REFS, rng.randint(1, len(REFS))):  # some skip an instrument
            inst = selectors.instrument(collaborative.pk, ref)
            assert inst is not None
            given[ref] = {
                i.key: rng.randint(inst.scale.min, inst.scale.max)
                for i in inst.items
                if rng.random() < 0.7
            }
        services.draft_save(invitation_id=inv.pk, page=1, answers=given)
        if any(given.values()):
            services.response_finish(invitation_id=inv.pk)
    assert _stored(round_) == _aggregated(round_)
    assert Tally.objects.get(round=round_, level="round").count == Response.objects.count()
    with CaptureQueriesContext(connection) as q:
        _check_scores(round_)
    assert not any("WITH m (ins" in x["sql"] for x in q.captured_queries)  # read from the tally


def test_answers_written_another_way_are_aggregated_until_counted_afresh(
    collaborative, steward, monkeypatch
) -> None:
    monkeypatch.setattr(tallies, "BATCH", 7)  # counted afresh in many statements
    rng = random.Random(7)
    round_ = Round.objects.create(
        collaborative=collaborative,
        title="Imported",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 15),
        status="closed",
    )
    from braid.surveys.models import RoundInstrument

    for ref in REFS:
        RoundInstrument.objects.create(collaborative=collaborative, round=round_, ref=ref)
    for n in range(12):
        resp = Response.objects.create(
            collaborative=collaborative,
            round=round_,
            sector=rng.choice(["health", "education"]),
            org_type=rng.choice(["partner", "funder"]),
        )
        for ref in REFS:
            inst = selectors.instrument(collaborative.pk, ref)
            assert inst is not None
            Answer.objects.bulk_create(
                Answer(
                    collaborative=collaborative,
                    response=resp,
                    round=round_,
                    instrument=ref,
                    item=i.key,
                    value=rng.randint(inst.scale.min, inst.scale.max),
                )
                for i in inst.items
                if (n + len(i.key)) % 4
            )
    with CaptureQueriesContext(connection) as q:
        _check_scores(round_)  # no tally: the answers are aggregated
    assert any("WITH m (ins" in x["sql"] for x in q.captured_queries)
    tallies.rebuild(round_)
    assert _stored(round_) == _aggregated(round_)
    assert Tally.objects.get(round=round_, level="round").count == 12
    from braid.collaboratives import freshness

    freshness.forget()
    with CaptureQueriesContext(connection) as q:
        _check_scores(round_)
    assert not any("WITH m (ins" in x["sql"] for x in q.captured_queries)
    tallies.rebuild(round_)  # again: the same
    assert _stored(round_) == _aggregated(round_)

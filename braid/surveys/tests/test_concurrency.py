"""200 respondents finishing at the same moment on PostgreSQL lose and duplicate nothing; and
the same link finished twice at once counts once (threads, not a timing)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.surveys import rules, services
from braid.surveys.models import Answer, Invitation, InvitationStatus, NetworkRating, Response
from braid.surveys.tests.helpers import FACTORS, NETWORK, invite, open_round, steward_access

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent writers: PostgreSQL"
)


def _in_threads(work, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_200_respondents_finish_at_once(collaborative, steward) -> None:
    orgs = [OrganisationFactory(collaborative=collaborative, name=f"Org {i}") for i in range(20)]
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS, NETWORK])
    tokens = invite(access, round_, [(f"p{i}@x.org", orgs[i % 20]) for i in range(200)])
    drafts = []
    for i, token in enumerate(tokens.values()):
        inv = rules.invitation_for(token)
        services.draft_save(
            invitation_id=inv.pk,
            page=1,
            answers={
                FACTORS: {"history-1": 1 + i % 5, "history-2": 1 + (i + 1) % 5},
                NETWORK: {
                    str(next(o.pk for o in orgs if o.pk != inv.organisation_id)): {"level": i % 5}
                },
            },
        )
        drafts.append(inv.pk)

    # The shared PostgreSQL allows about a hundred connections: 40 threads released together
    # by a barrier, each finishing 5 of the 200 responses back to back.
    def five(i: int) -> None:
        for pk in drafts[i * 5 : i * 5 + 5]:
            services.response_finish(invitation_id=pk)

    outcomes = _in_threads(five, 40)
    assert outcomes.count("ok") == 40
    assert Invitation.objects.filter(status=InvitationStatus.FINISHED).count() == 200
    assert Response.objects.count() == 200 and Answer.objects.count() == 400
    # 10 people per organisation: one set of network ratings per organisation, never two.
    assert NetworkRating.objects.values("rater_id").distinct().count() == 20
    assert NetworkRating.objects.count() == 20
    # The tally lost no increment: it is the answers aggregated, and counts 200 responses.
    from braid.surveys import aggregates, tallies
    from braid.surveys.models import Tally

    stored = sorted(
        (t.level, t.instrument, t.sector, t.org_type, t.key, t.n, t.total, t.count)
        for t in Tally.objects.filter(round=round_).exclude(level="round")
    )
    insts = list(tallies._instruments(round_).values())
    assert stored == sorted(aggregates.answer_rows(collaborative.pk, round_.pk, insts))
    assert Tally.objects.get(round=round_, level="round").count == 200


@pytest.mark.django_db(transaction=True)
def test_one_link_finished_twice_at_once_counts_once(collaborative, steward) -> None:
    org = OrganisationFactory(collaborative=collaborative)
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    token = invite(access, round_, [("a@x.org", org)])["a@x.org"]
    inv = rules.invitation_for(token)
    services.draft_save(invitation_id=inv.pk, page=1, answers={FACTORS: {"history-1": 3}})
    outcomes = _in_threads(lambda _i: services.response_finish(invitation_id=inv.pk), 8)
    assert sorted(outcomes) == ["finished"] * 7 + ["ok"]
    assert Response.objects.count() == 1 and Answer.objects.count() == 1

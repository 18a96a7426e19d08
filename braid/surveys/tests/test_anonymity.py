"""Anonymity that holds in the data (issue 13): once finished, nothing in the database ties an
answer to the person. Checked on the schema and on the rows, not on a page."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from braid.collaboratives.models import AuditEvent
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError
from braid.surveys import rules, services
from braid.surveys.models import (
    Answer,
    Invitation,
    InvitationStatus,
    NetworkRating,
    Response,
    Tally,
)
from braid.surveys.tests.helpers import (
    BARRIERS,
    FACTORS,
    NETWORK,
    answer,
    invite,
    open_round,
    steward_access,
)


def _columns(model) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        desc = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {c.name: c.type_code for c in desc}


def test_the_answer_tables_have_no_way_back_to_the_person(db) -> None:
    for model in (Response, Answer, Tally):
        columns = set(_columns(model))
        fks = {f.column: f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert Invitation not in fks.values(), model
        assert not any(
            "user" in c or "email" in c or "invitation" in c or "token" in c for c in columns
        )
        times = [
            f.name
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("DateTimeField", "DateField")
        ]
        assert times == [], f"{model.__name__} keeps a time that could be matched: {times}"
    assert isinstance(Response._meta.pk, type(Response._meta.get_field("id")))
    for model in (Response, Tally):
        assert model._meta.pk.get_internal_type() == "UUIDField"  # no insertion order to match
    tally_fks = {f.related_model.__name__ for f in Tally._meta.concrete_fields if f.is_relation}
    assert tally_fks == {"Collaborative", "Round"}  # counts of a round, of no response
    rating_fks = {
        f.related_model.__name__ for f in NetworkRating._meta.concrete_fields if f.is_relation
    }
    assert rating_fks == {
        "Collaborative",
        "Round",
        "Organisation",
    }  # the organisation, never a person


def test_after_finishing_the_link_records_only_finished(collaborative, steward) -> None:
    health = OrganisationFactory(collaborative=collaborative, name="Health", sector="health")
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS, BARRIERS])
    tokens = invite(access, round_, [("ana@x.org", health), ("ben@x.org", health)])
    half = answer(tokens["ana@x.org"], {FACTORS: {"history-1": 4}}, finish=False)
    assert half.status == InvitationStatus.STARTED and half.draft == {FACTORS: {"history-1": 4}}
    audit_before = AuditEvent.objects.count()
    inv = answer(tokens["ana@x.org"], {FACTORS: {"history-2": 2}, BARRIERS: {"leadership-1": 5}})
    ben = answer(tokens["ben@x.org"], {FACTORS: {"history-1": 1}})
    assert AuditEvent.objects.count() == audit_before  # no line timed beside the finish
    for person in (inv, ben):
        assert person.status == InvitationStatus.FINISHED
        assert person.draft == {} and person.page == 0
    # The responses carry the sector and nothing of the person; their keys are random.
    rows = list(Response.objects.filter(round=round_).values())
    assert len(rows) == 2
    for row in rows:
        assert set(row) == {"id", "collaborative_id", "round_id", "sector", "org_type"}
        assert isinstance(row["id"], uuid.UUID) and row["id"].version == 4
    # Every stored answer keeps the instrument and version it was given under.
    assert set(Answer.objects.values_list("instrument", "item", "value")) == {
        (FACTORS, "history-1", 4),
        (FACTORS, "history-2", 2),
        (BARRIERS, "leadership-1", 5),
        (FACTORS, "history-1", 1),
    }
    # Nothing in the two rows' shared columns tells Ana's from Ben's.
    assert {(r["sector"], r["org_type"]) for r in rows} == {("health", "")}


def test_finishing_twice_is_refused_kindly_and_changes_nothing(collaborative, steward) -> None:
    org = OrganisationFactory(collaborative=collaborative)
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    tokens = invite(access, round_, [("ana@x.org", org)])
    inv = answer(tokens["ana@x.org"], {FACTORS: {"history-1": 4}})
    with pytest.raises(ServiceError) as exc:
        services.response_finish(invitation_id=inv.pk)
    assert exc.value.code == "finished" and "already finished" in exc.value.message
    with pytest.raises(ServiceError):
        services.draft_save(invitation_id=inv.pk, page=1, answers={FACTORS: {"history-1": 1}})
    assert Answer.objects.count() == 1 and Response.objects.count() == 1


def test_answers_off_the_scale_are_refused_and_nothing_saved(collaborative, steward) -> None:
    org = OrganisationFactory(collaborative=collaborative)
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    tokens = invite(access, round_, [("ana@x.org", org)])
    inv = rules.invitation_for(tokens["ana@x.org"])
    for bad in ({"history-1": 6}, {"history-1": "x"}, {"nope": 3}, {"history-1": True}):
        with pytest.raises(ServiceError):
            services.draft_save(
                invitation_id=inv.pk, page=1, answers={FACTORS: {**bad, "history-2": 3}}
            )
    with pytest.raises(ServiceError):
        services.draft_save(invitation_id=inv.pk, page=1, answers={NETWORK: {"1": {"level": 1}}})
    inv.refresh_from_db()
    assert inv.draft == {} and inv.status == InvitationStatus.INVITED
    with pytest.raises(ServiceError, match="at least one"):
        services.response_finish(invitation_id=inv.pk)


def test_tokens_are_long_random_and_stored_hashed(collaborative, steward) -> None:
    from braid.surveys.models import LinkToken

    org = OrganisationFactory(collaborative=collaborative)
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    tokens = invite(access, round_, [("ana@x.org", org)])
    token = tokens["ana@x.org"]
    assert len(token) >= 22  # 16 random bytes = 128 bits
    row = LinkToken.objects.get()
    assert row.digest != token and token not in row.digest and len(row.digest) == 64
    assert rules.invitation_for(token) is not None
    assert rules.invitation_for(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin: PostgreSQL's row stamps")
def test_no_row_stamp_ties_a_finished_invitation_to_its_response(collaborative, steward) -> None:
    """PostgreSQL keeps, on every row, the id of the transaction that wrote it (xmin): a finish
    writes the response and the invitation together. Every finished invitation of the round
    carries the latest finish's stamp, so the stamps pair no invitation with its response."""
    health = OrganisationFactory(collaborative=collaborative, name="Health", sector="health")
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    people = [(f"p{n}@x.org", health) for n in range(4)]
    tokens = invite(access, round_, people)
    for n, (email, _org) in enumerate(people):
        answer(tokens[email], {FACTORS: {"history-1": 1 + n}})

    def stamps(table: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE round_id = %s", [round_.pk])  # noqa: S608
            return [row[0] for row in cursor.fetchall()]

    invitations = stamps(Invitation._meta.db_table)
    responses = stamps(Response._meta.db_table)
    assert len(set(invitations)) == 1 and len(set(responses)) == 4
    # The one stamp the invitations share is the last response's: it names none of them.
    assert set(invitations) <= set(responses)

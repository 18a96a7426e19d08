"""A closed round's answers lose their order of arrival (surveys.mixing, ADR 0010): the ids and
the physical order of the answer tables follow the order people finished in, which the network
ratings (they name the organisation) and the web server's log also keep; once the round takes
no more answers they are written again, shuffled. Checked on the rows themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core import housekeeping
from braid.surveys import mixing
from braid.surveys.models import Answer, Response, Round
from braid.surveys.rounds import services as round_services
from braid.surveys.tests.helpers import FACTORS, answer, invite, open_round, steward_access

PEOPLE = 40


def _code(k: int) -> dict[str, int]:
    """Person k's answers, written so that each response can be told apart: k in base 4."""
    items = ("history-1", "history-2", "legitimacy-1")
    return {item: (k // 4**i) % 4 + 1 for i, item in enumerate(items)}


def _finish_in_order(collaborative, steward):  # type: ignore[no-untyped-def]
    access = steward_access(collaborative, steward)
    orgs = [
        OrganisationFactory(collaborative=collaborative, name=f"Org {n}", sector=sector)
        for n, sector in enumerate(("health", "education", "community", "police_justice"))
    ]
    round_ = open_round(access, [FACTORS])
    people = [(f"p{k}@x.org", orgs[k % len(orgs)]) for k in range(PEOPLE)]
    tokens = invite(access, round_, people)
    for k in range(PEOPLE):
        answer(tokens[f"p{k}@x.org"], {FACTORS: _code(k)})
    return access, round_


def _arrival(round_id: int) -> list[int]:
    """The people, in the order their answers sit in the table (by answer id)."""
    first: dict[object, int] = {}
    values: dict[object, dict[str, int]] = {}
    for pk, response_id, item, value in Answer.objects.filter(round_id=round_id).values_list(
        "pk", "response_id", "item", "value"
    ):
        first[response_id] = min(first.get(response_id, pk), pk)
        values.setdefault(response_id, {})[item] = value
    decode = {tuple(sorted(_code(k).items())): k for k in range(PEOPLE)}
    return [decode[tuple(sorted(values[r].items()))] for r in sorted(first, key=first.get)]


def _content(round_id: int) -> list[tuple[str, str, str, int]]:
    return sorted(
        Answer.objects.filter(round_id=round_id).values_list(
            "response__sector", "response__org_type", "item", "value"
        )
    )


@pytest.mark.django_db
def test_closing_a_round_shuffles_its_answers_and_changes_nothing_else(
    collaborative, steward
) -> None:
    access, round_ = _finish_in_order(collaborative, steward)
    assert _arrival(round_.pk) == list(range(PEOPLE))  # before: the order people finished in
    content = _content(round_.pk)
    old_keys = set(Response.objects.filter(round=round_).values_list("pk", flat=True))
    old_max = max(Answer.objects.filter(round=round_).values_list("pk", flat=True))

    round_services.round_close(access=access, round_id=round_.pk)

    after = _arrival(round_.pk)
    assert sorted(after) == list(range(PEOPLE))  # every response kept, once
    assert after != list(range(PEOPLE))  # and no longer in finishing order (1 in 40! otherwise)
    assert _content(round_.pk) == content  # the same answers, the same groups
    new_keys = set(Response.objects.filter(round=round_).values_list("pk", flat=True))
    assert not old_keys & new_keys  # new random keys
    assert min(Answer.objects.filter(round=round_).values_list("pk", flat=True)) > old_max
    round_.refresh_from_db()
    assert round_.mixed_on == timezone.localdate()


@pytest.mark.django_db
def test_a_round_that_closed_on_its_date_is_mixed_once_by_housekeeping(
    collaborative, steward
) -> None:
    _access, round_ = _finish_in_order(collaborative, steward)
    Round.objects.filter(pk=round_.pk).update(
        opens_on=timezone.localdate() - dt.timedelta(days=20),
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert mixing.chore() == {str(round_.pk): PEOPLE}
    assert _arrival(round_.pk) != list(range(PEOPLE))
    assert mixing.chore() == {}  # mixed since it closed: not again
    assert "surveys.mix_closed_rounds" in housekeeping.CHORES


@pytest.mark.django_db
def test_an_open_round_is_not_mixed_by_housekeeping(collaborative, steward) -> None:
    _access, round_ = _finish_in_order(collaborative, steward)
    assert mixing.chore() == {}
    assert _arrival(round_.pk) == list(range(PEOPLE))

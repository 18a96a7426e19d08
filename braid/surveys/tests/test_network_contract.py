"""The selectors braid.networks reads: network_rounds and network_ratings, through the real
answering services, with hand-worked trust and value (INSTRUMENTS §2)."""

from __future__ import annotations

import pytest

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.surveys import selectors
from braid.surveys.selectors import NetworkRatings, Rating
from braid.surveys.tests.helpers import FACTORS, NETWORK, answer, invite, open_round, steward_access


@pytest.fixture
def orgs(collaborative):
    return [
        OrganisationFactory(collaborative=collaborative, name=n) for n in ("Alpha", "Beta", "Gamma")
    ]


def test_ratings_of_a_round(collaborative, steward, orgs, other_collaborative) -> None:
    a, b, c = orgs
    access = steward_access(collaborative, steward)
    factors_only = open_round(access, [FACTORS], title="Factors only")
    round_ = open_round(access, [FACTORS, NETWORK], title="Network 2026")
    tokens = invite(access, round_, [("a@x.org", a), ("b@x.org", b), ("c@x.org", c)])
    # Alpha: Beta at level 3 with all six items; Gamma "no contact" (0, no items).
    answer(
        tokens["a@x.org"],
        {
            NETWORK: {
                str(b.pk): {
                    "level": 3,
                    "power": 4,
                    "involvement": 3,
                    "resources": 2,
                    "reliability": 4,
                    "mission": 4,
                    "openness": 1,
                },
                str(c.pk): {"level": 0},
            }
        },
    )
    # Beta: Alpha at 1, only two trust items answered.
    answer(tokens["b@x.org"], {NETWORK: {str(a.pk): {"level": 1, "reliability": 2, "openness": 3}}})
    # Gamma is invited but does not answer.

    assert [r.id for r in selectors.network_rounds(collaborative)] == [round_.pk]
    assert selectors.network_rounds(other_collaborative) == []
    assert selectors.network_ratings(collaborative, factors_only.pk) is None
    assert selectors.network_ratings(other_collaborative, round_.pk) is None

    got = selectors.network_ratings(collaborative, round_.pk)
    assert isinstance(got, NetworkRatings)
    assert got.scale == "braid-levels-5"
    assert got.invited_org_ids == frozenset({a.pk, b.pk, c.pk})
    assert got.respondent_org_ids == frozenset({a.pk, b.pk})
    by_pair = {(r.rater_id, r.ratee_id): r for r in got.ratings}
    ab = by_pair[(a.pk, b.pk)]
    assert ab[:5] == (a.pk, b.pk, 3, 3.0, 3.0)  # trust (4+4+1)/3, value (4+3+2)/3
    assert ab.dimensions == {
        "power": 4,
        "involvement": 3,
        "resources": 2,
        "reliability": 4,
        "mission": 4,
        "openness": 1,
    }
    assert by_pair[(a.pk, c.pk)] == Rating(a.pk, c.pk, 0, None, None)
    assert by_pair[(a.pk, c.pk)].dimensions == {}
    ba = by_pair[(b.pk, a.pk)]
    assert ba == Rating(b.pk, a.pk, 1, 2.5, None, (None, None, None, 2, None, 3))
    assert ba.dimensions == {"reliability": 2, "openness": 3}
    assert len(got.ratings) == 3


def test_one_set_of_ratings_per_organisation(collaborative, steward, orgs) -> None:
    a, b, _c = orgs
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [NETWORK])
    tokens = invite(access, round_, [("a1@x.org", a), ("a2@x.org", a)])
    answer(tokens["a1@x.org"], {NETWORK: {str(b.pk): {"level": 2}}})
    answer(tokens["a2@x.org"], {NETWORK: {str(b.pk): {"level": 4}}})
    got = selectors.network_ratings(collaborative, round_.pk)
    assert [(r.rater_id, r.ratee_id, r.level) for r in got.ratings] == [(a.pk, b.pk, 2)]


def test_rating_rows_give_the_means_of_the_answered_items() -> None:
    """The lean row loop gives exactly `_mean` of the answered items, answered or not."""
    import random

    from braid.surveys.definitions import DIMENSIONS, TRUST_DIMENSIONS, VALUE_DIMENSIONS

    rng = random.Random(13)
    rows = [
        (i, i + 1, rng.randint(0, 4), *(rng.choice([None, 1, 2, 3, 4]) for _ in DIMENSIONS))
        for i in range(500)
    ]
    got = selectors._ratings(rows)
    for row, rating in zip(rows, got, strict=True):
        answers = dict(zip(DIMENSIONS, row[3:], strict=True))
        assert type(rating) is Rating
        assert rating == Rating(
            row[0],
            row[1],
            row[2],
            selectors._mean([answers[k] for k in TRUST_DIMENSIONS]),
            selectors._mean([answers[k] for k in VALUE_DIMENSIONS]),
            row[3:],
        )

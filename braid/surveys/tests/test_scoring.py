"""Hand-worked scores for every kind of instrument (INSTRUMENTS.md §3, §4) and the survey
floor of the disclosure policy (Audience.survey_groups)."""

from __future__ import annotations

import math

import pytest

from braid.collaboratives.disclosure import Audience
from braid.collaboratives.tests.factories import CollaborativeFactory
from braid.surveys.definitions import builtin
from braid.surveys.scoring import lowest, score


def _by(scores):  # type: ignore[no-untyped-def]
    return {s.key: s for s in scores}


def test_factor_scores_are_means_of_respondents_means() -> None:
    inst = builtin()["braid-factors@1"]
    rows = [
        ("A", "history-1", 4),
        ("A", "history-2", 5),
        ("A", "legitimacy-1", 2),
        ("B", "history-1", 3),
        ("B", "legitimacy-1", 4),
        ("B", "legitimacy-2", 4),
        ("C", "history-1", 2),
        ("C", "history-2", 2),
    ]
    got = score(inst, rows)
    assert got.respondents == 3
    history = _by(got.factors)["history"]
    assert history.respondents == 3 and history.items == 2
    assert history.mean == pytest.approx((4.5 + 3 + 2) / 3)  # 3.1667
    assert (history.min, history.max) == (2, 4.5)
    assert history.sd == pytest.approx(
        math.sqrt(((4.5 - 19 / 6) ** 2 + (3 - 19 / 6) ** 2 + (2 - 19 / 6) ** 2) / 2)
    )
    assert history.band == "borderline"  # 3.2 after rounding
    legitimacy = _by(got.factors)["legitimacy"]
    assert (legitimacy.respondents, legitimacy.mean, legitimacy.band) == (2, 3.0, "borderline")
    env = _by(got.categories)["environment"]
    assert env.mean == pytest.approx((11 / 3 + 11 / 3 + 2) / 3) and env.items == 6
    assert _by(got.factors)["climate"].mean is None  # nobody answered it
    assert [s.key for s in lowest(got.items, 2)] == ["history-1", "legitimacy-1"] or [
        s.key for s in lowest(got.items, 2)
    ] == ["history-2", "legitimacy-1"]


def test_barrier_groups_and_condition_rows() -> None:
    barriers = builtin()["braid-barriers@1"]
    got = score(
        barriers, [("A", "structure-1", 2), ("A", "structure-2", 4), ("B", "structure-1", 1)]
    )
    structure = _by(got.factors)["structure"]
    assert structure.mean == pytest.approx((3 + 1) / 2) and structure.items == 5
    assert structure.band == ""  # barriers have no bands
    assert [s.key for s in lowest(got.items, 1)] == ["structure-1"]  # (2+1)/2 = 1.5
    conditions = builtin()["braid-conditions@1"]
    cells = score(
        conditions, [("A", "common_agenda", 4), ("B", "common_agenda", 2), ("C", "funding", 1)]
    )
    agenda = _by(cells.factors)["common_agenda"]
    assert (agenda.mean, agenda.min, agenda.max, agenda.band) == (3.0, 2, 4, "")
    assert agenda.sd == pytest.approx(math.sqrt(2))


def test_readiness_scores_factors_and_its_two_categories_with_bands() -> None:
    """INSTRUMENTS.md §4: readiness is scored as §3 (means of respondents' means, bands after
    rounding to one decimal), in two categories: the organisation and the person."""
    inst = builtin()["braid-readiness@1"]
    answers = {
        "A": {"org_commitment-1": 5, "org_commitment-2": 4, "org_capacity-1": 3,
              "personal_attitude-1": 2},
        "B": {"org_commitment-1": 3, "org_capacity-1": 4, "org_capacity-2": 2,
              "personal_capacity-1": 5, "personal_capacity-2": 4},
        "C": {"org_commitment-3": 4, "personal_attitude-1": 3, "personal_attitude-2": 3},
    }  # fmt: skip
    got = score(inst, [(who, k, v) for who, a in answers.items() for k, v in a.items()])
    assert got.respondents == 3
    f = _by(got.factors)
    # org_commitment: A (5+4)/2 = 4.5, B 3, C 4 -> 11.5/3 = 3.83 -> "3.8", borderline
    assert f["org_commitment"].mean == pytest.approx(11.5 / 3)
    assert (f["org_commitment"].min, f["org_commitment"].max) == (3, 4.5)
    mean = 11.5 / 3
    spread = ((4.5 - mean) ** 2 + (3 - mean) ** 2 + (4 - mean) ** 2) / 2
    assert f["org_commitment"].sd == pytest.approx(math.sqrt(spread))  # 0.764
    assert (f["org_commitment"].respondents, f["org_commitment"].items) == (3, 3)
    assert f["org_commitment"].band == "borderline"
    # org_capacity: A 3, B (4+2)/2 = 3 -> 3.0, no spread
    assert (f["org_capacity"].mean, f["org_capacity"].sd, f["org_capacity"].band) == (
        3.0,
        0.0,
        "borderline",
    )
    # personal_attitude: A 2, C 3 -> 2.5, concern; personal_capacity: B alone, 4.5, strength
    assert (f["personal_attitude"].mean, f["personal_attitude"].band) == (2.5, "concern")
    assert f["personal_attitude"].sd == pytest.approx(math.sqrt(0.5))
    assert (f["personal_capacity"].mean, f["personal_capacity"].sd) == (4.5, None)
    assert f["personal_capacity"].band == "strength"
    c = _by(got.categories)
    # the organisation: A (5+4+3)/3 = 4, B (3+4+2)/3 = 3, C 4 -> 11/3; the person: A 2,
    # B (5+4)/2 = 4.5, C (3+3)/2 = 3 -> 9.5/3
    assert c["organisation"].mean == pytest.approx(11 / 3) and c["organisation"].items == 6
    assert c["personal"].mean == pytest.approx(9.5 / 3) and c["personal"].band == "borderline"


def test_a_band_is_read_after_rounding_to_one_decimal() -> None:
    inst = builtin()["braid-readiness@1"]
    rows = [(n, "org_commitment-1", 4) for n in range(19)] + [(19, "org_commitment-1", 3)]
    commitment = _by(score(inst, rows).factors)["org_commitment"]
    assert commitment.mean == pytest.approx(3.95) and commitment.band == "strength"  # 4.0
    rows[-2] = (18, "org_commitment-1", 3)  # 78 / 20 = 3.9
    assert _by(score(inst, rows).factors)["org_commitment"].band == "borderline"


def test_self_evaluation_counts_and_flags_a_quarter_weak() -> None:
    inst = builtin()["braid-self-evaluation@1"]
    rows = []
    for who, answers in {
        "A": {"involvement-1": 1, "involvement-2": 3, "involvement-3": 3},
        "B": {"involvement-1": 1, "involvement-2": 3, "involvement-3": 3},
        "C": {"involvement-1": 2, "involvement-2": 3, "involvement-3": 3},
        "D": {"involvement-1": 3, "involvement-2": 1},
    }.items():
        rows += [(who, k, v) for k, v in answers.items()]
    got = score(inst, rows)
    items = _by(got.item_counts)
    assert items["involvement-1"].counts == {1: 2, 2: 1, 3: 1} and items["involvement-1"].flagged
    assert items["involvement-2"].flagged  # 1 of 4 = a quarter
    assert not items["involvement-3"].flagged and items["involvement-3"].answered == 3
    condition = _by(got.factor_counts)["involvement"]
    assert condition.counts == {1: 3, 2: 1, 3: 7} and condition.flagged  # 3/11
    assert got.factors == []  # no total score


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"a": 3, "b": 4}, {}),
        ({"a": 1, "b": 5, "c": 4}, {"a": "small", "c": "complementary"}),
        ({"a": 1, "b": 1, "c": 10}, {"a": "small", "b": "small", "c": "complementary"}),
        ({"a": 2, "b": 2, "c": 9}, {"a": "small", "b": "small"}),
    ],
)
def test_survey_groups_hide_small_groups_and_their_complements(sizes, hidden) -> None:  # type: ignore[no-untyped-def]
    audience = Audience.public(CollaborativeFactory(min_group_size=3))
    got = audience.survey_groups(sizes)
    assert {k: r for k, r in got.items() if r} == hidden


@pytest.mark.django_db
def test_a_collaborative_may_raise_the_floor() -> None:
    audience = Audience.public(CollaborativeFactory(min_group_size=5))
    assert audience.survey_groups({"a": 4, "b": 6, "c": 7}) == {
        "a": "small",
        "b": "complementary",
        "c": "",
    }

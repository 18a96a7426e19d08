"""The disclosure policy on its own: who sees which figure, and how counts are hidden."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from braid.collaboratives.disclosure import Audience, AudienceKind, Figure
from braid.collaboratives.models import Collaborative


@dataclass(frozen=True)
class Measure:
    is_percentage: bool = False
    decimals: int = 0


COUNT, PERCENT = Measure(), Measure(is_percentage=True, decimals=1)


def _collab(threshold: int = 5, floor: int = 3) -> Collaborative:
    return Collaborative(name="X", slug="x", suppression_threshold=threshold, min_group_size=floor)


def _member(role: str, organisation_id: int | None = None) -> Audience:
    return Audience(AudienceKind.MEMBER, (_collab(),), role, organisation_id)


STEWARD, PARTNER_A, VIEWER = _member("steward"), _member("partner", 1), _member("viewer")


@pytest.mark.parametrize(
    ("audience", "draft_of_a", "draft_of_b", "submitted_of_b", "approved_of_b"),
    [
        (STEWARD, True, True, True, True),
        (PARTNER_A, True, False, True, True),
        (VIEWER, False, False, True, True),
        (Audience.public(_collab()), False, False, False, True),
        (Audience.network([_collab(), _collab()]), False, False, False, True),
    ],
)
def test_who_sees_which_report(audience, draft_of_a, draft_of_b, submitted_of_b, approved_of_b):  # type: ignore[no-untyped-def]
    assert audience.may_see_value(1, "draft") is draft_of_a
    assert audience.may_see_value(2, "returned") is draft_of_b
    assert audience.may_see_value(2, None) is draft_of_b
    assert audience.may_see_value(2, "submitted") is submitted_of_b
    assert audience.may_see_value(2, "approved") is approved_of_b


def test_only_stewards_see_steward_fields_and_every_count():  # type: ignore[no-untyped-def]
    assert STEWARD.shows_steward_fields and STEWARD.sees_everything
    assert not any(a.shows_steward_fields for a in (PARTNER_A, VIEWER, Audience.public(_collab())))
    assert STEWARD.series({1: 2, 2: 40}, COUNT)[1].value.value == 2


def test_a_small_count_and_its_complement_are_hidden():  # type: ignore[no-untyped-def]
    shown = VIEWER.series({1: 2, 2: 40, 3: 0}, COUNT)
    assert [shown[k].value.reason for k in (1, 2, 3)] == ["small", "complementary", ""]
    assert [VIEWER.text(shown[k].value, COUNT) for k in (1, 2, 3)] == ["< 5", "—", "0"]


def test_a_partner_sees_its_own_figure_and_it_is_known_when_choosing_complements():  # type: ignore[no-untyped-def]
    # B's 3 is small; A (the reader) knows its own 40, so C's 50 must hide B's 3 from it.
    shown = PARTNER_A.series({1: 40, 2: 3, 3: 50}, COUNT)
    assert shown[1].value.value == 40
    assert (shown[2].value.reason, shown[3].value.reason) == ("small", "complementary")
    # Without A among the others, the viewer has two visible counts beside B's: one more hides.
    viewer = VIEWER.series({1: 40, 2: 3, 3: 50}, COUNT)
    assert [viewer[k].value.reason for k in (1, 2, 3)] == ["complementary", "small", ""]


def test_a_percentage_hides_with_a_small_numerator_or_denominator():  # type: ignore[no-untyped-def]
    small_den = VIEWER.figure(Figure(66.7, 2, 3), PERCENT)
    assert small_den.suppressed and small_den.numerator.suppressed
    assert small_den.denominator.suppressed
    small_num = VIEWER.figure(Figure(2.0, 2, 100), PERCENT)
    assert small_num.suppressed and small_num.denominator.value == 100
    fine = VIEWER.figure(Figure(40.0, 40, 100), PERCENT)
    assert (fine.value.value, fine.numerator.value, fine.denominator.value) == (40.0, 40, 100)
    assert VIEWER.figure(Figure(50.0), PERCENT).suppressed  # nothing to judge it by


def test_a_breakdown_hides_a_part_that_its_total_would_give_away():  # type: ignore[no-untyped-def]
    figures = {
        (2, ""): Figure(40),
        (2, "g=a"): Figure(2),
        (2, "g=b"): Figure(38),
        (3, ""): Figure(60),
    }
    shown = VIEWER.breakdown(figures, COUNT, group=lambda k: k.split("=")[0] if k else None)
    assert shown[(2, "g=a")].value.reason == "small"
    assert shown[(2, "g=b")].value.reason == "complementary"
    assert not shown[(2, "")].suppressed


def test_a_table_suppresses_percentages_by_their_counts():  # type: ignore[no-untyped-def]
    table = VIEWER.table(
        {("g", "a"): Figure(50.0, 2, 4), ("g", "b"): Figure(50.0, 30, 60)},
        PERCENT,
        col_totals_shown=False,
    )
    assert table[("g", "a")].suppressed and table[("g", "b")].suppressed


def test_survey_groups_under_the_floor_are_hidden_from_everyone():  # type: ignore[no-untyped-def]
    assert not STEWARD.shows_group(2) and STEWARD.shows_group(3)
    network = Audience.network([_collab(floor=3), _collab(threshold=10, floor=5)])
    assert (network.min_group_size, network.threshold) == (5, 10)
    with pytest.raises(ValueError, match="at least one"):
        Audience.network([])


def test_whose_reports_a_reader_works_on():  # type: ignore[no-untyped-def]
    assert _member("partner", 1).reports_for("2") == 1  # a partner's own, whatever is asked
    assert _member("steward").reports_for("2") == "2"
    assert _member("steward").reports_for("") is None
    assert _member("viewer").reports_for("2") is None
    assert Audience.public(_collab()).reports_for("2") is None


def test_an_upload_is_seen_by_its_uploader_and_the_stewards():  # type: ignore[no-untyped-def]
    uploader = Audience(AudienceKind.MEMBER, (_collab(),), "partner", 1, user_id=7)
    assert uploader.sees_upload(7)
    assert not uploader.sees_upload(8)
    assert not uploader.sees_upload(None)
    assert _member("steward").sees_upload(8)


@pytest.mark.parametrize(
    ("audience", "own", "other", "other_when_shared"),
    [
        (STEWARD, True, True, True),
        (PARTNER_A, True, False, True),
        (VIEWER, False, False, True),
        (Audience.public(_collab()), False, False, False),
        (Audience.network([_collab()]), False, False, False),
    ],
)
def test_who_sees_a_partners_weak_spots(audience, own, other, other_when_shared):  # type: ignore[no-untyped-def]
    assert audience.sees_weak_spots_of(1) is own
    assert audience.sees_weak_spots_of(2) is other
    assert audience.sees_weak_spots_of(2, shared=True) is other_when_shared

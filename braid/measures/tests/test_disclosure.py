"""The privacy defects of issue 10: every read of partners' figures goes through the policy."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import bearer, make_persona
from braid.measures.tests.factories import DRAFT_OF_B, SMALL_OF_A, disclosure_scenario, found


@pytest.fixture
def scenario(collaborative, organisation):  # type: ignore[no-untyped-def]
    return disclosure_scenario(collaborative, organisation)


@pytest.fixture
def other_partner(collaborative, scenario):  # type: ignore[no-untyped-def]
    return make_persona(collaborative, "partner", organisation=scenario["b"], email="b@x.org")


def _values(user, collaborative, **params):  # type: ignore[no-untyped-def]
    response = Client().get(
        f"/api/v1/collaboratives/{collaborative.slug}/values", params, **bearer(user)
    )
    assert response.status_code == 200
    return response.json()["items"]


def _by_org(items, indicator, key=""):  # type: ignore[no-untyped-def]
    return {
        v["organisation_id"]: v
        for v in items
        if v["indicator_id"] == indicator.pk and v["disaggregation"] == key
    }


def test_viewer_values_api_hides_a_small_count_and_its_complement(viewer, collaborative, scenario):  # type: ignore[no-untyped-def]
    rows = _by_org(_values(viewer, collaborative), scenario["served"])
    a, c = rows[scenario["a"].pk], rows[scenario["c"].pk]
    assert (a["value"], a["suppressed"], a["suppression"]) == (None, True, "small")
    # 20,000 alone beside the total would give A's count away.
    assert (c["value"], c["suppressed"], c["suppression"]) == (None, True, "complementary")
    assert scenario["b"].pk not in rows  # B's draft
    # Filtering to C's rows does not change what is hidden (no subtraction between answers).
    [only_c] = _values(viewer, collaborative, organisation=scenario["c"].pk)
    assert only_c["suppressed"] is True


def test_viewer_values_api_hides_a_percentage_of_small_counts(viewer, collaborative, scenario):  # type: ignore[no-untyped-def]
    [share] = _by_org(_values(viewer, collaborative), scenario["share"]).values()
    assert (share["value"], share["numerator"], share["denominator"]) == (None, None, None)
    assert share["suppressed"] is True


def test_steward_values_api_shows_everything(steward, collaborative, scenario):  # type: ignore[no-untyped-def]
    rows = _by_org(_values(steward, collaborative), scenario["served"])
    assert {k: v["value"] for k, v in rows.items()} == {
        scenario["a"].pk: 7919,
        scenario["b"].pk: 8641,
        scenario["c"].pk: 20000,
    }
    assert not any(v["suppressed"] for v in rows.values())
    assert rows[scenario["b"].pk]["status"] == "draft"


def test_a_partner_sees_its_own_figures_and_never_another_partners_draft(
    partner, other_partner, collaborative, scenario
):  # type: ignore[no-untyped-def]
    mine = _by_org(_values(partner, collaborative), scenario["served"])
    assert mine[scenario["a"].pk]["value"] == 7919  # its own report
    assert scenario["b"].pk not in mine
    # C's figure hides no one from A, who knows its own.
    assert mine[scenario["c"].pk]["value"] == 20000
    theirs = _by_org(_values(other_partner, collaborative), scenario["served"])
    assert theirs[scenario["b"].pk]["value"] == 8641  # B's own draft
    assert theirs[scenario["a"].pk]["suppressed"] and theirs[scenario["c"].pk]["suppressed"]


def _export(user, collaborative) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(reverse("measures:export", args=[collaborative.slug]), {"format": "csv"})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_export_suppresses_numerator_and_denominator(viewer, collaborative, scenario):  # type: ignore[no-untyped-def]
    text = _export(viewer, collaborative)
    assert "school-return,Eastside Health Centre,2026-01,,< 10000,< 10000,< 10000,approved" in text
    assert "youth-served,Northside School,2026-01,,—,,,approved" in text
    assert found(text, SMALL_OF_A + DRAFT_OF_B) == []


def test_partner_never_sees_another_partners_draft_in_the_export_or_the_page(
    partner, collaborative, scenario
):  # type: ignore[no-untyped-def]
    text = _export(partner, collaborative)
    assert "Riverside Police" not in text and found(text, DRAFT_OF_B) == []
    assert "youth-served,Eastside Health Centre,2026-01,,7919.0" in text
    client = Client()
    client.force_login(partner)
    page = client.get(
        reverse("measures:indicator", args=[collaborative.slug, scenario["served"].pk]),
        {"period": scenario["period"].pk},
    ).content.decode()
    assert found(page, DRAFT_OF_B) == []


def test_by_group_pools_a_percentage_and_hides_small_parts(viewer, collaborative, scenario):  # type: ignore[no-untyped-def]
    from braid.collaboratives.access import access_for
    from braid.measures import selectors

    access = access_for(viewer, collaborative.slug)
    parts = selectors.by_disaggregation(access, scenario["served"], scenario["period"])
    assert parts == {"gender": [("girls", "< 10000", None), ("boys", "< 10000", None)]}


def test_objective_links_show_the_latest_figure_as_the_reader_may_see_it(
    viewer, steward, collaborative, scenario
):  # type: ignore[no-untyped-def]
    from braid.agenda.links import indicator_links
    from braid.agenda.models import Goal, Objective
    from braid.collaboratives.access import access_for

    goal = Goal.objects.create(collaborative=collaborative, title="Safer youth")
    objective = Objective.objects.create(collaborative=collaborative, goal=goal, title="Return")
    scenario["share"].objectives.add(objective)
    seen = indicator_links(access_for(viewer, collaborative.slug).audience, [objective.pk])
    assert [link.latest for link in seen[objective.pk]] == ["< 10000"]
    stewards = indicator_links(access_for(steward, collaborative.slug).audience, [objective.pk])
    assert [link.latest for link in stewards[objective.pk]] == ["34.198 %"]


def test_the_scorecard_hides_a_percentage_of_small_counts_and_says_so(
    viewer, steward, collaborative, scenario
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/scorecard"
    rows = {r["code"]: r for r in Client().get(url, **bearer(viewer)).json()}
    assert rows["school-return"]["provisional"] is None
    assert rows["youth-served"]["provisional"] == 27919  # 2 of 3 partners in, none hidden
    stewards = {r["code"]: r for r in Client().get(url, **bearer(steward)).json()}
    assert round(stewards["school-return"]["provisional"], 3) == 34.198
    client = Client()
    client.force_login(viewer)
    page = client.get(
        reverse("measures:indicator", args=[collaborative.slug, scenario["share"].pk])
    ).content.decode()
    assert (
        'data-period="2026-01"><th scope="row">2026-01</th><td class="num" data-actual>&lt; 10000'
        in page
    )
    assert found(page, SMALL_OF_A) == []

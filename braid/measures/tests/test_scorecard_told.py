"""Each scorecard row is told once per change of its own data (braid.measures.told): one new
figure tells one row again, not every row, and every kind of change shows at once on the page
and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.services import collaborative_update
from braid.collaboratives.testing import bearer
from braid.measures import services, told
from braid.measures.figures import values_save
from braid.measures.indicators import indicator_update
from braid.measures.models import Aggregate, Submission
from braid.measures.tests.factories import indicator, period


@pytest.fixture
def told_rows(monkeypatch):  # type: ignore[no-untyped-def]
    """The indicator codes told again by each reading, in order."""
    seen: list[list[str]] = []
    tell = told._tell

    def counting(access, f, stale):  # type: ignore[no-untyped-def]
        seen.append(sorted(r.indicator.code for r in stale.values()))
        return tell(access, f, stale)

    monkeypatch.setattr(told, "_tell", counting)
    return seen


@pytest.fixture
def three(collaborative, organisation):  # type: ignore[no-untyped-def]
    """Three counts the partner reports, each with six approved months (10 to 15)."""
    periods = [period(collaborative, f"2025-{m:02d}", m, 2025) for m in range(1, 8)]
    inds = [
        indicator(collaborative, f"m{n}", [organisation], name=f"Measure {n}") for n in range(3)
    ]
    Aggregate.objects.bulk_create(
        Aggregate(
            collaborative=collaborative,
            indicator=ind,
            period=p,
            value=10 + k,
            partners=1,
            assigned=1,
        )
        for ind in inds
        for k, p in enumerate(periods[:6])
    )
    return {"inds": inds, "periods": periods}


def _latest(client, collaborative, code, **auth):  # type: ignore[no-untyped-def]
    """The latest figure of `code` on the page and in the API."""
    html = client.get(reverse("measures:scorecard", args=[collaborative.slug])).content.decode()
    row = html.split(f'data-indicator="{code}"')[1].split("</tr>")[0]
    page = row.split("data-latest>")[1].split("<")[0]
    api = client.get(f"/api/v1/collaboratives/{collaborative.slug}/scorecard", **auth).json()
    [shown] = [r for r in api if r["code"] == code]
    return page, shown


def test_a_new_approved_figure_tells_its_own_row_again_and_no_other(
    steward_client, steward, partner, collaborative, organisation, three, told_rows
):  # type: ignore[no-untyped-def]
    assert _latest(steward_client, collaborative, "m0")[0] == "15"
    assert told_rows == [["m0", "m1", "m2"]]  # the page told every row; the API read them
    p = three["periods"][6]
    partner_access = access_for(partner, collaborative.slug)
    values_save(
        access=partner_access,
        organisation_id=organisation.pk,
        period_id=p.pk,
        values={(i.pk, ""): 7000 + n for n, i in enumerate(three["inds"])},
    )
    services.submission_submit(
        access=partner_access, organisation_id=organisation.pk, period_id=p.pk
    )
    sub = Submission.objects.get(organisation=organisation, period=p)
    services.submission_approve(
        access=access_for(steward, collaborative.slug), submission_id=sub.pk
    )
    page, api = _latest(steward_client, collaborative, "m1")
    assert (page, api["latest"], api["latest_period"]) == ("7001", 7001, "2025-07")
    assert told_rows[1] == ["m0", "m1", "m2"]  # the approval changed all three figures
    # A target for one measure: that row alone is told again.
    services.target_set(
        access=access_for(steward, collaborative.slug),
        indicator_id=three["inds"][2].pk,
        period_id=p.pk,
        value=9000,
    )
    page, api = _latest(steward_client, collaborative, "m2")
    assert api["target"] == 9000 and told_rows[2:] == [["m2"]]
    html = steward_client.get(reverse("measures:scorecard", args=[collaborative.slug])).content
    assert (
        '<td class="num">9000</td>'
        in html.decode().split('data-indicator="m2"')[1].split("</tr>")[0]
    )


def test_an_indicator_edit_and_a_period_change_show_at_once(
    steward_client, steward, collaborative, three, told_rows
):  # type: ignore[no-untyped-def]
    _latest(steward_client, collaborative, "m0")
    access = access_for(steward, collaborative.slug)
    indicator_update(access=access, indicator_id=three["inds"][0].pk, changes={"decimals": 2})
    page, _api = _latest(steward_client, collaborative, "m0")
    assert page == "15.00" and told_rows[1:] == [["m0"]]
    # A new period: every row reads the periods again (what is due, their order).
    services_period = period(collaborative, "2025-08", 8, 2025)
    assert services_period.pk
    from braid.collaboratives import freshness

    freshness.forget()  # the period above was made without a service
    _latest(steward_client, collaborative, "m0")
    assert told_rows[-1] == ["m0", "m1", "m2"]


def test_a_new_disclosure_threshold_shows_at_once(
    viewer_client, viewer, steward, collaborative, three, told_rows
):  # type: ignore[no-untyped-def]
    auth = bearer(viewer)
    page, api = _latest(viewer_client, collaborative, "m0", **auth)
    assert (page, api["latest"]) == ("15", 15)
    # Above every figure: the viewer sees none of them, on the page and in the API, at once.
    collaborative_update(access=access_for(steward, collaborative.slug), suppression_threshold=20)
    page, api = _latest(viewer_client, collaborative, "m0", **auth)
    assert (page, api["latest"], api["status"]) == ("—", None, "no_data")
    assert told_rows[-1] == ["m0", "m1", "m2"]
    # The steward still sees every figure.
    collaborative.refresh_from_db()
    [(_row, t)] = [
        x for x in told.rows(access_for(steward, collaborative.slug)) if x[0].indicator.code == "m0"
    ]
    assert t.api["latest"] == 15


def test_rows_written_without_a_service_are_told_again(steward, collaborative, three, told_rows):  # type: ignore[no-untyped-def]
    """The rows' marks are read from the data itself: an aggregate written afresh (as
    aggregates_refresh writes them) is seen without an audit line."""
    access = access_for(steward, collaborative.slug)
    before = {r.indicator.code: t.api["latest"] for r, t in told.rows(access)}
    assert before == {"m0": 15, "m1": 15, "m2": 15}
    ind, p = three["inds"][1], three["periods"][5]
    Aggregate.objects.filter(indicator=ind, period=p).delete()
    Aggregate.objects.create(
        collaborative=collaborative, indicator=ind, period=p, value=55, partners=1, assigned=1
    )
    after = {r.indicator.code: t.api["latest"] for r, t in told.rows(access)}
    assert after == {"m0": 15, "m1": 55, "m2": 15} and told_rows[1:] == [["m1"]]
    assert told.rows(access) and told_rows[2:] == []  # nothing changed: nothing told

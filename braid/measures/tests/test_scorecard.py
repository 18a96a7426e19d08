"""The scorecard, the verdict, the chart and its table tell one story (braid.lib.rba.curve_story)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from braid.collaboratives import freshness
from braid.collaboratives.access import access_for
from braid.measures import present, selectors, services
from braid.measures.models import Aggregate, Period, Submission, Target, Value
from braid.measures.tests.factories import indicator, period

# A down-is-good measure: charges fall, then rise a little.
CHARGES = (30, 29, 27, 26, 24, 25, 23.3)


def _charges(collaborative, organisation, *, name="Youth charged"):  # type: ignore[no-untyped-def]
    ind = indicator(collaborative, name.lower().replace(" ", "-"), [organisation], name=name)
    ind.direction = "down"
    ind.decimals = 1
    ind.save()
    periods = [period(collaborative, f"2025-{m:02d}", m, 2025) for m in range(1, 8)]
    for p, v in zip(periods, CHARGES, strict=True):
        Aggregate.objects.create(
            collaborative=collaborative, indicator=ind, period=p, value=v, partners=1, assigned=1
        )
    Target.objects.create(collaborative=collaborative, indicator=ind, period=periods[-1], value=20)
    return ind, periods


def _row(steward, collaborative, ind):  # type: ignore[no-untyped-def]
    [row] = selectors.scorecard(access_for(steward, collaborative.slug), indicator_id=ind.pk)
    return row


def test_verdict_chart_and_table_show_the_same_forecast(
    steward, steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    ind, _periods = _charges(collaborative, organisation)
    row = _row(steward, collaborative, ind)
    # Fitted on 2025-01 and 2025-02 (30, 29: −1 a month), projected to 2025-07: 24.
    assert row.forecast == pytest.approx(24)
    assert row.turning is True  # 23.3 is below 24, and down is good
    drawn = {
        d["code"]: d["value"]
        for d in present.chart_spec(row)["data"]["values"]
        if d["series"] == "forecast"
    }
    assert drawn == {"2025-03": 28, "2025-04": 27, "2025-05": 26, "2025-06": 25, "2025-07": 24}
    html = steward_client.get(
        reverse("measures:indicator", args=[collaborative.slug, ind.pk])
    ).content.decode()
    assert "2025-07: 23.3, better than the baseline forecast of 24.0: the curve is turning." in html
    latest = re.search(r'<tr data-period="2025-07">(.*?)</tr>', html, re.S)
    assert latest is not None
    assert "data-forecast>24.0<" in latest.group(1) and "data-actual>23.3" in latest.group(1)
    assert "data-target>20.0<" in latest.group(1)
    card = steward_client.get(reverse("measures:scorecard", args=[collaborative.slug]))
    assert "better than the baseline forecast of 24.0" in card.content.decode()


def test_trend_and_curve_read_the_same_figures_the_chart_draws(
    steward, collaborative, organisation
):  # type: ignore[no-untyped-def]
    ind, _periods = _charges(collaborative, organisation)
    row = _row(steward, collaborative, ind)
    # The last five figures 27, 26, 24, 25, 23.3 fall: improving for a down-is-good measure.
    assert row.trend == "improving" and present.line(row).arrow == "↘"
    assert present.verdict(row).endswith("The trend is improving.")


def test_french_chart_keeps_each_series_style_and_translates_the_legend(
    steward, collaborative, organisation
):  # type: ignore[no-untyped-def]
    ind, _periods = _charges(collaborative, organisation)
    row = _row(steward, collaborative, ind)
    english = present.chart_spec(row)
    with translation.override("fr"):
        french = present.chart_spec(row)
    for channel in ("color", "strokeDash"):
        assert (
            french["layer"][0]["encoding"][channel]["scale"]
            == english["layer"][0]["encoding"][channel]["scale"]
        )
        assert french["layer"][0]["encoding"][channel]["field"] == "series"
    assert english["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "actual",
        "forecast",
        "target",
    ]
    assert english["layer"][0]["encoding"]["strokeDash"]["scale"]["range"][0] == [
        1,
        0,
    ]  # actual: solid
    assert (
        '"actual": "R\\u00e9el"' in french["layer"][0]["encoding"]["color"]["legend"]["labelExpr"]
    )
    assert (
        english["layer"][0]["encoding"]["x"]["axis"]["format"] == "%b %Y"
    )  # years on the time axis


def test_a_period_one_of_two_partners_reported_is_provisional_not_the_latest(
    steward, steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    ind, periods = _charges(collaborative, organisation)
    august = period(collaborative, "2025-08", 8, 2025)
    Aggregate.objects.create(
        collaborative=collaborative, indicator=ind, period=august, value=9, partners=1, assigned=2
    )
    row = _row(steward, collaborative, ind)
    assert row.latest_period == periods[-1] and row.latest == 23.3
    assert present.coverage(row) == "1 of 2 partners reported"
    html = steward_client.get(reverse("measures:scorecard", args=[collaborative.slug])).content
    assert "2025-08: 9.0, provisional" in html.decode()


def test_aggregate_records_how_many_assigned_partners_it_covers(collaborative, measures):  # type: ignore[no-untyped-def]
    served, p = measures["served"], measures["periods"][0]
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator=served,
        organisation=measures["org"],
        period=p,
        value=4,
    )
    Submission.objects.create(
        collaborative=collaborative, organisation=measures["org"], period=p, status="approved"
    )
    services.aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk})
    agg = Aggregate.objects.get(indicator=served, period=p)
    assert (agg.partners, agg.assigned, agg.complete) == (1, 2, False)


def test_removing_the_partner_who_never_reported_makes_the_period_complete(
    steward, collaborative, measures
):  # type: ignore[no-untyped-def]
    from braid.measures.indicators import indicator_update

    served, p = measures["served"], measures["periods"][0]
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator=served,
        organisation=measures["org"],
        period=p,
        value=4,
    )
    Submission.objects.create(
        collaborative=collaborative, organisation=measures["org"], period=p, status="approved"
    )
    services.aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk})
    assert _row(steward, collaborative, served).latest is None  # 1 of 2: provisional
    indicator_update(
        access=access_for(steward, collaborative.slug),
        indicator_id=served.pk,
        changes={},
        reporters=[measures["org"].pk],
    )
    row = _row(steward, collaborative, served)
    assert (row.latest, row.latest_period, row.provisional_point) == (4, p, None)


def test_a_breakdown_that_does_not_add_up_says_so(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    served, p, org = measures["served"], measures["periods"][0], measures["org"]
    for key, value in (("", 54), ("gender=girls", 22), ("gender=boys", 18)):
        Value.objects.create(
            collaborative_id=collaborative.pk,
            indicator=served,
            organisation=org,
            period=p,
            disaggregation=key,
            value=value,
        )
    Submission.objects.create(
        collaborative=collaborative, organisation=org, period=p, status="approved"
    )
    services.aggregates_refresh(collaborative_id=collaborative.pk, indicator_ids={served.pk})
    url = reverse("measures:indicator", args=[collaborative.slug, served.pk])
    html = steward_client.get(url, {"period": p.pk}).content.decode()
    assert "The gender groups add up to 40, not the total of 54" in html


def test_headline_counts_turning_and_stale_measures(
    steward, steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    _charges(collaborative, organisation)  # turning, with a figure for the latest period due
    indicator(collaborative, "no-figures", [organisation], name="No figures")  # due, none in
    rows = selectors.scorecard(access_for(steward, collaborative.slug))
    headline = str(present.headline(rows))
    assert headline == (
        "1 of 2 measures is turning the curve; 1 has no figure yet for its latest period due."
    )
    html = steward_client.get(reverse("measures:scorecard", args=[collaborative.slug])).content
    assert headline in html.decode()
    assert 'data-status="turning"' in html.decode() and "Turning the curve" in html.decode()


def test_scorecard_groups_by_objective_and_by_goal(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    from braid.agenda.models import Goal, Objective

    ind, _periods = _charges(collaborative, organisation)
    goal = Goal.objects.create(collaborative=collaborative, title="Safer youth")
    objective = Objective.objects.create(
        collaborative=collaborative, goal=goal, title="Fewer charges"
    )
    ind.objectives.add(objective)
    indicator(collaborative, "loose", [organisation], name="Loose measure")
    url = reverse("measures:scorecard", args=[collaborative.slug])
    by_objective = steward_client.get(url, {"group": "objective"}).content.decode()
    assert by_objective.index("Fewer charges") < by_objective.index("Youth charged")
    assert by_objective.index("Not linked to an objective") < by_objective.index("Loose measure")
    by_goal = steward_client.get(url, {"group": "goal"}).content.decode()
    assert by_goal.index("Safer youth") < by_goal.index("Youth charged")
    printable = steward_client.get(url, {"print": "1"}).content.decode()
    assert "print-view" in printable and "data-print" in printable  # static/js/braid.js prints


def test_scorecard_page_reads_in_a_constant_number_of_queries(
    steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    url = reverse("measures:scorecard", args=[collaborative.slug])
    _charges(collaborative, organisation, name="First measure")
    with CaptureQueriesContext(connection) as one:
        assert steward_client.get(url).status_code == 200
    for n in range(2, 6):
        ind = indicator(collaborative, f"more-{n}", [organisation], name=f"More {n}")
        Target.objects.create(
            collaborative=collaborative,
            indicator=ind,
            period=Period.objects.filter(collaborative=collaborative).first(),
            value=n,
        )
    freshness.forget()  # the rows above were made without a service (no audit line)
    with CaptureQueriesContext(connection) as five:
        assert "More 5" in steward_client.get(url).content.decode()
    assert len(five) == len(one)


def test_the_scorecard_is_read_again_once_the_data_changes(
    steward_client, steward, collaborative, organisation
):  # type: ignore[no-untyped-def]
    """Page and API are cached for each reader until an audited change (any service's write):
    a second read costs a few queries, and a target set through the service shows at once."""
    from braid.collaboratives.access import access_for
    from braid.measures.services import target_set

    url = reverse("measures:scorecard", args=[collaborative.slug])
    ind, periods = _charges(collaborative, organisation, name="First measure")
    with CaptureQueriesContext(connection) as first:
        assert steward_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        page = steward_client.get(url).content.decode()
    assert len(again) < len(first) and "First measure" in page
    access = access_for(steward, collaborative.slug)
    target_set(access=access, indicator_id=ind.pk, period_id=periods[-1].pk, value=987654)
    assert "987" in steward_client.get(url).content.decode()


def test_scorecard_api_carries_the_same_story(steward, client, collaborative, organisation):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import bearer

    ind, _periods = _charges(collaborative, organisation)
    body = client.get(
        f"/api/v1/collaboratives/{collaborative.slug}/scorecard", **bearer(steward)
    ).json()
    [row] = [r for r in body if r["code"] == ind.code]
    assert row["forecast"] == pytest.approx(24) and row["turning"] is True
    assert row["status"] == "turning" and row["trend"] == "improving"
    assert row["verdict"].startswith("2025-07: 23.3, better than the baseline forecast of 24.0")
    assert row["provisional_period"] is None and row["stale"] is False


def test_the_sparkline_is_drawn_once_in_python_as_the_page_drew_it() -> None:
    """present.spark_svg writes what the template used to: the target line, the dashed
    forecast, the figures and a dot on the latest, with the label escaped; nothing without
    figures."""
    from braid.lib.sparkline import Spark

    s = Spark(actual="3.0,25.0 117.0,3.0", forecast="60.0,14.0", target_y=6.5, last=(117.0, 3.0))
    assert present.spark_svg(s, "Figures & <target>") == (
        '<svg class="spark" viewBox="0 0 120 28" width="130" height="30" role="img" '
        'aria-label="Figures &amp; &lt;target&gt;">'
        '<line class="spark-target" x1="0" x2="120" y1="6.5" y2="6.5"/>'
        '<polyline class="spark-forecast" points="60.0,14.0"/>'
        '<polyline class="spark-actual" points="3.0,25.0 117.0,3.0"/>'
        '<circle class="spark-last" cx="117.0" cy="3.0" r="2.5"/></svg>'
    )
    assert present.spark_svg(Spark("", "", None, None), "x") == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_figures_written_for_a_page_read_as_number_format_does(lang: str) -> None:
    """The page's one formatter per language writes exactly Django's number_format."""
    from types import SimpleNamespace

    from django.utils.formats import number_format

    with translation.override(lang):
        figures = present.Figures()
        for decimals in (0, 1, 2):
            ind = SimpleNamespace(decimals=decimals, is_percentage=False)
            for value in (0.0, -3.25, 1234567.891, 12.5, 999.995):
                expected = number_format(round(value, decimals), decimals)
                assert figures.write(ind, value) == expected  # type: ignore[arg-type]
        pct = SimpleNamespace(decimals=1, is_percentage=True)
        assert figures.write(pct, 45.25) == number_format(45.2, 1) + " %"  # type: ignore[arg-type]
        assert figures.write(pct, None) == "—"  # type: ignore[arg-type]

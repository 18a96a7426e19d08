"""Partner enters, submits; steward returns, partner revises, steward approves; scorecard moves."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from braid.collaboratives import freshness
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.core.errors import ConflictError, ServiceError
from braid.measures import notify, selectors, services
from braid.measures.models import Aggregate, Submission, Value, ValueHistory


def test_full_cycle_changes_the_scorecard(
    partner_client, steward_client, collaborative, measures, partner, steward
):  # type: ignore[no-untyped-def]
    p = measures["periods"][0]
    entry = reverse("measures:entry", args=[collaborative.slug, p.pk])
    partner_client.post(
        entry, {"version": 1, f"value-{measures['served'].pk}": "12", "action": "save"}
    )
    sub = Submission.objects.get(organisation=measures["org"], period=p)
    assert sub.status == "draft"
    partner_client.post(
        entry, {"version": sub.version, f"value-{measures['served'].pk}": "12", "action": "submit"}
    )
    sub.refresh_from_db()
    assert sub.status == "submitted"
    steward_client.post(
        reverse("measures:return", args=[collaborative.slug, sub.pk]),
        {"comment": "Check the count"},
    )
    sub.refresh_from_db()
    assert (sub.status, sub.comment) == ("returned", "Check the count")
    partner_client.post(
        entry, {"version": sub.version, f"value-{measures['served'].pk}": "15", "action": "submit"}
    )
    sub.refresh_from_db()
    assert sub.status == "submitted"
    assert list(ValueHistory.objects.values_list("before", "after")) == [(12, 15)]
    assert not Aggregate.objects.exists()
    steward_client.post(reverse("measures:approve", args=[collaborative.slug, sub.pk]))
    # One of the two partners is in: the figure is provisional, not the latest, and says so.
    [row] = selectors.scorecard(access_for(steward, collaborative.slug))
    assert row.latest is None and row.provisional_point is not None
    assert (row.provisional_point.actual, row.provisional_point.partners) == (15, 1)
    url = reverse("measures:scorecard", args=[collaborative.slug])
    html = steward_client.get(url).content.decode()
    assert "2026-01: 15, provisional" in html and "1 of 2 partners reported" in html
    # The second partner's figure approved: the period is complete and becomes the latest.
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator=measures["served"],
        organisation=measures["police"],
        period=p,
        value=5,
    )
    Submission.objects.create(
        collaborative=collaborative, organisation=measures["police"], period=p, status="approved"
    )
    services.aggregates_refresh(
        collaborative_id=collaborative.pk, indicator_ids={measures["served"].pk}
    )
    freshness.forget()  # rows written above without a service (and its audit line)
    [row] = selectors.scorecard(access_for(steward, collaborative.slug))
    assert (row.latest, row.baseline, row.target) == (20, 10, 30)
    assert row.provisional_point is None
    assert row.progress == pytest.approx(0.5)
    html = steward_client.get(url).content.decode()
    assert "50 %" in html and "provisional" not in html.split("<tbody>")[1]


def test_second_editor_with_a_stale_form_gets_a_conflict(partner, collaborative, measures):  # type: ignore[no-untyped-def]
    access = access_for(partner, collaborative.slug)
    key = {(measures["served"].pk, ""): 5.0}
    services.values_save(
        access=access,
        organisation_id=measures["org"].pk,
        period_id=measures["periods"][0].pk,
        values=key,
        version=1,
    )
    with pytest.raises(ConflictError):
        services.values_save(
            access=access,
            organisation_id=measures["org"].pk,
            period_id=measures["periods"][0].pk,
            values={(measures["served"].pk, ""): 6.0},
            version=1,
        )
    assert Value.objects.get().value == 5.0


def test_submit_needs_every_figure(partner, collaborative, measures):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="missing: Youth-Served"):
        services.submission_submit(
            access=access_for(partner, collaborative.slug),
            organisation_id=measures["org"].pk,
            period_id=measures["periods"][0].pk,
        )


def test_partner_cannot_report_for_another_organisation(partner_client, collaborative, measures):  # type: ignore[no-untyped-def]
    url = reverse("measures:entry", args=[collaborative.slug, measures["periods"][0].pk])
    partner_client.post(
        url + f"?organisation={measures['police'].pk}",
        {
            "version": 1,
            f"value-{measures['served'].pk}": "99",
            "organisation": measures["police"].pk,
            "action": "save",
        },
    )
    assert not Value.objects.filter(organisation=measures["police"]).exists()


def test_partners_see_others_figures_only_once_submitted_and_small_counts_are_hidden(
    client, collaborative, measures, partner, viewer, steward
):  # type: ignore[no-untyped-def]
    p = measures["periods"][0]
    for org, value, status in (
        (measures["org"], 3, "submitted"),
        (measures["police"], 40, "draft"),
    ):
        Value.objects.create(
            collaborative_id=collaborative.pk,
            indicator=measures["served"],
            organisation=org,
            period=p,
            value=value,
        )
        Submission.objects.create(
            collaborative=collaborative, organisation=org, period=p, status=status
        )
    viewer_rows = {
        c.organisation.name: c.shown
        for c in selectors.by_partner(access_for(viewer, collaborative.slug), measures["served"], p)
    }
    assert viewer_rows == {"Eastside Health Centre": "< 5", "Riverside Police": "…"}
    steward_rows = {
        c.organisation.name: c.shown
        for c in selectors.by_partner(
            access_for(steward, collaborative.slug), measures["served"], p
        )
    }
    assert steward_rows == {"Eastside Health Centre": "3", "Riverside Police": "40"}
    page = client.get(
        f"/api/v1/collaboratives/{collaborative.slug}/values", **bearer(partner)
    ).json()
    assert [v["organisation_id"] for v in page["items"]] == [measures["org"].pk]


def test_reminders_go_to_partners_who_have_not_submitted(
    steward, collaborative, measures, partner, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        report = notify.reminders_send(
            access=access_for(steward, collaborative.slug), period_id=measures["periods"][0].pk
        )
    # Two organisations owe the report; only one has a member account to e-mail.
    assert report.sent == [("Eastside Health Centre", partner.email)]
    assert [o.name for o in report.nobody] == ["Riverside Police"]
    assert [m.to for m in mail.outbox] == [[partner.email]]
    assert "2026-01" in mail.outbox[0].subject
    assert Submission.objects.filter(reminded_at__isnull=False).count() == 1


def test_periods_open_on_a_schedule_and_existing_ones_are_kept(
    steward_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    from braid.measures.models import Period

    url = reverse("measures:periods", args=[collaborative.slug])
    response = steward_client.post(
        url, {"frequency": "quarterly", "first": "2026-02-10", "count": 3, "due_days": 30}
    )
    assert response.status_code == 302
    quarters = Period.objects.filter(frequency="quarterly").order_by("start")
    assert [(p.code, str(p.start), str(p.end), str(p.due_date)) for p in quarters] == [
        ("2026-Q1", "2026-01-01", "2026-03-31", "2026-04-30"),
        ("2026-Q2", "2026-04-01", "2026-06-30", "2026-07-30"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026-10-30"),
    ]
    steward_client.post(
        url, {"frequency": "monthly", "first": "2026-03-01", "count": 3, "due_days": 15}
    )
    assert (
        Period.objects.filter(frequency="monthly").count() == 5
    )  # 2026-03 and -04 existed; 2026-05 added


def test_closed_period_refuses_partner_entry(partner, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    services.period_close(
        access=access_for(steward, collaborative.slug), period_id=measures["periods"][0].pk
    )
    with pytest.raises(ServiceError, match="closed"):
        services.values_save(
            access=access_for(partner, collaborative.slug),
            organisation_id=measures["org"].pk,
            period_id=measures["periods"][0].pk,
            values={(measures["served"].pk, ""): 5.0},
        )


def test_check_values_finds_orphans(collaborative, steward, measures, capsys):  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator_id=987654,
        organisation=measures["org"],
        period=measures["periods"][0],
        value=1,
    )
    with pytest.raises(CommandError):
        call_command("check_values", collaborative=collaborative.slug)
    assert "indicator: 1" in capsys.readouterr().out


def test_scorecard_page_filters_by_objective(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    from braid.agenda.models import Goal, Objective
    from braid.measures.tests.factories import indicator

    goal = Goal.objects.create(collaborative=collaborative, title="Safer youth")
    objective = Objective.objects.create(
        collaborative=collaborative, goal=goal, title="Divert youth from charges"
    )
    measures["served"].objectives.add(objective)
    indicator(collaborative, "other-measure", name="Other measure")
    url = reverse("measures:scorecard", args=[collaborative.slug])
    html = steward_client.get(url, {"objective": objective.pk}).content.decode()
    assert "Youth-Served" in html and "Other measure" not in html
    assert "Other measure" in steward_client.get(url).content.decode()


def test_cumulative_sums_counts_since_the_baseline_and_this_year(steward, collaborative, measures):  # type: ignore[no-untyped-def]
    from braid.measures.models import Aggregate

    measures["served"].baseline_period = measures["periods"][1]
    measures["served"].save()
    for p, v in zip(measures["periods"], (5, 7, 11, 13), strict=True):
        Aggregate.objects.create(
            collaborative=collaborative, indicator=measures["served"], period=p, value=v
        )
    [row] = selectors.scorecard(access_for(steward, collaborative.slug))
    assert row.cumulative_ytd == 36  # every 2026 month
    assert row.cumulative_since_baseline == 31  # from 2026-02, the baseline period


def test_reminders_are_saved_in_one_statement_and_move_nothing_else(
    steward, collaborative, measures, partner
):  # type: ignore[no-untyped-def]
    """One report already started (with its comment), one not started: both reminded in one
    upsert; the started one keeps its status and comment."""
    from braid.collaboratives.testing import make_persona

    make_persona(collaborative, "partner", organisation=measures["police"], email="p@police.org")
    first = measures["periods"][0]
    Submission.objects.create(
        collaborative=collaborative,
        organisation=measures["org"],
        period=first,
        status="returned",
        comment="Please check March",
    )
    with CaptureQueriesContext(connection) as captured:
        report = notify.reminders_send(
            access=access_for(steward, collaborative.slug), period_id=first.pk
        )
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if "measures_submission" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1 and report.organisations == 2
    started = Submission.objects.get(organisation=measures["org"], period=first)
    assert (started.status, started.comment) == ("returned", "Please check March")
    assert Submission.objects.filter(period=first, reminded_at__isnull=False).count() == 2

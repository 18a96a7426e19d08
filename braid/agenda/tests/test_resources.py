"""Resources: contributions pooled by kind and partner, funders' mandates, the deadline calendar."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from braid.agenda.models import Contribution, FundingDeadline, FundingSource
from braid.agenda.resources import selectors, services
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ServiceError

JAN = dt.date(2026, 1, 1)
DEC = dt.date(2026, 12, 31)


def _add(access, org, kind, value):  # type: ignore[no-untyped-def]
    return services.contribution_add(
        access=access,
        organisation_id=org.pk,
        kind=kind,
        value=value,
        period_start=JAN,
        period_end=DEC,
    )


@pytest.fixture
def school(collaborative):  # type: ignore[no-untyped-def]
    return OrganisationFactory(collaborative=collaborative, name="Northside School Board")


def test_totals_by_kind_and_organisation_are_hand_worked(
    collaborative, steward, organisation, school
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    _add(access, organisation, "funding", "25000")
    _add(access, organisation, "staff", "12 500,50")  # French decimal comma and a space
    _add(access, school, "funding", 10000)
    _add(access, school, "space", "3000")
    t = selectors.totals(list(selectors.contributions(access)))
    by_kind = {code: total for code, _label, total in t.by_kind}
    assert by_kind == {
        "funding": Decimal("35000.00"),
        "staff": Decimal("12500.50"),
        "in_kind": Decimal(0),
        "data": Decimal(0),
        "space": Decimal("3000.00"),
    }
    assert t.total == Decimal("50500.50")
    assert t.by_organisation == [
        (
            "Eastside Health Centre",
            {"funding": Decimal("25000.00"), "staff": Decimal("12500.50")},
            Decimal("37500.50"),
        ),
        (
            "Northside School Board",
            {"funding": Decimal("10000.00"), "space": Decimal("3000.00")},
            Decimal("13000.00"),
        ),
    ]
    spec = selectors.contributions_spec(t)
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert {"organisation": "Northside School Board", "kind": "Space", "value": 3000.0} in spec[
        "data"
    ]["values"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"period_end": dt.date(2025, 12, 1)}, "period_end", "before the start"),
        ({"value": "-5"}, "value", "cannot be negative"),
        ({"value": "lots"}, "value", "is not a number"),
        ({"organisation_id": None}, "organisation_id", "Choose a partner organisation"),
        ({"kind": "gold"}, "kind", "Kind must be one of"),
    ],
)
def test_contribution_bad_input_names_the_field(
    collaborative, steward, organisation, changes, field, words
):  # type: ignore[no-untyped-def]
    fields = {
        "organisation_id": organisation.pk,
        "kind": "funding",
        "value": "100",
        "period_start": JAN,
        "period_end": DEC,
        **changes,
    }
    with pytest.raises(ServiceError) as exc:
        services.contribution_add(access=access_for(steward, collaborative.slug), **fields)
    assert [p.field for p in exc.value.problems] == [field]
    assert words in exc.value.problems[0].message
    assert not Contribution.objects.exists()


def test_contribution_of_another_collaboratives_organisation_is_refused(
    collaborative, other_collaborative, steward
):  # type: ignore[no-untyped-def]
    stranger = OrganisationFactory(collaborative=other_collaborative)
    with pytest.raises(ServiceError) as exc:
        _add(access_for(steward, collaborative.slug), stranger, "funding", 10)
    assert exc.value.problems[0].field == "organisation_id"
    assert not Contribution.objects.exists()


def test_ui_error_messages_name_the_field_and_the_fix(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    url = reverse("agenda:res_contributions", args=[collaborative.slug])
    response = steward_client.post(
        url,
        {
            "organisation_id": organisation.pk,
            "kind": "funding",
            "value": "-100",
            "period_start": "2026-06-01",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "A value cannot be negative" in body
    assert "The end (2026-01-01) is before the start (2026-06-01)" in body
    assert not Contribution.objects.exists()


def test_ui_add_list_and_delete(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    url = reverse("agenda:res_contributions", args=[collaborative.slug])
    response = steward_client.post(
        url,
        {
            "organisation_id": organisation.pk,
            "kind": "staff",
            "value": "4200",
            "description": "Two days a month of a nurse",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
    )
    assert response.status_code == 302
    page = steward_client.get(url).content.decode()
    assert "Two days a month of a nurse" in page
    assert 'data-vega="contrib-spec"' in page
    c = Contribution.objects.get()
    response = steward_client.post(
        reverse("agenda:res_contribution_delete", args=[collaborative.slug, c.pk])
    )
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert list(
        AuditEvent.objects.filter(collaborative=collaborative)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["contribution.added", "contribution.deleted"]


def test_partner_and_viewer_read_contributions_but_cannot_write(
    partner_client, viewer_client, collaborative, steward, organisation
):  # type: ignore[no-untyped-def]
    c = _add(access_for(steward, collaborative.slug), organisation, "funding", 900)
    url = reverse("agenda:res_contributions", args=[collaborative.slug])
    for client in (partner_client, viewer_client):
        page = client.get(url)
        assert page.status_code == 200
        assert "Eastside Health Centre" in page.content.decode()
        assert "Record a contribution" not in page.content.decode()
        denied = client.post(
            url,
            {
                "organisation_id": organisation.pk,
                "kind": "funding",
                "value": "1",
                "period_start": "2026-01-01",
                "period_end": "2026-02-01",
            },
        )
        assert denied.status_code == 403
        assert (
            client.post(
                reverse("agenda:res_contribution_delete", args=[collaborative.slug, c.pk])
            ).status_code
            == 403
        )
    assert Contribution.objects.count() == 1


def test_api_contributions_and_errors(client, steward, partner, collaborative, organisation):  # type: ignore[no-untyped-def]
    base = f"/api/v1/collaboratives/{collaborative.slug}/contributions"
    headers = bearer(steward)
    bad = client.post(
        base,
        {
            "organisation_id": organisation.pk,
            "kind": "funding",
            "value": -3,
            "period_start": "2026-03-01",
            "period_end": "2026-02-01",
        },
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"value", "period_end"}
    ok = client.post(
        base,
        {
            "organisation_id": organisation.pk,
            "kind": "funding",
            "value": 1500,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201
    assert ok.json()["organisation"] == "Eastside Health Centre"
    totals = client.get(base + "/totals", **bearer(partner)).json()
    assert Decimal(totals["by_kind"]["funding"]) == Decimal(1500)
    assert Decimal(totals["total"]) == Decimal(1500)
    denied = client.post(
        base,
        {"organisation_id": organisation.pk, "kind": "data", "value": 1},
        content_type="application/json",
        **bearer(partner),
    )
    assert denied.status_code == 403
    gone = client.delete(f"{base}/{ok.json()['id']}", **headers)
    assert gone.status_code == 204
    assert not Contribution.objects.exists()


def test_partner_cannot_write_through_services(collaborative, partner, organisation):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _add(access_for(partner, collaborative.slug), organisation, "funding", 1)


# --- Funders and deadlines --------------------------------------------------------------------


@pytest.fixture
def funder(collaborative, steward):  # type: ignore[no-untyped-def]
    return services.funding_source_save(
        access=access_for(steward, collaborative.slug),
        funder="City Youth Fund",
        mandate="Prevent youth violence through community programmes.",
        reporting_requirements="Quarterly counts of youth served.",
        amount="150000",
        starts_on=JAN,
        ends_on=DEC,
    )


def test_funding_source_bad_dates_and_amount(collaborative, steward):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        services.funding_source_save(
            access=access_for(steward, collaborative.slug),
            funder="",
            amount="-1",
            starts_on=DEC,
            ends_on=JAN,
        )
    assert [p.field for p in exc.value.problems] == ["funder", "amount", "ends_on"]
    assert not FundingSource.objects.exists()


def test_calendar_groups_by_month_and_flags_overdue(collaborative, steward, funder):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    late = services.deadline_add(
        access=access, source_id=funder.pk, title="Q1 report", due_on=dt.date(2026, 4, 15)
    )
    services.deadline_add(
        access=access, source_id=funder.pk, title="Q1 budget", due_on=dt.date(2026, 4, 30)
    )
    services.deadline_add(
        access=access, source_id=funder.pk, title="Q2 report", due_on=dt.date(2026, 7, 15)
    )
    services.deadline_set_done(
        access=access,
        deadline_id=FundingDeadline.objects.get(title="Q1 budget").pk,
        done=True,
    )
    months = selectors.calendar(access, today=dt.date(2026, 5, 1))
    assert [m for m, _rows in months] == [dt.date(2026, 4, 1), dt.date(2026, 7, 1)]
    april = {r.deadline.title: (r.overdue, r.days) for r in months[0][1]}
    assert april == {"Q1 report": (True, -16), "Q1 budget": (False, -1)}
    assert [(r.deadline.title, r.overdue) for r in months[1][1]] == [("Q2 report", False)]
    spec = selectors.deadlines_spec(months, dt.date(2026, 5, 1))
    states = {v["what"]: v["state"] for v in spec["layer"][0]["data"]["values"]}
    assert states == {"Q1 report": "overdue", "Q1 budget": "done", "Q2 report": "to do"}
    assert late.pk


def test_deadline_page_flags_overdue_and_marks_done(steward_client, collaborative, steward, funder):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    d = services.deadline_add(
        access=access,
        source_id=funder.pk,
        title="Annual report",
        due_on=dt.date.today() - dt.timedelta(days=3),
    )
    url = reverse("agenda:res_deadlines", args=[collaborative.slug])
    page = steward_client.get(url).content.decode()
    assert "1 deadline is overdue." in page
    assert "Annual report" in page
    assert 'data-vega="deadline-spec"' in page
    response = steward_client.post(
        reverse("agenda:res_deadline_done", args=[collaborative.slug, d.pk]), {"done": "1"}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.done
    assert "deadline is overdue" not in steward_client.get(url).content.decode()


def test_funders_page_shows_every_mandate_side_by_side(
    viewer_client, collaborative, steward, funder
):  # type: ignore[no-untyped-def]
    services.funding_source_save(
        access=access_for(steward, collaborative.slug),
        funder="Provincial Health Foundation",
        mandate="Improve population health in underserved neighbourhoods.",
    )
    page = viewer_client.get(reverse("agenda:res_funders", args=[collaborative.slug]))
    body = page.content.decode()
    assert "Prevent youth violence through community programmes." in body
    assert "Improve population health in underserved neighbourhoods." in body
    assert "Quarterly counts of youth served." in body


def test_api_funders_deadlines_and_done(client, steward, viewer, collaborative):  # type: ignore[no-untyped-def]
    base = f"/api/v1/collaboratives/{collaborative.slug}"
    headers = bearer(steward)
    bad = client.post(
        base + "/funding-sources",
        {"funder": "X", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "ends_on"
    source = client.post(
        base + "/funding-sources",
        {"funder": "City Youth Fund", "mandate": "Youth", "amount": 5000},
        content_type="application/json",
        **headers,
    ).json()
    missing = client.post(
        f"{base}/funding-sources/{source['id']}/deadlines",
        {"title": "Report"},
        content_type="application/json",
        **headers,
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "due_on"
    deadline = client.post(
        f"{base}/funding-sources/{source['id']}/deadlines",
        {"title": "Report", "due_on": "2000-01-01"},
        content_type="application/json",
        **headers,
    ).json()
    assert deadline["overdue"] is True
    listed = client.get(base + "/deadlines", **bearer(viewer)).json()
    assert [(d["title"], d["overdue"]) for d in listed] == [("Report", True)]
    done = client.patch(
        f"{base}/deadlines/{deadline['id']}",
        {"done": True},
        content_type="application/json",
        **headers,
    )
    assert done.json()["overdue"] is False
    sources = client.get(base + "/funding-sources", **bearer(viewer)).json()
    assert sources[0]["mandate"] == "Youth"
    assert sources[0]["deadlines"][0]["done"] is True


def test_design_card_counts_pooled_and_overdue(collaborative, steward, organisation, funder):  # type: ignore[no-untyped-def]
    from braid.agenda.resources.home import cards, nav

    access = access_for(steward, collaborative.slug)
    _add(access, organisation, "funding", 2500)
    services.deadline_add(
        access=access, source_id=funder.pk, title="Late", due_on=dt.date(2000, 1, 1)
    )
    card = cards(access)[0]
    figures = {str(k): v for k, v in card.figures}
    assert figures["pooled"] == "$2,500"
    assert figures["deadlines overdue"] == 1
    assert [url for _label, url in nav(access)] == [
        f"/c/{collaborative.slug}/agenda/resources/",
        f"/c/{collaborative.slug}/agenda/deadlines/",
    ]
    assert json.dumps(figures)

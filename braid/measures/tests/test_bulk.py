"""A partner submits every complete report at once; a steward approves every clean one at once."""

from __future__ import annotations

from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.measures import selectors
from braid.measures.bulk import submissions_approve, submissions_submit
from braid.measures.models import Aggregate, Submission, Value


def _value(collaborative, indicator, org, period, value, key=""):  # type: ignore[no-untyped-def]
    Value.objects.create(
        collaborative_id=collaborative.pk,
        indicator_id=indicator.pk,
        organisation_id=org.pk,
        period_id=period.pk,
        disaggregation=key,
        value=value,
    )


def test_bulk_submit_skips_incomplete_reports_and_says_what_is_missing(
    partner, collaborative, measures
):  # type: ignore[no-untyped-def]
    served, org, p = measures["served"], measures["org"], measures["periods"]
    _value(collaborative, served, org, p[0], 10)
    _value(collaborative, served, org, p[1], 11)
    access = access_for(partner, collaborative.slug)
    result = submissions_submit(
        access=access, organisation_id=org.pk, period_ids=[p[0].pk, p[1].pk, p[2].pk]
    )
    assert sorted(s.period.code for s in result.submitted) == ["2026-01", "2026-02"]
    assert result.incomplete == {"2026-03": ["Youth-Served"]}
    assert Submission.objects.filter(status="submitted").count() == 2
    assert AuditEvent.objects.filter(action="submission.submitted").count() == 2


def test_bulk_approve_approves_clean_reports_and_holds_those_with_warnings(
    steward, collaborative, measures
):  # type: ignore[no-untyped-def]
    served, org, police, p = (measures[k] for k in ("served", "org", "police", "periods"))
    for n, period in enumerate(p[:3]):
        _value(collaborative, served, org, period, 10 + n)
        _value(collaborative, served, police, period, 20 + n)
    # A part larger than its total: a warning, so that report waits for a look.
    _value(collaborative, served, police, p[2], 50, "gender=girls")
    for o in (org, police):
        for period in p[:3]:
            Submission.objects.create(
                collaborative=collaborative, organisation=o, period=period, status="submitted"
            )
    access = access_for(steward, collaborative.slug)
    result = submissions_approve(access=access)
    assert len(result.approved) == 5
    [(held, warnings)] = result.held.items()
    assert (held.organisation, held.period) == (police, p[2])
    assert "add up" in warnings[0].message
    assert AuditEvent.objects.filter(action="submission.approved").count() == 5
    assert dict(
        Aggregate.objects.filter(indicator=served).values_list("period__code", "value")
    ) == {"2026-01": 30, "2026-02": 32, "2026-03": 12}
    [row] = selectors.scorecard(access)
    assert row.latest is not None


def test_pages_submit_and_approve_in_one_action(
    partner_client, steward_client, collaborative, measures
):  # type: ignore[no-untyped-def]
    served, org, p = measures["served"], measures["org"], measures["periods"]
    _value(collaborative, served, org, p[0], 10)
    response = partner_client.post(reverse("measures:submit_all", args=[collaborative.slug]))
    assert response.status_code == 302
    assert Submission.objects.get(organisation=org, period=p[0]).status == "submitted"
    review = steward_client.get(reverse("measures:review", args=[collaborative.slug]))
    assert "Approve every report without a warning" in review.content.decode()
    response = steward_client.post(
        reverse("measures:approve_all", args=[collaborative.slug]), {"period": p[0].pk}
    )
    assert response.status_code == 302
    assert Submission.objects.get(organisation=org, period=p[0]).status == "approved"


def test_api_submits_and_approves_in_one_call(client, partner, steward, collaborative, measures):  # type: ignore[no-untyped-def]
    served, org, p = measures["served"], measures["org"], measures["periods"]
    _value(collaborative, served, org, p[0], 10)
    base = f"/api/v1/collaboratives/{collaborative.slug}"
    response = client.post(
        base + f"/organisations/{org.pk}/submit",
        {},
        content_type="application/json",
        **bearer(partner),
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["submitted"]) == 1
    response = client.post(
        base + "/submissions/approve",
        {"period": "2026-01"},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 200, response.content
    assert response.json()["held"] == [] and len(response.json()["approved"]) == 1
    refused = client.post(
        base + "/submissions/approve", {}, content_type="application/json", **bearer(partner)
    )
    assert refused.status_code == 403


def test_a_partner_cannot_bulk_submit_for_another_organisation(
    client, partner, collaborative, measures
):  # type: ignore[no-untyped-def]
    police = measures["police"]
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/organisations/{police.pk}/submit",
        {},
        content_type="application/json",
        **bearer(partner),
    )
    assert response.status_code == 403

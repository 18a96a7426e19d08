"""JSON API of the bulk workflow steps: submit every complete report, approve every report
without a warning, each in one call (mounted on the measures router)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.measures.bulk import submissions_approve, submissions_submit
from braid.measures.models import Period

router = Router(tags=["measures"])
BASE = "/collaboratives/{slug}"


class SubmitAllIn(Schema):
    periods: list[str] | None = None


class Incomplete(Schema):
    period: str
    missing: list[str]


class SubmitAllOut(Schema):
    submitted: list[int]
    incomplete: list[Incomplete]


class ApproveAllIn(Schema):
    period: str | None = None


class WarningOut(Schema):
    field: str
    message: str
    value: str | None


class Held(Schema):
    submission_id: int
    organisation_id: int
    period: str
    warnings: list[WarningOut]


class ApproveAllOut(Schema):
    approved: list[int]
    held: list[Held]


@router.post(BASE + "/organisations/{org_id}/submit", response={200: SubmitAllOut, **ERRORS})
def submit_all(request: HttpRequest, slug: str, org_id: int, payload: SubmitAllIn) -> Any:
    """Submit every draft or returned report of the organisation (of these periods, or of every
    period it has figures for) that has all its figures; the others are listed as incomplete."""
    access = access_for(request.user, slug)
    period_ids = None
    if payload.periods is not None:
        period_ids = [access.get_owned(Period, code=code).pk for code in payload.periods]
    result = submissions_submit(access=access, organisation_id=org_id, period_ids=period_ids)
    return {
        "submitted": [s.pk for s in result.submitted],
        "incomplete": [{"period": p, "missing": m} for p, m in result.incomplete.items()],
    }


@router.post(BASE + "/submissions/approve", response={200: ApproveAllOut, **ERRORS})
def approve_all(request: HttpRequest, slug: str, payload: ApproveAllIn) -> Any:
    """Approve every submitted report (of a period, or of all) that has no warning, in one
    call; reports with warnings are listed, to be approved or returned one by one."""
    access = access_for(request.user, slug)
    period_id = access.get_owned(Period, code=payload.period).pk if payload.period else None
    result = submissions_approve(access=access, period_id=period_id)
    return {
        "approved": [s.pk for s in result.approved],
        "held": [
            {
                "submission_id": s.pk,
                "organisation_id": s.organisation_id,
                "period": s.period.code,
                "warnings": [
                    {"field": w.field, "message": w.message, "value": w.value} for w in warnings
                ],
            }
            for s, warnings in result.held.items()
        ],
    }

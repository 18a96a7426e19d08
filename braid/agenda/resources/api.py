"""JSON API of resources: contributions and their totals, funding sources, deadlines."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import StringConstraints

from braid.agenda.models import Contribution, FundingDeadline, FundingSource
from braid.agenda.resources import selectors, services
from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, if_match
from braid.core.schemas import Date, FromModel, Id, In

router = Router(tags=["resources"])
BASE = "/collaboratives/{slug}"


class ContributionOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    kind: str
    description: str
    value: Decimal
    period_start: dt.date
    period_end: dt.date


# Money as a JSON number or as text ("25 000,50"), read by the service.
Money = float | Annotated[str, StringConstraints(max_length=40)] | None


class ContributionIn(In):
    organisation_id: Id | None = None
    kind: Annotated[str, FromModel(Contribution, "kind")]
    value: Money = None
    period_start: Date | None = None
    period_end: Date | None = None
    description: Annotated[str, FromModel(Contribution, "description")] = ""


class TotalsOut(Schema):
    by_kind: dict[str, Decimal]
    by_organisation: dict[str, dict[str, Decimal]]
    total: Decimal


class DeadlineOut(Schema):
    id: int
    source_id: int
    funder: str
    title: str
    title_fr: str  # what is due in French too, when written (ADR 0015)
    due_on: dt.date
    done: bool
    overdue: bool


class DeadlineIn(In):
    title: Annotated[str, FromModel(FundingDeadline, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(FundingDeadline, "title_fr")] = ""
    due_on: Date | None = None


class DeadlinePatch(In):
    done: bool


class SourceOut(Schema):
    id: int
    funder: str
    organisation_id: int | None
    programme: str
    mandate: str
    reporting_requirements: str
    amount: Decimal | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    deadlines: list[DeadlineOut]
    version: int  # send it back as If-Match with a PUT: a stale one is a 409


class SourceIn(In):
    funder: Annotated[str, FromModel(FundingSource, "funder")]
    organisation_id: Id | None = None
    programme: Annotated[str, FromModel(FundingSource, "programme")] = ""
    mandate: str = ""
    reporting_requirements: str = ""
    amount: Money = None
    starts_on: Date | None = None
    ends_on: Date | None = None


def _contribution(c: Contribution) -> dict[str, Any]:
    return {
        **{
            f: getattr(c, f)
            for f in (
                "id",
                "organisation_id",
                "kind",
                "description",
                "value",
                "period_start",
                "period_end",
            )
        },
        "organisation": c.organisation.name,
    }


def _deadline(d: FundingDeadline) -> dict[str, Any]:
    today = dt.date.today()
    return {
        "id": d.pk,
        "source_id": d.source_id,
        "funder": d.source.funder,
        "title": d.title,
        "title_fr": d.title_fr,
        "due_on": d.due_on,
        "done": d.done,
        "overdue": not d.done and d.due_on < today,
    }


def _source(s: FundingSource) -> dict[str, Any]:
    return {
        **{
            f: getattr(s, f)
            for f in (
                "id",
                "funder",
                "organisation_id",
                "programme",
                "mandate",
                "reporting_requirements",
                "amount",
                "starts_on",
                "ends_on",
                "version",
            )
        },
        "deadlines": [_deadline(d) for d in s.deadlines.all()],
    }


@router.get(BASE + "/contributions", response={200: list[ContributionOut], **ERRORS})
def list_contributions(request: HttpRequest, slug: str) -> Any:
    return [_contribution(c) for c in selectors.contributions(access_for(request.user, slug))]


@router.post(BASE + "/contributions", response={201: ContributionOut, **ERRORS})
def add_contribution(request: HttpRequest, slug: str, payload: ContributionIn) -> Any:
    access = access_for(request.user, slug)
    return Status(201, _contribution(services.contribution_add(access=access, **payload.dict())))


@router.get(BASE + "/contributions/totals", response={200: TotalsOut, **ERRORS})
def contribution_totals(request: HttpRequest, slug: str) -> Any:
    """Contributions pooled by kind and by organisation."""
    t = selectors.totals(list(selectors.contributions(access_for(request.user, slug))))
    return {
        "by_kind": {code: total for code, _label, total in t.by_kind},
        "by_organisation": {name: per for name, per, _total in t.by_organisation},
        "total": t.total,
    }


@router.delete(BASE + "/contributions/{contribution_id}", response={204: None, **ERRORS})
def delete_contribution(request: HttpRequest, slug: str, contribution_id: int) -> Any:
    services.contribution_delete(
        access=access_for(request.user, slug), contribution_id=contribution_id
    )
    return Status(204, None)


@router.get(BASE + "/funding-sources", response={200: list[SourceOut], **ERRORS})
def list_sources(request: HttpRequest, slug: str) -> Any:
    return [_source(s) for s in selectors.funding_sources(access_for(request.user, slug))]


@router.post(BASE + "/funding-sources", response={201: SourceOut, **ERRORS})
def add_source(request: HttpRequest, slug: str, payload: SourceIn) -> Any:
    access = access_for(request.user, slug)
    return Status(201, _source(services.funding_source_save(access=access, **payload.dict())))


@router.put(BASE + "/funding-sources/{source_id}", response={200: SourceOut, **ERRORS})
def update_source(request: HttpRequest, slug: str, source_id: int, payload: SourceIn) -> Any:
    access = access_for(request.user, slug)
    return _source(
        services.funding_source_save(
            access=access, source_id=source_id, version=if_match(request), **payload.dict()
        )
    )


@router.delete(BASE + "/funding-sources/{source_id}", response={204: None, **ERRORS})
def delete_source(request: HttpRequest, slug: str, source_id: int) -> Any:
    services.funding_source_delete(access=access_for(request.user, slug), source_id=source_id)
    return Status(204, None)


@router.post(BASE + "/funding-sources/{source_id}/deadlines", response={201: DeadlineOut, **ERRORS})
def add_deadline(request: HttpRequest, slug: str, source_id: int, payload: DeadlineIn) -> Any:
    access = access_for(request.user, slug)
    return Status(
        201, _deadline(services.deadline_add(access=access, source_id=source_id, **payload.dict()))
    )


@router.get(BASE + "/deadlines", response={200: list[DeadlineOut], **ERRORS})
def list_deadlines(request: HttpRequest, slug: str) -> Any:
    """Every funder's deadline, oldest first, with overdue flags."""
    access = access_for(request.user, slug)
    return [_deadline(r.deadline) for _m, rows in selectors.calendar(access) for r in rows]


@router.patch(BASE + "/deadlines/{deadline_id}", response={200: DeadlineOut, **ERRORS})
def update_deadline(
    request: HttpRequest, slug: str, deadline_id: int, payload: DeadlinePatch
) -> Any:
    access = access_for(request.user, slug)
    return _deadline(
        services.deadline_set_done(access=access, deadline_id=deadline_id, done=payload.done)
    )


@router.delete(BASE + "/deadlines/{deadline_id}", response={204: None, **ERRORS})
def delete_deadline(request: HttpRequest, slug: str, deadline_id: int) -> Any:
    services.deadline_delete(access=access_for(request.user, slug), deadline_id=deadline_id)
    return Status(204, None)

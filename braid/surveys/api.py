"""The surveys API (mounted under /api/v1/ by config/api.py): instruments, rounds,
respondents, invitations, reminders, response rates and results. Never an individual answer:
results are the aggregates the reader's audience may see (floor, complementary suppression)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, Field

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.core.schemas import Date, Id, In, OneOf
from braid.surveys import documents, results, seen, selectors
from braid.surveys.models import Round, RoundLanguages
from braid.surveys.rounds import services as round_services

router = Router(tags=["surveys"])
BASE = "/collaboratives/{slug}/survey-rounds"


class InstrumentOut(Schema):
    ref: str
    kind: str
    title: str
    items: int
    factors: int
    anonymous: bool
    builtin: bool


class RoundOut(Schema):
    id: int
    title: str
    title_fr: str  # the title in French too, when written (ADR 0015)
    opens_on: dt.date
    closes_on: dt.date
    languages: str
    status: str
    instruments: list[str]
    invited: int
    finished: int
    reopened_count: int


class RoundIn(In):
    title: Annotated[str, Field(max_length=200)] = ""  # this, title_fr or both
    title_fr: Annotated[str, Field(max_length=200)] = ""
    opens_on: Date
    closes_on: Date
    instruments: Annotated[
        list[Annotated[str, Field(max_length=80)]], Field(min_length=1, max_length=10)
    ]
    languages: Annotated[str, OneOf(tuple(RoundLanguages.values))] = RoundLanguages.BOTH


class ReopenIn(In):
    closes_on: Date
    reason: Annotated[str, Field(min_length=1, max_length=300)]


class PersonIn(In):
    email: Annotated[str, Field(max_length=254)]
    organisation_id: Id
    name: Annotated[str, Field(max_length=200)] = ""
    language: Annotated[str, OneOf(("", "en", "fr"))] = ""


class RespondentsIn(In):
    people: Annotated[list[PersonIn], Field(min_length=1, max_length=5000)]


class CountOut(Schema):
    count: int


class RemindedOut(Schema):
    sent: int
    capped: int
    too_soon: int


class RateOut(Schema):
    key: str
    label: str
    invited: int
    finished: int
    rate: float | None


class RatesOut(Schema):
    overall: RateOut
    organisations: list[RateOut]
    sectors: list[RateOut]


class ResultRowOut(BaseModel):  # plain pydantic: ninja's Schema reads each field through
    # its ORM getter, and a large round has thousands of rows
    instrument: str
    group: str
    group_key: str
    level: str
    key: str
    label: str
    respondents: int | None
    items: int | None
    mean: float | None
    min: float | None
    max: float | None
    sd: float | None
    band: str
    change: float | None
    counts: dict[str, int]
    flagged: bool
    hidden: str


class InstrumentResultOut(BaseModel):
    ref: str
    respondents: int
    floor: int
    shown: bool
    previous_round_id: int | None
    rows: list[ResultRowOut]


class ResultsOut(BaseModel):
    round_id: int
    status: str
    instruments: list[InstrumentResultOut]


_round_out = documents.round_document


def _get_round(request: HttpRequest, slug: str, round_id: int) -> tuple[Any, Round]:
    access = access_for(request.user, slug)
    return access, access.get_owned(selectors.rounds(access.collaborative), pk=round_id)


@router.get(
    "/collaboratives/{slug}/survey-instruments", response={200: list[InstrumentOut], **ERRORS}
)
def list_instruments(request: HttpRequest, slug: str) -> Any:
    access = access_for(request.user, slug)
    return [
        {
            "ref": ref,
            "kind": i.kind,
            "title": str(i.title),
            "items": len(i.items),
            "factors": len(i.factors),
            "anonymous": i.anonymous,
            "builtin": i.builtin,
        }
        for ref, i in sorted(selectors.instruments(access.collaborative).items())
    ]


@router.get(BASE, response={200: list[RoundOut], **ERRORS})
def list_rounds(request: HttpRequest, slug: str) -> Any:
    access = access_for(request.user, slug)
    return [_round_out(r) for r in selectors.rounds(access.collaborative)]


@router.post(BASE, response={201: RoundOut, **ERRORS})
def create_round(request: HttpRequest, slug: str, payload: RoundIn) -> Any:
    access = access_for(request.user, slug)
    r = round_services.round_create(access=access, **payload.dict())
    return Status(
        201, _round_out(access.get_owned(selectors.rounds(access.collaborative), pk=r.pk))
    )


@router.get(BASE + "/{round_id}", response={200: RoundOut, **ERRORS})
def get_round(request: HttpRequest, slug: str, round_id: int) -> Any:
    return _round_out(_get_round(request, slug, round_id)[1])


def _step(request: HttpRequest, slug: str, round_id: int, fn: Any, **kwargs: Any) -> Any:
    access, r = _get_round(request, slug, round_id)
    fn(access=access, round_id=r.pk, **kwargs)
    return _round_out(access.get_owned(selectors.rounds(access.collaborative), pk=r.pk))


@router.post(BASE + "/{round_id}/open", response={200: RoundOut, **ERRORS})
def open_round(request: HttpRequest, slug: str, round_id: int) -> Any:
    return _step(request, slug, round_id, round_services.round_open)


@router.post(BASE + "/{round_id}/close", response={200: RoundOut, **ERRORS})
def close_round(request: HttpRequest, slug: str, round_id: int) -> Any:
    return _step(request, slug, round_id, round_services.round_close)


@router.post(BASE + "/{round_id}/reopen", response={200: RoundOut, **ERRORS})
def reopen_round(request: HttpRequest, slug: str, round_id: int, payload: ReopenIn) -> Any:
    return _step(request, slug, round_id, round_services.round_reopen, **payload.dict())


@router.post(BASE + "/{round_id}/respondents", response={200: CountOut, **ERRORS})
def add_respondents(request: HttpRequest, slug: str, round_id: int, payload: RespondentsIn) -> Any:
    access, r = _get_round(request, slug, round_id)
    people = [
        round_services.Person(p.email, p.organisation_id, p.name, p.language)
        for p in payload.people
    ]
    return {"count": round_services.respondents_add(access=access, round_id=r.pk, people=people)}


@router.post(BASE + "/{round_id}/send", response={200: CountOut, **ERRORS})
def send_invitations(request: HttpRequest, slug: str, round_id: int) -> Any:
    access, r = _get_round(request, slug, round_id)
    return {"count": round_services.invitations_send(access=access, round_id=r.pk)}


@router.post(BASE + "/{round_id}/remind", response={200: RemindedOut, **ERRORS})
def send_reminders(request: HttpRequest, slug: str, round_id: int) -> Any:
    access, r = _get_round(request, slug, round_id)
    done = round_services.reminders_send(access=access, round_id=r.pk)
    return {"sent": done.sent, "capped": done.capped, "too_soon": done.too_soon}


def _rate(rate: selectors.Rate) -> dict[str, Any]:
    return {
        "key": str(rate.key),
        "label": rate.label,
        "invited": rate.invited,
        "finished": rate.finished,
        "rate": rate.rate,
    }


@router.get(BASE + "/{round_id}/response-rates", response={200: RatesOut, **ERRORS})
def response_rates(request: HttpRequest, slug: str, round_id: int) -> Any:
    access, r = _get_round(request, slug, round_id)
    rates = selectors.response_rates(access.collaborative, r.pk)
    return {
        "overall": _rate(rates.overall),
        "organisations": [_rate(x) for x in rates.organisations],
        "sectors": [_rate(x) for x in rates.sectors],
    }


@router.get(BASE + "/{round_id}/results", response={200: ResultsOut, **ERRORS})
def round_results(request: HttpRequest, slug: str, round_id: int) -> Any:
    access, r = _get_round(request, slug, round_id)
    audience = access.audience
    if not results.may_read(audience, r):
        raise PermissionDenied("The results are shared once the round is closed.")

    def body() -> bytes:
        """The document checked against ResultsOut and written as ninja's renderer writes it."""
        doc = ResultsOut.model_validate(documents.results_document(audience, r)).model_dump()
        return json.dumps(doc, cls=NinjaJSONEncoder).encode()

    return HttpResponse(
        seen.remember(audience, r, "api", body), content_type="application/json; charset=utf-8"
    )

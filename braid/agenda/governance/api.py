"""JSON API of governance: rules of procedure, bodies, the RACI matrix, leadership, backbone."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from braid.agenda.governance import selectors, services
from braid.agenda.models import (
    BackboneAssignment,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    RulesOfProcedure,
)
from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, if_match
from braid.core.schemas import Date, FromModel, Id, In

router = Router(tags=["governance"])
BASE = "/collaboratives/{slug}"


class RulesIn(In):
    name: Annotated[str, FromModel(RulesOfProcedure, "name")]
    decision_method: Annotated[str, FromModel(RulesOfProcedure, "decision_method")]
    quorum_pct: Annotated[int | None, FromModel(RulesOfProcedure, "quorum_pct")] = None
    majority_pct: Annotated[int | None, FromModel(RulesOfProcedure, "majority_pct")] = None
    meeting_frequency: Annotated[str, FromModel(RulesOfProcedure, "meeting_frequency")] = ""
    channels: str = ""
    agenda_drafted_by: Annotated[str, FromModel(RulesOfProcedure, "agenda_drafted_by")] = ""
    agenda_notice_days: Annotated[int | None, FromModel(RulesOfProcedure, "agenda_notice_days")] = (
        None
    )
    minutes_taken_by: Annotated[str, FromModel(RulesOfProcedure, "minutes_taken_by")] = ""
    notes: str = ""
    meeting_frequency_fr: Annotated[str, FromModel(RulesOfProcedure, "meeting_frequency_fr")] = ""
    channels_fr: str = ""
    notes_fr: str = ""


class RulesOut(RulesIn):
    id: int
    version: int  # send it back as If-Match with a PUT: a stale one is a 409


class BodyIn(In):
    name: Annotated[str, FromModel(GovernanceBody, "name")]
    kind: Annotated[str, FromModel(GovernanceBody, "kind")]
    purpose: str = ""
    purpose_fr: str = ""
    member_organisation_ids: list[Id] = []
    member_contact_ids: list[Id] = []
    chair_id: Id | None = None
    rules_id: Id | None = None


class BodyOut(BodyIn):
    id: int
    version: int  # send it back as If-Match with a PUT: a stale one is a 409


class RaciIn(In):
    activity_id: Id
    organisation_id: Id
    role: Annotated[str, FromModel(Responsibility, "role", blank=True)] = ""


class RaciCell(Schema):
    activity_id: int
    organisation_id: int
    role: str


class RaciOut(Schema):
    cells: list[RaciCell]
    warnings: dict[int, list[str]]


class LeaderIn(In):
    title: Annotated[str, FromModel(LeadershipRole, "title")]
    person: Annotated[str, FromModel(LeadershipRole, "person")]
    organisation_id: Id | None = None
    term_start: Date | None = None
    term_end: Date | None = None
    body_id: Id | None = None


class LeaderOut(Schema):
    id: int
    title: str
    person: str
    organisation_id: int
    body_id: int | None
    term_start: dt.date
    term_end: dt.date | None
    current: bool
    version: int  # send it back as If-Match with a PUT: a stale one is a 409


class SectorOut(Schema):
    sector: str
    label: str
    current_roles: int


class BackboneIn(In):
    assignee: Annotated[str, FromModel(BackboneAssignment, "assignee")] = ""
    organisation_id: Id | None = None
    notes: str = ""


class BackboneOut(Schema):
    function: str
    label: str
    assignee: str | None
    organisation_id: int | None
    notes: str


def _rules(r: RulesOfProcedure) -> dict[str, Any]:
    return {f: getattr(r, f) for f in ("id", "version", *RulesIn.model_fields)}


def _body(b: GovernanceBody) -> dict[str, Any]:
    return {
        "id": b.pk,
        "name": b.name,
        "kind": b.kind,
        "purpose": b.purpose,
        "purpose_fr": b.purpose_fr,
        "member_organisation_ids": sorted(o.pk for o in b.member_organisations.all()),
        "member_contact_ids": sorted(c.pk for c in b.member_contacts.all()),
        "chair_id": b.chair_id,
        "rules_id": b.rules_id,
        "version": b.version,
    }


def _leader(r: LeadershipRole, current: set[int]) -> dict[str, Any]:
    return {
        **{
            f: getattr(r, f)
            for f in (
                "id",
                "title",
                "person",
                "organisation_id",
                "body_id",
                "term_start",
                "term_end",
                "version",
            )
        },
        "current": r.pk in current,
    }


@router.get(BASE + "/rules", response={200: list[RulesOut], **ERRORS})
def list_rules(request: HttpRequest, slug: str) -> Any:
    return [_rules(r) for r in selectors.rules(access_for(request.user, slug))]


@router.post(BASE + "/rules", response={201: RulesOut, **ERRORS})
def add_rules(request: HttpRequest, slug: str, payload: RulesIn) -> Any:
    """Majority votes need quorum_pct and majority_pct (1–100); consensus and consent take
    neither."""
    return Status(
        201, _rules(services.rules_save(access=access_for(request.user, slug), **payload.dict()))
    )


@router.put(BASE + "/rules/{rules_id}", response={200: RulesOut, **ERRORS})
def update_rules(request: HttpRequest, slug: str, rules_id: int, payload: RulesIn) -> Any:
    return _rules(
        services.rules_save(
            access=access_for(request.user, slug),
            rules_id=rules_id,
            version=if_match(request),
            **payload.dict(),
        )
    )


@router.delete(BASE + "/rules/{rules_id}", response={204: None, **ERRORS})
def delete_rules(request: HttpRequest, slug: str, rules_id: int) -> Any:
    services.rules_delete(access=access_for(request.user, slug), rules_id=rules_id)
    return Status(204, None)


@router.get(BASE + "/bodies", response={200: list[BodyOut], **ERRORS})
def list_bodies(request: HttpRequest, slug: str) -> Any:
    return [_body(b) for b in selectors.bodies(access_for(request.user, slug))]


@router.post(BASE + "/bodies", response={201: BodyOut, **ERRORS})
def add_body(request: HttpRequest, slug: str, payload: BodyIn) -> Any:
    return Status(
        201, _body(services.body_save(access=access_for(request.user, slug), **payload.dict()))
    )


@router.get(BASE + "/bodies/{body_id}", response={200: BodyOut, **ERRORS})
def get_body(request: HttpRequest, slug: str, body_id: int) -> Any:
    access = access_for(request.user, slug)
    return _body(access.get_owned(selectors.bodies(access), pk=body_id))


@router.put(BASE + "/bodies/{body_id}", response={200: BodyOut, **ERRORS})
def update_body(request: HttpRequest, slug: str, body_id: int, payload: BodyIn) -> Any:
    return _body(
        services.body_save(
            access=access_for(request.user, slug),
            body_id=body_id,
            version=if_match(request),
            **payload.dict(),
        )
    )


@router.delete(BASE + "/bodies/{body_id}", response={204: None, **ERRORS})
def delete_body(request: HttpRequest, slug: str, body_id: int) -> Any:
    services.body_delete(access=access_for(request.user, slug), body_id=body_id)
    return Status(204, None)


@router.get(BASE + "/raci", response={200: RaciOut, **ERRORS})
def get_raci(request: HttpRequest, slug: str) -> Any:
    """The responsibility matrix as cells, with each activity's warnings."""
    m = selectors.raci_matrix(access_for(request.user, slug))
    return {
        "cells": [
            {"activity_id": a, "organisation_id": o, "role": role}
            for (a, o), role in sorted(m.cells.items())
        ],
        "warnings": m.warnings,
    }


@router.put(BASE + "/raci", response={200: RaciOut, **ERRORS})
def set_raci(request: HttpRequest, slug: str, payload: RaciIn) -> Any:
    """Set one cell (R, A, C or I); an empty role clears it."""
    access = access_for(request.user, slug)
    services.raci_set(access=access, **payload.dict())
    return get_raci(request, slug)


@router.get(BASE + "/leadership", response={200: list[LeaderOut], **ERRORS})
def list_leaders(request: HttpRequest, slug: str) -> Any:
    data = selectors.leadership(access_for(request.user, slug))
    current = {r.pk for r in data.current}
    return [_leader(r, current) for r in [*data.current, *data.upcoming, *data.past]]


@router.get(BASE + "/leadership/sectors", response={200: list[SectorOut], **ERRORS})
def leadership_sectors(request: HttpRequest, slug: str) -> Any:
    """How current leadership roles are spread across sectors."""
    data = selectors.leadership(access_for(request.user, slug))
    return [{"sector": c, "label": label, "current_roles": n} for c, label, n in data.by_sector]


@router.post(BASE + "/leadership", response={201: LeaderOut, **ERRORS})
def add_leader(request: HttpRequest, slug: str, payload: LeaderIn) -> Any:
    r = services.leadership_save(access=access_for(request.user, slug), **payload.dict())
    return Status(201, _leader(r, set()))


@router.put(BASE + "/leadership/{role_id}", response={200: LeaderOut, **ERRORS})
def update_leader(request: HttpRequest, slug: str, role_id: int, payload: LeaderIn) -> Any:
    access = access_for(request.user, slug)
    r = services.leadership_save(
        access=access, role_id=role_id, version=if_match(request), **payload.dict()
    )
    current = {x.pk for x in selectors.leadership(access).current}
    return _leader(r, current)


@router.delete(BASE + "/leadership/{role_id}", response={204: None, **ERRORS})
def delete_leader(request: HttpRequest, slug: str, role_id: int) -> Any:
    services.leadership_delete(access=access_for(request.user, slug), role_id=role_id)
    return Status(204, None)


@router.get(BASE + "/backbone", response={200: list[BackboneOut], **ERRORS})
def list_backbone(request: HttpRequest, slug: str) -> Any:
    """The six backbone functions; `assignee` is null for an unassigned one."""
    return [
        {
            "function": code,
            "label": label,
            "assignee": a.assignee if a else None,
            "organisation_id": a.organisation_id if a else None,
            "notes": a.notes if a else "",
        }
        for code, label, a in selectors.backbone(access_for(request.user, slug))
    ]


@router.put(BASE + "/backbone/{function}", response={200: list[BackboneOut], **ERRORS})
def assign_backbone(
    request: HttpRequest,
    slug: str,
    function: str,  # checked by the service after access, so an outsider gets a 404
    payload: BackboneIn,
) -> Any:
    services.backbone_assign(
        access=access_for(request.user, slug), function=function, **payload.dict()
    )
    return list_backbone(request, slug)

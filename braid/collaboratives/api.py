"""JSON API for collaboratives, members, invitations and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from braid.collaboratives import audit, selectors, services
from braid.collaboratives.access import access_for, memberships_of, require_create_collaborative
from braid.collaboratives.models import Collaborative, Invitation, Membership
from braid.core.api import ERRORS, Page, if_match
from braid.core.schemas import FromModel, Id, In, unset

router = Router(tags=["collaboratives"])


class CollaborativeOut(Schema):
    slug: str
    name: str
    issue: str
    issue_fr: str  # the issue in French, when written (ADR 0015)
    role: str


class CollaborativeIn(In):
    name: Annotated[str, FromModel(Collaborative, "name")]
    slug: Annotated[str, FromModel(Collaborative, "slug")] = ""
    issue: Annotated[str, FromModel(Collaborative, "issue")] = ""
    issue_fr: Annotated[str, FromModel(Collaborative, "issue_fr")] = ""


class SettingsIn(In):
    """Send only the settings to change; an absent one stays as it is."""

    name: Annotated[str, FromModel(Collaborative, "name")] = unset()
    issue: Annotated[str, FromModel(Collaborative, "issue")] = unset()
    issue_fr: Annotated[str, FromModel(Collaborative, "issue_fr")] = unset()
    description: str = unset()
    suppression_threshold: Annotated[int, FromModel(Collaborative, "suppression_threshold")] = (
        unset()
    )
    min_group_size: Annotated[int, FromModel(Collaborative, "min_group_size")] = unset()


class SettingsOut(Schema):
    slug: str
    name: str
    issue: str
    issue_fr: str
    description: str
    suppression_threshold: int
    min_group_size: int


class MemberOut(Schema):
    id: int
    email: str
    full_name: str
    role: str
    organisation_id: int | None
    organisation: str | None
    joined_at: datetime


class InvitationIn(In):
    email: Annotated[str, FromModel(Invitation, "email")]
    role: Annotated[str, FromModel(Invitation, "role")]
    organisation_id: Id | None = None


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    organisation_id: int | None
    expires_at: datetime
    accept_url: str | None = None


class RoleIn(In):
    role: Annotated[str, FromModel(Membership, "role")]
    organisation_id: Id | None = None


class AuditOut(Schema):
    id: int
    action: str  # entity.verb
    summary: str  # the line, in the language of the request
    actor: str | None
    via: str  # the command line, when the change came from one (actor is then null)
    details: dict[str, Any]  # the action's parameters
    created_at: datetime


def _member_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "email": m.user.email,
        "full_name": m.user.full_name,
        "role": m.role,
        "organisation_id": m.organisation_id,
        "organisation": m.organisation.name if m.organisation else None,
        "joined_at": m.created_at,
    }


def _collaborative_out(c: Collaborative, role: str) -> dict[str, Any]:
    return {"slug": c.slug, "name": c.name, "issue": c.issue, "issue_fr": c.issue_fr, "role": role}


@router.get("/collaboratives", response=list[CollaborativeOut])
def list_collaboratives(request: HttpRequest) -> list[dict[str, Any]]:
    return [_collaborative_out(m.collaborative, m.role) for m in memberships_of(request.user)]


@router.post("/collaboratives", response={201: CollaborativeOut, **ERRORS})
def create_collaborative(request: HttpRequest, payload: CollaborativeIn) -> Any:
    """Start a collaborative (you become its steward): a right of site administrators, or of
    anyone when the installation allows it (BRAID_ANYONE_MAY_CREATE); others get 403."""
    require_create_collaborative(request.user)
    c = services.collaborative_create(
        user=request.user,  # type: ignore[arg-type]
        name=payload.name,
        slug=payload.slug,
        issue=payload.issue,
        issue_fr=payload.issue_fr,
    )
    return Status(201, _collaborative_out(c, "steward"))


@router.get("/collaboratives/{slug}", response={200: CollaborativeOut, **ERRORS})
def get_collaborative(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = access_for(request.user, slug)
    c = access.collaborative
    return _collaborative_out(c, access.role)


@router.get("/collaboratives/{slug}/settings", response={200: SettingsOut, **ERRORS})
def get_settings(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    """The settings; the ETag header is their version (send it back as If-Match)."""
    c = access_for(request.user, slug).collaborative
    response["ETag"] = f'"{selectors.settings_version(c)}"'
    return c


@router.patch("/collaboratives/{slug}/settings", response={200: SettingsOut, **ERRORS})
def update_settings(
    request: HttpRequest, slug: str, payload: SettingsIn, response: HttpResponse
) -> Any:
    """Change the settings sent. With `If-Match: "<version>"` (the ETag of the GET), a change
    over someone else's newer save is refused with 409 and the current values."""
    access = access_for(request.user, slug)
    changes = payload.dict(exclude_unset=True)
    c = services.collaborative_update(access=access, version=if_match(request), **changes)
    response["ETag"] = f'"{selectors.settings_version(c)}"'
    return c


@router.get("/collaboratives/{slug}/members", response={200: list[MemberOut], **ERRORS})
@paginate(Page)
def list_members(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = access_for(request.user, slug)
    return [_member_out(m) for m in selectors.members(access)]


@router.post("/collaboratives/{slug}/invitations", response={201: InvitationOut, **ERRORS})
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn) -> Any:
    access = access_for(request.user, slug)
    issued = services.invitation_create(
        access=access,
        email=payload.email,
        role=payload.role,
        organisation_id=payload.organisation_id,
    )
    inv = issued.invitation
    return Status(
        201,
        {
            "id": inv.pk,
            "email": inv.email,
            "role": inv.role,
            "organisation_id": inv.organisation_id,
            "expires_at": inv.expires_at,
            "accept_url": request.build_absolute_uri(issued.path),
        },
    )


@router.get("/collaboratives/{slug}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, slug: str) -> list[Any]:
    access = access_for(request.user, slug)
    access.require_manage()
    return list(selectors.pending_invitations(access))


@router.post(
    "/collaboratives/{slug}/members/{member_id}/change-role", response={200: MemberOut, **ERRORS}
)
def change_role(request: HttpRequest, slug: str, member_id: int, payload: RoleIn) -> dict[str, Any]:
    access = access_for(request.user, slug)
    m = services.membership_change_role(
        access=access,
        membership_id=member_id,
        role=payload.role,
        organisation_id=payload.organisation_id,
    )
    return _member_out(m)


@router.delete("/collaboratives/{slug}/members/{member_id}", response={204: None, **ERRORS})
def remove_member(request: HttpRequest, slug: str, member_id: int) -> Any:
    access = access_for(request.user, slug)
    services.membership_remove(access=access, membership_id=member_id)
    return Status(204, None)


@router.get("/collaboratives/{slug}/audit", response={200: list[AuditOut], **ERRORS})
@paginate(Page)
def list_audit(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = access_for(request.user, slug)
    access.require_manage()
    return [
        {
            "id": e.pk,
            "action": e.action,
            "summary": audit.render(e),
            "actor": e.actor.email if e.actor else None,
            "via": e.via,
            "details": e.details,
            "created_at": e.created_at,
        }
        for e in selectors.audit_events(access)
    ]

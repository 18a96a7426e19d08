"""Reads on collaboratives, members, invitations and the audit log."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.models import (
    AuditEvent,
    Collaborative,
    Invitation,
    Membership,
    Notice,
    Role,
)


def members(access: Access) -> QuerySet[Membership]:
    return (
        access.scope(Membership)
        .select_related("user", "organisation")
        .order_by("role", "user__full_name", "user__email")
    )


def pending_invitations(access: Access) -> QuerySet[Invitation]:
    return (
        access.scope(Invitation)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organisation", "invited_by")
    )


def partner_members(access: Access, organisation_ids: list[int]) -> QuerySet[Membership]:
    """The member accounts acting for these organisations (whom a reminder or notice reaches)."""
    return (
        access.scope(Membership)
        .filter(role=Role.PARTNER, organisation_id__in=organisation_ids)
        .select_related("user", "organisation")
        .order_by("organisation_id", "user__email")
    )


def audit_events(access: Access) -> QuerySet[AuditEvent]:
    return access.scope(AuditEvent).select_related("actor")


def unseen_notices(access: Access) -> QuerySet[Notice]:
    """The reader's own notices in this collaborative that they have not opened or dismissed."""
    return access.scope(Notice).filter(user_id=access.user.pk, seen_at__isnull=True)


def settings_version(collaborative: Collaborative) -> str:
    """The settings' version an editor loads and sends back (a digest of their values)."""
    import hashlib

    from braid.collaboratives.services import SETTINGS_FIELDS

    values = "\x1f".join(str(getattr(collaborative, f)) for f in SETTINGS_FIELDS)
    return hashlib.sha256(values.encode()).hexdigest()[:16]

"""The tenant and its memberships, history and notices in a collaborative export."""

from __future__ import annotations

from braid.collaboratives.models import AuditEvent, Collaborative, Invitation, Membership, Notice
from braid.core.bundle import Part, register_parts, register_root

register_root(Collaborative, key="slug")
register_parts(
    "collaboratives",
    [Part(Membership), Part(AuditEvent), Part(Notice)],
    leave_out={
        Invitation: "pending invitations are secret links of this installation: invite again",
    },
)

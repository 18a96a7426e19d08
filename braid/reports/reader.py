"""Who a report is read as. A draft is built for the steward building it (their own access);
a published snapshot and the public page are built for the public (`Audience.public`:
approved figures only, small counts hidden), through a reader that every selector accepts
like a member's access but that belongs to no one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Audience
from braid.collaboratives.models import Collaborative, Membership, Role


@dataclass(frozen=True)
class PublicReader(Access):
    """Reads a collaborative as anyone may: no membership, no organisation, no right to
    change anything (`can_manage` and `can_edit_for` answer no)."""

    @property
    def user(self) -> Any:
        return None

    @property
    def audience(self) -> Audience:
        return Audience.public(self.collaborative)

    def can_manage(self) -> bool:
        return False

    def can_edit_for(self, organisation_id: int | None) -> bool:
        return False


def public_reader(collaborative: Collaborative) -> PublicReader:
    return PublicReader(collaborative, Membership(collaborative=collaborative, role=Role.VIEWER))

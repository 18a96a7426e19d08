from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from braid.collaboratives.access import memberships_of
from braid.collaboratives.stages import navigation as stage_navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Collaboratives for the switcher and, inside one, its stage navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "braid_access", None)
    return {
        "my_memberships": memberships_of(user),
        "access": access,
        "current_collaborative": access.collaborative if access else None,
        "stage_nav": stage_navigation(access) if access else [],
    }

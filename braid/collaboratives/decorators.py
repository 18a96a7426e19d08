from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from braid.collaboratives.access import access_for, memberships_list


def collaborative_view(
    *, manage: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Resolve `slug` into `request.braid_access` (404 for non-members, 403 for non-stewards
    when `manage`), and pass the Access as the view's second argument."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            # Read once for the page: the layout's switcher lists the same memberships.
            memberships = memberships_list(request.user)
            request.braid_memberships = memberships  # type: ignore[attr-defined]
            access = access_for(request.user, slug, memberships)
            # Set before the role check, so a 403 page still shows the collaborative's navigation.
            request.braid_access = access  # type: ignore[attr-defined]
            if manage:
                access.require_manage()
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator

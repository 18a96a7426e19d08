from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from braid.collaboratives.access import memberships_list
from braid.collaboratives.freshness import Here
from braid.collaboratives.stages import navigation as stage_navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Collaboratives for the switcher and, inside one, where the page sits (the sidebar of
    its stages and the breadcrumbs)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "braid_access", None)
    memberships = getattr(request, "braid_memberships", None)
    return {
        "my_memberships": memberships_list(user) if memberships is None else memberships,
        "access": access,
        "current_collaborative": access.collaborative if access else None,
        "place": place(request, access) if access else {},
    }


def place(request: HttpRequest, access: Any) -> dict[str, str]:
    """The sidebar and the breadcrumbs as HTML, rendered once per reader, language and
    address in this process: every page inside a collaborative shows them, and they depend on
    nothing else (a stage's nav provider reads only the collaborative's slug and who reads:
    role and organisation, all in `Audience.key`)."""
    key = f"{access.collaborative.slug}|{access.audience.key}|{get_language()}|{request.path}"
    found: dict[str, str] | None = _placed.get(key)
    if found is None:
        nav = stage_navigation(access)
        context = {
            "request": request,
            "access": access,
            "current_collaborative": access.collaborative,
            "stage_nav": nav,
            "breadcrumbs": breadcrumbs(request.path, access, nav),
        }
        found = {
            part: render_to_string("_place.html", {**context, "part": part})
            for part in ("sidebar", "breadcrumbs")
        }
        _placed.put(key, found)
    return found


_placed = Here(1000)


def breadcrumbs(path: str, access: Any, nav: list[Any]) -> list[tuple[Any, str]]:
    """Where a page sits: the collaborative's overview, the stage, and the section whose
    address the page's starts with (a link unless it is the page itself). (label, url) pairs,
    url "" for plain text; none on the overview itself."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    home = reverse("collaboratives:home", args=[access.collaborative.slug])
    if path == home:
        return []
    best: tuple[Any, Any, str] | None = None
    for stage, items in nav:
        for label, url in items:
            if path.startswith(url) and (best is None or len(url) > len(best[2])):
                best = (stage.title, label, url)
    crumbs: list[tuple[Any, str]] = [(_("Overview"), home)]
    if best is None:
        crumbs.append((_("Collaborative"), ""))
        return crumbs
    crumbs.append((best[0], ""))
    if best[2] != path:
        crumbs.append((best[1], best[2]))
    return crumbs

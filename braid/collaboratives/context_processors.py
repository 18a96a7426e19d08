from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from braid.collaboratives.access import memberships_list
from braid.collaboratives.freshness import Here
from braid.collaboratives.stages import navigation as stage_navigation
from braid.core.http import CSRF_MARK, with_csrf


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The top bar (the switcher of the user's collaboratives, the language, the user's menu)
    and, inside a collaborative, where the page sits (the sidebar of its stages and the
    breadcrumbs)."""
    user = getattr(request, "user", None)
    # Called by the template when it shows it (a template calls what it is given).
    bar = lambda: topbar(request)  # noqa: E731
    if user is None or not user.is_authenticated:
        return {"topbar": bar}
    access = getattr(request, "braid_access", None)
    return {
        "topbar": bar,
        "access": access,
        "current_collaborative": access.collaborative if access else None,
        "place": place(request, access) if access else {},
    }


def topbar(request: HttpRequest) -> SafeString:
    """The top bar as HTML. Everything it shows is gathered here first, as plain facts (the
    reader's name, language and address, the collaboratives of the switcher); the template
    reads nothing else, so the HTML is kept per set of facts in this process and any change
    to a name, a role or a membership is a new set. Only the CSRF token, which differs per
    request, is put in afterwards (braid.core.http.with_csrf)."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    access = getattr(request, "braid_access", None)
    current = access.collaborative if access else None
    memberships = getattr(request, "braid_memberships", None)
    if memberships is None:
        memberships = memberships_list(user) if signed_in else []
    facts: dict[str, Any] = {
        "language": get_language(),
        "next": request.get_full_path(),
        "signed_in": signed_in,
        "display_name": user.display_name if signed_in else "",  # type: ignore[union-attr]
        "current": current.name if current else "",
        "switcher": tuple(
            (
                m.collaborative.slug,
                m.collaborative.name,
                str(m.get_role_display()),
                current is not None and m.collaborative_id == current.pk,
            )
            for m in memberships
        ),
    }
    key = repr(sorted(facts.items()))
    html: str | None = _bars.get(key)
    if html is None:
        html = render_to_string("_topbar.html", {**facts, "csrf_token": CSRF_MARK})
        _bars.put(key, html)
    return with_csrf(html, request)


_bars = Here(2000)


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

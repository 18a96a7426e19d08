"""Under /api/, an error Django answers before the API runs is JSON too."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from braid.core.api import envelope, size_limit_detail

API_PREFIX = "/api/"


def _detail(request: HttpRequest, response: HttpResponseBase) -> str:
    status = response.status_code
    if status == 404:
        return _("There is no API endpoint at %(path)s; the list is at /api/v1/docs.") % {
            "path": request.path
        }
    if status == 405:
        return _("%(path)s does not take %(method)s; it takes %(allowed)s.") % {
            "path": request.path,
            "method": request.method,
            "allowed": response.get("Allow", "") or _("no method"),
        }
    if status == 413:
        return size_limit_detail()
    if status >= 500:
        return _("Something went wrong on our side; it has been logged.")
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("The request was refused.")


class ApiErrorMiddleware:
    """Turns an HTML (or empty) error answer under /api/ into the JSON envelope, keeping its
    status and headers such as `Allow`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            answer = envelope(response.status_code, _detail(request, response))
            if response.has_header("Allow"):
                answer["Allow"] = response["Allow"]
            return answer
        return response


class HousekeepingMiddleware:
    """After a response, start the housekeeping chores in a thread if nobody ran them in the
    last minute (braid.core.housekeeping), so an installation without a worker keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        from django.conf import settings

        if getattr(settings, "BRAID_HOUSEKEEPING_IN_WEB", True):
            from braid.core.housekeeping import maybe_run_soon

            maybe_run_soon()
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: the Permissions-Policy (no camera,
    microphone, geolocation, payment or USB for any page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        from django.conf import settings

        self.policy = getattr(settings, "BRAID_PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy:
            response.setdefault("Permissions-Policy", self.policy)
        return response


class RateLimitMiddleware:
    """The rate limits of the doors a stranger or a script can hammer, in one table
    (settings.BRAID_RATE_RULES: group, path pattern, rate setting, key "ip" or "user"): file
    exports per user, personal links (survey links /s/..., calendar feeds) per address. Past
    the rate the answer is 429 with when to try again (braid.core.limits.refused), JSON under
    /api/. Counted in the cache (Redis with BRAID_CACHE_URL, else shared by the processes of
    one machine)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        import re

        from django.conf import settings

        self.get_response = get_response
        self.rules = [
            (group, re.compile(pattern), rate, key)
            for group, pattern, rate, key in getattr(settings, "BRAID_RATE_RULES", ())
        ]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        for group, pattern, rate_setting, key in self.rules:
            if pattern.search(path):
                from braid.core.limits import hit, refused

                by = "user_or_ip" if key == "user" else "ip"
                if hit(request, group, rate_setting, key=by):
                    return refused(request)
                break
        return self.get_response(request)

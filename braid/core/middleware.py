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

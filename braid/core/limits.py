"""Rate limits (django-ratelimit on the shared cache): who is refused, and how it reads.

`limited(group, rate_setting, key)` decorates a view; past the rate the request answers 429
with a sentence saying when to try again (the JSON envelope under /api/), never a 403.
`hit(request, group, rate_setting, key)` counts one attempt from code that is not a view (a
failed API token)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def _message() -> str:
    return _("Too many requests from you in a short time; wait a minute and try again.")


def refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": _message(), "errors": []}, status=429)
    else:
        from django.template.loader import render_to_string

        context = {
            "error_code": 429,
            "error_title": _("Too many requests"),
            "error_text": _message(),
        }
        response = HttpResponse(
            render_to_string("error.html", context, request=request), status=429
        )
    response["Retry-After"] = "60"
    return response


def limited(group: str, rate_setting: str, key: str = "ip") -> Callable[[Any], Any]:
    from django_ratelimit.decorators import ratelimit

    return ratelimit(
        group=group, key=key, rate=lambda _g, _r: getattr(settings, rate_setting), block=True
    )


def _address(_group: str, request: HttpRequest) -> str:
    # A request without REMOTE_ADDR (an in-process WSGI call) counts as one address.
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def _key(key: str) -> Any:
    if key == "ip":
        return _address
    if key != "user_or_ip":
        return key

    def who(_group: str, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return _address(_group, request)

    return who


def hit(request: HttpRequest, group: str, rate_setting: str, key: str = "ip") -> bool:
    """Count one attempt; True when this one is over the rate."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(
        request,
        group=group,
        key=_key(key),
        rate=getattr(settings, rate_setting),
        increment=True,
    )


def over(request: HttpRequest, group: str, rate_setting: str, key: str = "ip") -> bool:
    """Whether this address is already over the rate (without counting)."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(
        request, group=group, key=_key(key), rate=getattr(settings, rate_setting), increment=False
    )

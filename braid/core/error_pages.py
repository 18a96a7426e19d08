"""Branded, translated error pages with a way back (config/urls.py points handler403/404/500 here)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _page(request: HttpRequest, code: int, title: str, text: str) -> HttpResponse:
    context = {"error_code": code, "error_title": title, "error_text": text}
    return HttpResponse(render_to_string("error.html", context, request=request), status=code)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You may not open this page"),
        _(
            "Your role in this collaborative does not include this. If you need it, ask one of its stewards."
        ),
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("There is nothing at this address"),
        _(
            "The page may have moved, or the link may be incomplete. Start again from your collaboratives."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    title = _("Something went wrong on our side")
    text = _("It has been logged. Try again in a moment; what you saved before is safe.")
    try:
        return _page(request, 500, title, text)
    except Exception:  # the page itself may need what just failed (the database)
        log.exception("the error page could not be drawn")
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p><p><a href='/'>Braid</a></p>"
        return HttpResponse(body, status=500)

"""The API's shared pieces: one error envelope, the parser, paging, and the schemas every router
uses.

Every error under /api/ answers `{"detail": ..., "errors": [{"field", "message"}]}`: the
handlers below cover what happens inside an operation (a rule broken, bad input, an unexpected
exception, a lost database connection, a body over the size limit), and
`braid.core.middleware.ApiErrorMiddleware` covers what happens before one runs (an unknown
path, a method the path does not take).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from braid.core.api_messages import reader_language, validation_errors
from braid.core.errors import ConflictError, ServiceError

log = logging.getLogger("braid.api")


class ProblemOut(Schema):
    field: str
    message: str
    row: int | None = None


class ErrorOut(Schema):
    detail: str
    errors: list[ProblemOut] = []


# The error answers an endpoint documents: `response={200: X, **ERRORS}`.
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 503), ErrorOut)


def envelope(
    status: int, detail: str, errors: list[dict[str, Any]] | None = None, **extra: Any
) -> JsonResponse:
    """The one shape of every API error."""
    return JsonResponse({"detail": detail, "errors": errors or [], **extra}, status=status)


def if_match(request: HttpRequest) -> str | None:
    """The version an API client last read, from its If-Match header (an ETag, quoted or weak),
    or None when it sent none (the change then applies to whatever is current)."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        return None
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def size_limit_detail() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return _(
        "The request body is larger than the limit of %(limit)s bytes (%(mb).1f MB); "
        "send fewer rows per request."
    ) % {"limit": limit, "mb": limit / 1_000_000}


# --- Input ---------------------------------------------------------------------------------


class BadInput(Exception):
    """Raised by the parser: the request cannot be read as it stands."""

    def __init__(self, status: int, detail: str, field: str) -> None:
        super().__init__(detail)
        self.status, self.detail, self.field = status, detail, field


def _refuse_constant(name: str) -> float:
    raise ValueError(_("%(name)s is not a number JSON can carry.") % {"name": name})


def _nul_path(data: Any, path: str = "") -> str | None:
    """The dotted path of the first text holding a NUL character, if any."""
    if isinstance(data, str):
        return path if "\x00" in data else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{path}.{key}".strip(".")
        found = _nul_path(value, f"{path}.{key}".strip("."))
        if found is not None:
            return found
    return None


def _refuse_nul(data: Any) -> None:
    path = _nul_path(data)
    if path is not None:
        raise BadInput(422, _("Text may not contain NUL characters (\\u0000); remove them."), path)


class BraidParser(Parser):
    """JSON without NaN or Infinity, and no NUL character in any text of a body or query."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadInput(
                400, _("The request body is not valid JSON: %(error)s") % {"error": exc}, "body"
            ) from exc
        _refuse_nul(data)
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


# --- Paging --------------------------------------------------------------------------------

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000


class Page(LimitOffsetPagination):
    """`limit` (1–1000, default 100) and `offset` (0–10,000,000) rows of a list."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Rows per page (1–1000).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


# --- Docs ----------------------------------------------------------------------------------


class LocalSwagger(Swagger):
    """ninja's Swagger page from its own template and Swagger UI files, served by Braid under
    its Content-Security-Policy. ninja picks a CDN's copy when it is not an installed app,
    and Braid does not install it (config.settings.NINJA_DIR)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        from django.shortcuts import render
        from ninja.openapi.docs import _csrf_needed

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


# --- Errors --------------------------------------------------------------------------------


class BraidAPI(NinjaAPI):
    """NinjaAPI keeping each invalid input (ninja drops it) so that a message can quote it."""

    def validation_error_from_error_contexts(self, error_contexts: list[Any]) -> ValidationError:
        errors = []
        for context in error_contexts:
            model = context.model
            for item in context.pydantic_validation_error.errors(include_url=False):
                loc = model.__ninja_flatten_map_reverse__.get(item["loc"], item["loc"])
                errors.append({**item, "loc": (model.__ninja_param_source__, *loc)})
        return ValidationError(errors)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        errors = [{"field": p.field, "message": p.message, "row": p.row} for p in exc.problems]
        if isinstance(exc, ConflictError):
            return envelope(409, exc.message, errors, current=exc.current)
        return envelope(400, exc.message, errors)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return envelope(404, "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return envelope(403, str(exc) or "You may not do this.")

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return envelope(
            401,
            "Authentication required: send 'Authorization: Bearer <token>' "
            "with a personal access token (create one under Account → API tokens).",
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        with reader_language(request):
            detail = _("Some fields are missing or invalid; see errors.")
            return envelope(422, detail, validation_errors(exc))

    @api.exception_handler(BadInput)
    def bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
        return envelope(exc.status, exc.detail, [{"field": exc.field, "message": exc.detail}])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, BadInput):  # ninja wraps what the body parser raises
            return bad_input(request, exc.__cause__)
        return envelope(exc.status_code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return envelope(413, size_limit_detail())

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API request failed on the database", exc_info=exc)
        return envelope(503, _("The database is not answering; try again in a minute."))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API request failed", exc_info=exc)
        return envelope(500, _("Something went wrong on our side; it has been logged."))

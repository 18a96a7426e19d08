"""The API's shared pieces: one error envelope, and the schemas every router uses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from braid.core.errors import ConflictError, ServiceError


class ProblemOut(Schema):
    field: str
    message: str
    row: int | None = None


class ErrorOut(Schema):
    detail: str
    errors: list[ProblemOut] = []


# The error answers an endpoint documents: `response={200: X, **ERRORS}`.
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "errors": errors or [], **extra}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        errors = [{"field": p.field, "message": p.message, "row": p.row} for p in exc.problems]
        if isinstance(exc, ConflictError):
            return _error(api, request, 409, exc.message, errors, current=exc.current)
        return _error(api, request, 400, exc.message, errors)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, str(exc) or "You may not do this.")

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(
            api,
            request,
            401,
            "Authentication required: send 'Authorization: Bearer <token>' "
            "with a personal access token (create one under Account → API tokens).",
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = []
        for item in exc.errors:
            loc = [
                str(p) for p in item.get("loc", []) if p not in ("body", "payload", "query", "path")
            ]
            errors.append({"field": ".".join(loc) or "body", "message": item.get("msg", "invalid")})
        return _error(api, request, 422, "Some fields are missing or invalid; see errors.", errors)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc))

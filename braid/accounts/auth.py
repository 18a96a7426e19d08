"""API authentication: a personal access token (Bearer) for scripts, the session for the browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from braid.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """A personal access token. Wrong tokens are counted per address (BRAID_RATE_TOKEN):
    past the rate, every token from that address is refused with 429 for a while, so tokens
    cannot be guessed at speed."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from ninja.errors import HttpError

        from braid.core.limits import _message, hit, over

        if over(request, "api-token", "BRAID_RATE_TOKEN"):
            raise HttpError(429, _message())
        user = api_token_authenticate(token)
        if user is None:
            if hit(request, "api-token", "BRAID_RATE_TOKEN"):
                raise HttpError(429, _message())
            return None
        request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser's session, CSRF-checked on writes. A request without a signed-in
    session is not a session request at all: it falls through to 401, not to "CSRF check
    Failed"."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


api_auth = [TokenAuth(), BrowserSession()]

"""Writes on users and tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from braid.accounts.models import ApiToken, User
from braid.core.audit import exempt
from braid.core.prepared import TEXT_SENTINEL, Prepared

ACCOUNT = "a person's own account, outside any collaborative (audit lines belong to one)"

TOKEN_PREFIX = "braid_"  # noqa: S105 - a public prefix, not a secret


@exempt("computes a digest, writes nothing")
def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


@exempt(ACCOUNT, writes=True)
@transaction.atomic
def api_token_create(*, user: User, name: str) -> IssuedToken:
    """Create a token; the caller shows `secret` once and it is never retrievable again."""
    name = name.strip()
    if not name:
        raise ValueError("Give the token a name so you can recognise it later.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=token_digest(secret)
    )
    return IssuedToken(token=token, secret=secret)


@exempt(ACCOUNT, writes=True)
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.get(user=user, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _live_token(digest: str) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
        .order_by("pk")[:1]
    )


# Every API call reads it: its SQL built once per process (braid.core.prepared).
_token_by_digest = Prepared(ApiToken, _live_token, sentinel=TEXT_SENTINEL)


@exempt("stamps when a token was last used", writes=True)
def api_token_authenticate(secret: str) -> User | None:
    """Return the active user behind a token, or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    found = _token_by_digest(token_digest(secret))
    if not found:
        return None
    token = found[0]
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@exempt(ACCOUNT, writes=True)
def user_create(*, email: str, password: str | None, full_name: str = "") -> User:
    return User.objects.create_user(email=email, password=password, full_name=full_name)

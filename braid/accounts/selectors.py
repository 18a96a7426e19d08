"""Reads on users and tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from braid.accounts.models import ApiToken, User


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()

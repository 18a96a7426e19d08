"""People in a collaborative export: their e-mail, name and language, never a password."""

from __future__ import annotations

import secrets
from typing import Any

from braid.accounts.models import User
from braid.core.bundle import register_people


def _make(email: str, fields: dict[str, Any]) -> User:
    """A person this installation does not know: a random password they replace through
    "forgot my password" (an unusable one would not be offered a reset)."""
    return User.objects.create_user(email, password=secrets.token_urlsafe(32), **fields)


register_people(User, key="email", fields=("full_name", "preferred_language"), make=_make)

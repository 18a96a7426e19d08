"""Signing in with an e-mail address and a password, and finding the signed-in user again on
each request.

Django's `ModelBackend`, with the per-request lookup of the session's user read by SQL built
once per process (braid.core.prepared): the same `SELECT` the ORM writes for
`User.objects.get(pk=…)`, without building it again on every page. Who may sign in
(`user_can_authenticate`: an active account) is still Django's rule.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from braid.core.prepared import Prepared

_User = get_user_model()
_by_pk = Prepared(_User, lambda pk: _User._default_manager.filter(pk=pk))


class Accounts(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = _User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
        except (ValidationError, TypeError, ValueError):
            return None  # a session holding a malformed id: nobody
        found = _by_pk(pk)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None

"""Login lockout (django-axes) for the web's doors only.

A login without a request (a management command, a test's `client.login`) has no address to
lock and goes through no door: the lockout check applies to requests only."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class WebLockout(AxesStandaloneBackend):
    def authenticate(self, request: Any = None, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)

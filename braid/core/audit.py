"""The mark of a public service that writes no audit line (the audit log itself lives in
braid.collaboratives.audit; this marker sits in the core so that layers below the tenant,
such as accounts, can use it too). The test that every service audits reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def exempt(reason: str, *, writes: bool = False) -> Callable[[F], F]:
    """Mark a public service that writes no audit line, and say why. With `writes=False` (a
    read kept among the services) the test watch fails if it ever writes; with `writes=True`
    (derived data, such as recomputed totals) its writes are allowed without a line."""

    def mark(fn: F) -> F:
        fn.__audit_exempt__ = (reason, writes)  # type: ignore[attr-defined]
        return fn

    return mark

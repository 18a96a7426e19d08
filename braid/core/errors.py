"""The error every service raises for a rule a person broke, with what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldProblem:
    field: str
    message: str
    row: int | None = None
    value: str | None = None


@dataclass
class ServiceError(Exception):
    """A rule was broken. `message` says what and how to fix it; `problems` lists each field.

    Views show it on the form; the API answers 400 (409 for `conflict`) with the same text.
    """

    message: str
    problems: list[FieldProblem] = field(default_factory=list)
    code: str = "invalid"

    def __str__(self) -> str:
        return self.message

    @classmethod
    def on(cls, field_name: str, message: str, code: str = "invalid") -> ServiceError:
        return cls(message=message, problems=[FieldProblem(field_name, message)], code=code)


class ConflictError(ServiceError):
    """Someone else saved first; the caller shows their version instead of overwriting it."""

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message=message, code="conflict")
        self.current = current or {}


def raise_problems(problems: list[FieldProblem], summary: str | None = None) -> None:
    """Raise one ServiceError carrying every problem found; do nothing when there is none.

    One problem is its own message; several are summed up by `summary` (default: "Fix the
    fields marked below."), each staying on its field.
    """
    if not problems:
        return
    if len(problems) == 1:
        raise ServiceError(problems[0].message, problems)
    from django.utils.translation import gettext as _

    raise ServiceError(summary or _("Fix the fields marked below."), problems)


def refuse_stale(loaded: object, now: object, message: str, current: dict[str, object]) -> None:
    """The one check of optimistic concurrency: `loaded` is the version the editor started
    from (a form's hidden field, an API's If-Match or body field; None or "" when they sent
    none), `now` the row's version. When they differ, nothing may be written: a ConflictError
    carries `message` and the current values (with `version`, to save again deliberately)."""
    if loaded is None or str(loaded).strip() == "":
        return
    if str(loaded).strip().strip('"') != str(now):
        raise ConflictError(message, {**current, "version": now})


def refuse_stale_row(loaded: object, row: object, current: dict[str, object]) -> None:
    """`refuse_stale` for a row with a `version` counter, with the common message (nothing
    saved; reload, then make the change again)."""
    from django.utils.translation import gettext as _

    refuse_stale(
        loaded,
        getattr(row, "version"),  # noqa: B009 - any model with a counter
        _(
            "Someone changed this while you were editing it. Nothing of yours was saved: "
            "reload the page to see their changes, then make yours again."
        ),
        current,
    )

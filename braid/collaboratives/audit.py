"""The audit log's one vocabulary: every change is an action `entity.verb` (`submission.returned`,
`indicator.updated`, `values.imported`) stored with its parameters (JSON), and rendered in the
reader's language when the log is read, never in the writer's at the time of writing.

A module declares its phrases once, next to its services:

    vocabulary({"submission.returned": gettext_lazy("Report of %(organisation)s for %(period)s
    returned: %(comment)s")})

and each service writes one line:

    audit_record(collaborative=..., actor=access.user, action="submission.returned",
                 details={"organisation": "...", "period": "2025-Q1", "comment": "..."})

`summary` is optional (an English fallback for an action nobody declared). Work done from the
command line runs inside `via("braid import values FILE")`: its lines name the command, not a
person (the actor is left empty).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from braid.collaboratives.models import AuditEvent, Collaborative, Notice
from braid.core.audit import exempt

__all__ = ["audit_record", "exempt", "links", "record", "render", "via", "vocabulary"]

Phrase = Any  # a (lazy) translatable "%(name)s" string, or a function of the parameters
VOCABULARY: dict[str, Phrase] = {}
# action -> {parameter: its choices}: "%(role_label)s" reads the role's label
LABELS: dict[str, dict[str, Any]] = {}
# action -> where a line of it leads (the value history of an import), from the line and the
# collaborative's slug; "" when nowhere
LINKS: dict[str, Callable[[Any, str], str]] = {}
_via: contextvars.ContextVar[str] = contextvars.ContextVar("audit_via", default="")
_discovered = False


def vocabulary(phrases: Mapping[str, Phrase], labels: Mapping[str, Any] | None = None) -> None:
    """Declare how actions read: `{"entity.verb": gettext_lazy("... %(param)s ...")}`.
    `labels` names parameters holding a choice (`{"role": Role}`): `%(role_label)s` reads the
    choice's label in the reader's language."""
    for action, phrase in phrases.items():
        if "." not in action:
            raise ValueError(f"audit actions are 'entity.verb', not {action!r}")
        VOCABULARY[action] = phrase
        LABELS[action] = dict(labels or {})


def links(found: Mapping[str, Callable[[Any, str], str]]) -> None:
    """Declare where lines of an action lead: `{"values.imported": lambda event, slug: url}`."""
    LINKS.update(found)


@contextmanager
def via(command: str) -> Iterator[None]:
    """Record the lines written inside as done by this command line, not by a person."""
    token = _via.set(command[:300])
    try:
        yield
    finally:
        _via.reset(token)


def current_via() -> str:
    return _via.get()


def audit_record(
    *,
    collaborative: Collaborative,
    actor: Any,
    action: str,
    summary: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit line: the action, its parameters (`details`) and who did it."""
    command = _via.get()
    return AuditEvent.objects.create(
        collaborative=collaborative,
        actor=None if command or not getattr(actor, "pk", None) else actor,
        via=command,
        action=action,
        summary=str(summary)[:300],
        details=details or {},
    )


def audit_records(
    *, collaborative: Collaborative, actor: Any, lines: list[tuple[str, str, dict[str, Any]]]
) -> list[AuditEvent]:
    """Write many audit lines in one statement, one per (action, summary, details): for bulk
    services, where each item (an approval) must still leave its own line."""
    command = _via.get()
    who = None if command or not getattr(actor, "pk", None) else actor
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                collaborative=collaborative,
                actor=who,
                via=command,
                action=action,
                summary=str(summary)[:300],
                details=details,
            )
            for action, summary, details in lines
        ],
        batch_size=1000,
    )


def record(access: Any, action: str, **details: Any) -> AuditEvent:
    """The short form inside a service: `record(access, "goal.saved", title=goal.title)`."""
    return audit_record(
        collaborative=access.collaborative, actor=access.user, action=action, details=details
    )


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("services")
        _discovered = True


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def render(event: AuditEvent | Notice) -> str:
    """The line in the reader's (active) language; the stored summary if the action is unknown.
    Notices (braid.collaboratives.models.Notice) are worded by the same vocabulary."""
    _discover()
    phrase = VOCABULARY.get(event.action)
    if phrase is None:
        return event.summary or event.action
    params = {k: _text(v) for k, v in (event.details or {}).items()}
    for key, choices in LABELS.get(event.action, {}).items():
        if key in params:
            try:
                params[f"{key}_label"] = str(choices(params[key]).label)
            except ValueError:
                params[f"{key}_label"] = params[key]
    try:
        if callable(phrase) and not isinstance(phrase, str):
            return str(phrase(params))
        return str(phrase) % params
    except (KeyError, TypeError, ValueError):
        return event.summary or event.action


def who(event: AuditEvent) -> str:
    if event.via:
        return _("command line: %(command)s") % {"command": event.via}
    if event.actor is not None:
        return str(event.actor.email)
    return "—"


def rendered(events: Any, slug: str = "") -> list[dict[str, Any]]:
    """Events ready for the page and the API: who, what (in the reader's language), when, and
    (given the collaborative's slug) where the line leads, if anywhere."""
    out = []
    for e in events:
        link = LINKS.get(e.action) if slug else None
        url = link(e, slug) if link else ""
        out.append({"event": e, "who": who(e), "what": render(e), "url": url})
    return out

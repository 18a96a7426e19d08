"""Notifications: per-user, per-kind preferences and the e-mails that carry them.

Generic (ADR 0012): a module registers its kinds (`register_kind("survey.opened", label)`)
and calls `notify(collaborative=..., users=..., kind=..., action=..., details=..., url=...,
key=...)`. Each recipient's preference for the kind says how it travels: immediately, in the
daily digest (the default), in the weekly digest, or not at all. Lines are stored
(`Notification`, an outbox in the database) and worded when sent, in the recipient's
language, by the audit vocabulary (`action` is a declared `entity.verb`).

- Immediately: changes with the same `key` (e.g. one meeting) made within MERGE_MINUTES are
  merged into one message, sent once the key has been quiet that long.
- Daily digest: everything pending from before the latest 07:00 (the collaborative's time
  zone) goes in one e-mail; weekly: from before the latest Monday 07:00.

Sending is a housekeeping chore (`braid.core.housekeeping`: every minute from the worker's
beat, the web process, or `braid housekeeping`), also run by `braid digest send` and kicked
after each change through `braid.core.background.enqueue`. Because the lines wait in the
database, a broker that is down delays a message and never loses it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import FieldProblem, raise_problems
from braid.meetings.models import Meeting, Notification, NotificationPreference, Notify

log = logging.getLogger("braid.notifications")

MERGE_MINUTES = 5
DIGEST_HOUR = 7


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    default: str = Notify.DAILY


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label: str | Promise, default: str = Notify.DAILY) -> None:
    KINDS[key] = Kind(key, label, default)


for _key, _label in (
    ("meeting.scheduled", gettext_lazy("Meeting scheduled or changed")),
    ("agenda.circulated", gettext_lazy("Agenda circulated")),
    ("minutes.to_amend", gettext_lazy("Minutes to amend")),
    ("minutes.published", gettext_lazy("Minutes published")),
    ("decision.recorded", gettext_lazy("Decision recorded")),
    ("action.assigned", gettext_lazy("Action assigned to you")),
    ("action.due", gettext_lazy("Action due soon or overdue")),
):
    register_kind(_key, _label)


def preferences(user: Any) -> dict[str, str]:
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {k: saved.get(k, kind.default) for k, kind in KINDS.items()}


def notify(
    *,
    collaborative: Any,
    users: Iterable[Any],
    kind: str,
    action: str,
    details: dict[str, Any],
    url: str = "",
    key: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Queue one line for each user who wants this kind; returns how many were queued."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}: register it first")
    now = now or timezone.now()
    users = {u.pk: u for u in users if u is not None and getattr(u, "is_active", True)}
    saved = dict(
        NotificationPreference.objects.filter(user_id__in=list(users), kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    queued = 0
    for uid in users:
        frequency = saved.get(uid, KINDS[kind].default)
        if frequency == Notify.NONE:
            continue
        if frequency == Notify.IMMEDIATE and key:
            pending = Notification.objects.filter(
                user_id=uid,
                key=key,
                frequency=Notify.IMMEDIATE,
                sent_at__isnull=True,
                updated_at__gte=now - dt.timedelta(minutes=MERGE_MINUTES),
            ).first()
            if pending is not None:  # merged: the latest wording, one message
                pending.action, pending.details, pending.url = action, details, url
                pending.changes += 1
                pending.updated_at = now
                pending.save(update_fields=["action", "details", "url", "changes", "updated_at"])
                queued += 1
                continue
        Notification.objects.create(
            collaborative=collaborative,
            user_id=uid,
            kind=kind,
            key=key,
            action=action,
            details=details,
            url=url,
            frequency=frequency,
            created_at=now,
            updated_at=now,
        )
        queued += 1
    if queued and not _kick_waiting():
        _kick()  # one kick per commit, however many lines
    return queued


def _kicked() -> None:
    """Marks, among the transaction's after-commit callbacks, that the kick is queued."""


def _kick_waiting() -> bool:
    connection = transaction.get_connection()
    return any(entry[1] is _kicked for entry in connection.run_on_commit)


def _kick() -> None:
    """Ask the background path to send what is due, through the core outbox (ADR 0011): with a
    broker, a row written in this transaction that waits out a broker outage; without one, the
    task runs in-process after commit."""
    from braid.core.background import enqueue
    from braid.meetings.tasks import send_notifications

    enqueue(send_notifications)
    transaction.on_commit(_kicked)


def _latest(now: dt.datetime, zone: ZoneInfo, weekly: bool) -> dt.datetime:
    local = now.astimezone(zone)
    cut = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if cut > local:
        cut -= dt.timedelta(days=1)
    if weekly:
        cut -= dt.timedelta(days=cut.weekday())
    return cut


def due(now: dt.datetime | None = None, *, force: bool = False) -> list[Notification]:
    """Lines to send now: immediates quiet for MERGE_MINUTES, digests whose time came
    (`force`: every pending line, as `braid digest send --all`)."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(sent_at__isnull=True)
        .select_related("user", "collaborative")
        .order_by("created_at", "pk")
    )
    if force:
        return pending
    zone = ZoneInfo(settings.TIME_ZONE)
    daily, weekly = _latest(now, zone, False), _latest(now, zone, True)
    quiet = now - dt.timedelta(minutes=MERGE_MINUTES)
    out = []
    for n in pending:
        if (
            (n.frequency == Notify.IMMEDIATE and n.updated_at <= quiet)
            or (n.frequency == Notify.DAILY and n.created_at < daily)
            or (n.frequency == Notify.WEEKLY and n.created_at < weekly)
        ):
            out.append(n)
    return out


def send_pending(now: dt.datetime | None = None, *, force: bool = False) -> int:
    """Send what is due: one e-mail per recipient and collaborative, in their language.
    Returns the number of e-mails sent."""
    now = now or timezone.now()
    groups: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for n in due(now, force=force):
        groups[(n.user_id, n.collaborative_id)].append(n)
    for lines in groups.values():
        compose(lines).send()
        Notification.objects.filter(pk__in=[n.pk for n in lines]).update(sent_at=now)
    return len(groups)


def compose(lines: list[Notification]) -> EmailMessage:
    """One recipient's e-mail for these lines, in their language, with the calendar
    invitation or cancellation of any meeting they are about."""
    from braid.collaboratives.audit import render
    from braid.meetings import invitations

    user, collaborative = lines[0].user, lines[0].collaborative
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        first = render(lines[0])  # type: ignore[arg-type]
        subject = (
            _("%(name)s: %(text)s") % {"name": collaborative.name, "text": first}
            if len(lines) == 1
            else _("%(name)s: %(n)s updates") % {"name": collaborative.name, "n": len(lines)}
        )
        body = [_("Hello,"), "", _("What happened in %(name)s:") % {"name": collaborative.name}]
        body.append("")
        for n in lines:
            body.append(f"- {render(n)}")  # type: ignore[arg-type]
            if n.changes > 1:
                body.append("  " + _("(%(n)s changes in a few minutes, merged)") % {"n": n.changes})
            if n.url:
                body.append(f"  {settings.SITE_URL}{n.url}")
        body += [
            "",
            _("Choose how often Braid writes to you: %(url)s")
            % {"url": f"{settings.SITE_URL}/c/{collaborative.slug}/meetings/notifications/"},
        ]
        message = EmailMessage(subject[:200], "\n".join(body), None, [user.email])
        invitations.attach(message, lines, user.email)
    return message


# --- What meetings tell --------------------------------------------------------------------


def _invitee_users(meeting: Meeting) -> list[Any]:
    from braid.collaboratives.models import Membership

    orgs = list(meeting.invited_organisations.values_list("pk", flat=True))
    users = {u.pk: u for u in meeting.invited_users.all()}
    for m in Membership.objects.filter(
        collaborative_id=meeting.collaborative_id, organisation_id__in=orgs
    ).select_related("user"):
        users[m.user_id] = m.user
    return list(users.values())


def _members(collaborative_id: int, *, stewards_only: bool = False) -> list[Any]:
    from braid.collaboratives.models import Membership, Role

    qs = Membership.objects.filter(collaborative_id=collaborative_id).select_related("user")
    if stewards_only:
        qs = qs.filter(role=Role.STEWARD)
    return [m.user for m in qs]


def meeting_event(meeting: Meeting, kind: str, **context: Any) -> None:
    """Tell a meeting's invitees (or every member / the stewards) what changed."""
    from braid.meetings.timing import local_date

    action = {
        "series.scheduled": "series.scheduled",
        "meeting.scheduled": "meeting.scheduled",
        "meeting.changed": "meeting.changed",
        "meeting.cancelled": "meeting.cancelled",
        "agenda.circulated": "agenda.circulated",
        "minutes.circulated": "minutes.circulated",
        "minutes.amendment": "minutes.amendment",
        "minutes.published": "minutes.frozen",
    }[kind]
    notify_kind = {
        "series.scheduled": "meeting.scheduled",
        "meeting.changed": "meeting.scheduled",
        "meeting.cancelled": "meeting.scheduled",
        "minutes.circulated": "minutes.to_amend",
        "minutes.amendment": "minutes.to_amend",
    }.get(kind, kind)
    if context.get("everyone"):
        users = _members(meeting.collaborative_id)
    elif context.get("stewards_only"):
        users = _members(meeting.collaborative_id, stewards_only=True)
    else:
        users = _invitee_users(meeting)
    series = context.get("series")
    date = local_date(meeting).isoformat()
    details = {
        "title": series.title if series else meeting.title,
        "meeting": meeting.title,
        "date": date,
        "first": date,
        "meetings": series.meetings.count() if series else 1,
        "scope": "",
        "meeting_ids": context.get("meeting_ids") or [meeting.pk],
    }
    notify(
        collaborative=meeting.collaborative,
        users=users,
        kind=notify_kind,
        action=action,
        details=details,
        url=f"/c/{meeting.collaborative.slug}/meetings/{meeting.pk}/",
        key=f"meeting:{meeting.series_id or meeting.pk}",
    )


def decision_event(decision: Any) -> None:
    if decision.status != "active":
        return
    notify(
        collaborative=decision.collaborative,
        users=_members(decision.collaborative_id),
        kind="decision.recorded",
        action="decision.recorded",
        details={
            "number": decision.number,
            "title": decision.shown_title,
            "method": decision.method,
        },
        url=f"/c/{decision.collaborative.slug}/meetings/decisions/{decision.pk}/",
        key=f"decision:{decision.pk}",
    )


def action_event(action: Any, kind: str) -> None:
    from braid.collaboratives.models import Membership

    users = []
    if action.owner_id:
        users = [action.owner]
    elif action.organisation_id:
        users = [
            m.user
            for m in Membership.objects.filter(
                collaborative_id=action.collaborative_id, organisation_id=action.organisation_id
            ).select_related("user")
        ]
    verb = {"action.assigned": "action.created", "action.due": "action.reminded"}[kind]
    notify(
        collaborative=action.collaborative,
        users=users,
        kind=kind,
        action=verb,
        details={
            "title": action.title,
            "owner": "",
            "due": action.due_on.isoformat() if action.due_on else "—",
        },
        url=f"/c/{action.collaborative.slug}/meetings/actions/{action.pk}/",
        key=f"action:{action.pk}",
    )


vocabulary(
    {
        "notifications.chosen": gettext_lazy("Notification choices saved: %(choices)s"),
        "action.reminded": gettext_lazy("Action “%(title)s” is due %(due)s"),
    }
)


@transaction.atomic
def preferences_save(*, access: Any, chosen: dict[str, str]) -> dict[str, str]:
    """Save the member's choice per kind (unknown kinds and frequencies refused whole)."""
    problems = [
        FieldProblem(k, _("Choose immediately, daily, weekly or never for %(kind)s.") % {"kind": k})
        for k, v in chosen.items()
        if k not in KINDS or v not in Notify.values
    ]
    raise_problems(problems)
    for kind, frequency in chosen.items():
        NotificationPreference.objects.update_or_create(
            user=access.user, kind=kind, defaults={"frequency": frequency}
        )
    record(
        access,
        "notifications.chosen",
        choices=", ".join(f"{k}={v}" for k, v in sorted(chosen.items())),
    )
    return preferences(access.user)


def remind_actions(today: dt.date | None = None) -> int:
    """Queue a reminder for every open action due within REMIND_DAYS (once) and every overdue
    one (once more); returns how many were queued."""
    from braid.meetings.actions import REMIND_DAYS
    from braid.meetings.models import ActionItem, ActionStatus

    today = today or timezone.localdate()
    now = timezone.now()
    n = 0
    soon = ActionItem.objects.filter(
        status=ActionStatus.OPEN,
        archived_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS),
        reminded_due_at__isnull=True,
    ).select_related("owner", "collaborative")
    late = ActionItem.objects.filter(
        status=ActionStatus.OPEN,
        archived_at__isnull=True,
        due_on__lt=today,
        reminded_overdue_at__isnull=True,
    ).select_related("owner", "collaborative")
    with transaction.atomic():
        for a in soon:
            action_event(a, "action.due")
            a.reminded_due_at = now
            a.save(update_fields=["reminded_due_at"])
            n += 1
        for a in late:
            action_event(a, "action.due")
            a.reminded_overdue_at = now
            a.save(update_fields=["reminded_overdue_at"])
            n += 1
    return n


def chore() -> dict[str, int]:
    """The housekeeping chore: reminders, then whatever is due."""
    return {"reminders": remind_actions(), "emails": send_pending()}

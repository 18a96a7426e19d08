"""Telling people: reminders to the partners who owe a report, and the notice and e-mail a
partner gets when a steward returns theirs. Each says what it actually did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record
from braid.collaboratives.selectors import partner_members
from braid.collaboratives.services import notice_send
from braid.core.background import enqueue
from braid.measures.models import Period, Submission
from braid.measures.selectors import reports_owed
from braid.measures.services import EDITABLE
from braid.measures.tasks import send_reminders, send_return_notice
from braid.partners.models import Organisation


@dataclass(frozen=True)
class Reminders:
    """What a reminder run did: who was e-mailed, and which organisations that owe the report
    have nobody to remind (no member account acting for them)."""

    period: Period
    sent: list[tuple[str, str]]  # (organisation, e-mail address)
    nobody: list[Organisation]

    @property
    def organisations(self) -> int:
        return len({name for name, _email in self.sent})


@transaction.atomic
def reminders_send(*, access: Access, period_id: int) -> Reminders:
    """E-mail the member accounts of every organisation that owes the period's report and has
    not submitted it (in the background, after commit); name those nobody can be reminded at."""
    access.require_manage()
    period = access.get_owned(Period, pk=period_id)
    late = _unsubmitted(access, period)
    members = list(partner_members(access, [s.organisation_id for s in late]))
    reached = {m.organisation_id for m in members}
    _mark_reminded([s for s in late if s.organisation_id in reached], timezone.now())
    report = Reminders(
        period=period,
        sent=[(str(m.organisation), m.user.email) for m in members],
        nobody=[s.organisation for s in late if s.organisation_id not in reached],
    )
    enqueue(send_reminders, access.collaborative.pk, period.pk, [m.pk for m in members])
    record(
        access,
        "reminders.sent",
        period=period.code,
        sent=len(report.sent),
        recipients=[email for _org, email in report.sent],
        nobody=[o.name for o in report.nobody],
    )
    return report


def _mark_reminded(reports: list[Submission], now: datetime) -> None:
    """One statement for every report reminded: an upsert on the report's natural key, which
    creates the reports not started yet and stamps the others (nothing else of theirs moves)."""
    Submission.objects.bulk_create(
        [
            Submission(
                collaborative_id=s.collaborative_id,
                organisation_id=s.organisation_id,
                period_id=s.period_id,
                reminded_at=now,
            )
            for s in reports
        ],
        update_conflicts=True,
        unique_fields=["collaborative", "organisation", "period"],
        update_fields=["reminded_at"],
    )


def _unsubmitted(access: Access, period: Period) -> list[Submission]:
    """The reports owed for the period (selectors.reports_owed) not yet submitted."""
    due = {org for org, _p in reports_owed(access, [period])}
    orgs = access.scope(Organisation).filter(pk__in=due).order_by("name")
    existing = {s.organisation_id: s for s in access.scope(Submission).filter(period=period)}
    out = []
    for org in orgs:
        s = existing.get(org.pk) or Submission(
            collaborative=access.collaborative, organisation=org, period=period
        )
        if s.status in EDITABLE:
            out.append(s)
    return out


def tell_returned(access: Access, submission: Submission) -> None:
    """The partner's accounts learn it: a notice on their home page, an e-mail in their language."""
    members = list(partner_members(access, [submission.organisation_id]))
    url = reverse("measures:entry", args=[access.collaborative.slug, submission.period_id])
    notice_send(
        collaborative=access.collaborative,
        users=[m.user for m in members],
        action="submission.returned",
        details={**submission.about(), "comment": submission.comment},
        url=f"{url}?organisation={submission.organisation_id}",
    )
    if members:
        enqueue(send_return_notice, submission.pk, [m.pk for m in members])

"""Background work of the shared-measures module (Celery; eager in-process without a broker)."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _


@shared_task
def send_reminders(collaborative_id: int, period_id: int, membership_ids: list[int]) -> int:
    """E-mail these member accounts (chosen by braid.measures.notify.reminders_send), each in
    their own language."""
    from braid.collaboratives.models import Membership
    from braid.measures.models import Period

    period = Period.objects.select_related("collaborative").get(
        pk=period_id, collaborative_id=collaborative_id
    )
    sent = 0
    for m in Membership.objects.filter(
        collaborative_id=collaborative_id, pk__in=membership_ids
    ).select_related("user", "organisation"):
        with translation.override(m.user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Reminder: %(period)s figures for %(name)s") % {
                "period": period.code,
                "name": period.collaborative.name,
            }
            body = _(
                "Hello,\n\nThe figures of %(org)s for %(period)s are due on %(due)s. Enter or upload them here:\n%(url)s\n\nThank you."
            ) % {
                "org": m.organisation.name,
                "period": period.code,
                "due": period.due_date.isoformat(),
                "url": f"{settings.SITE_URL}/c/{period.collaborative.slug}/measures/report/",
            }
        send_mail(subject, body, None, [m.user.email])
        sent += 1
    return sent


@shared_task
def send_return_notice(submission_id: int, membership_ids: list[int]) -> int:
    """Tell the partner's accounts that a steward returned their report, each in their language."""
    from braid.collaboratives.models import Membership
    from braid.measures.models import Submission

    submission = Submission.objects.select_related("collaborative", "organisation", "period").get(
        pk=submission_id
    )
    c = submission.collaborative
    from django.urls import reverse

    path = reverse("measures:entry", args=[c.slug, submission.period_id])
    url = f"{settings.SITE_URL}{path}?organisation={submission.organisation_id}"
    sent = 0
    for m in Membership.objects.filter(collaborative=c, pk__in=membership_ids).select_related(
        "user"
    ):
        with translation.override(m.user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Your %(period)s report for %(org)s was returned") % {
                "period": submission.period.code,
                "org": submission.organisation.name,
            }
            body = _(
                "Hello,\n\nA steward of %(name)s returned the %(period)s report of %(org)s with this comment:\n\n%(comment)s\n\nCorrect the figures and submit the report again here:\n%(url)s\n\nThank you."
            ) % {
                "name": c.name,
                "period": submission.period.code,
                "org": submission.organisation.name,
                "comment": submission.comment,
                "url": url,
            }
        send_mail(subject, body, None, [m.user.email])
        sent += 1
    return sent


@shared_task
def run_import(job_id: int) -> None:
    """Import an uploaded file, updating the job's progress as rows are read."""
    from braid.collaboratives.access import access_for
    from braid.measures.imports import import_file
    from braid.measures.models import ImportJob

    job = ImportJob.objects.select_related("collaborative", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    access = access_for(job.created_by, job.collaborative.slug)

    def progress(rows: int) -> None:
        # Not the job's row: the import's transaction would hide it until the end, and on
        # SQLite a second connection could not write while the import holds the lock.
        cache.set(job.progress_key, rows, 86_400)

    options = job.result or {}
    try:
        result = import_file(
            access=access,
            path=Path(job.path),
            organisation_id=job.organisation_id,
            progress=progress,
            reason=f"upload {job.filename}",
            decimal=options.get("decimal"),
            default_decimal=options.get("default"),
        )
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status="failed", result={"error": str(exc)}, finished_at=timezone.now()
        )
        return
    ImportJob.objects.filter(pk=job.pk).update(
        # A refused file is a failed upload, listed as such; its problems are in the result.
        status="done" if result.ok else "failed",
        rows_done=result.rows,
        result={**options, **result.as_dict()},
        finished_at=timezone.now(),
    )
    Path(job.path).unlink(missing_ok=True)

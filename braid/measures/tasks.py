"""Background work of the shared-measures module (Celery; eager in-process without a broker)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from braid.core.background import task

log = logging.getLogger(__name__)


@task
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


@task
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


@task
def run_import(job_id: int) -> None:
    """Import an uploaded file, updating the job's progress as rows are read.

    The job beats (braid.core.housekeeping.beat) as it reads; a job whose worker died
    (killed, out of memory, restarted) stops beating and `reap_imports` marks it failed. The
    uploaded file is removed whatever the outcome."""
    from braid.collaboratives.access import access_for
    from braid.core.housekeeping import beat
    from braid.lib.tabular import TabularError
    from braid.measures.imports import import_file
    from braid.measures.models import ImportJob

    job = ImportJob.objects.select_related("collaborative", "created_by").filter(pk=job_id).first()
    if job is None or job.status not in ("queued", "running"):
        return  # already finished or reaped: a task delivered twice does nothing
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    beat(job.progress_key)
    options = job.result or {}
    try:
        access = access_for(job.created_by, job.collaborative.slug)

        def progress(rows: int) -> None:
            # Not the job's row: the import's transaction would hide it until the end, and on
            # SQLite a second connection could not write while the import holds the lock.
            cache.set(job.progress_key, rows, 86_400)
            beat(job.progress_key)

        result = import_file(
            access=access,
            path=Path(job.path),
            organisation_id=job.organisation_id,
            progress=progress,
            reason=f"upload {job.filename}",
            decimal=options.get("decimal"),
            default_decimal=options.get("default"),
            mapping=options.get("mapping"),
        )
    except Exception as exc:
        if isinstance(exc, TabularError):
            reason = str(exc)
        else:
            log.exception("import job %s failed", job.pk)
            reason = "The import stopped on an unexpected error (it has been logged)."
        ImportJob.objects.filter(pk=job.pk).update(
            status="failed", result={**options, "error": reason}, finished_at=timezone.now()
        )
        return
    finally:
        Path(job.path).unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(
        # A refused file is a failed upload, listed as such; its problems are in the result.
        status="done" if result.ok else "failed",
        rows_done=result.rows,
        result={**options, **result.as_dict()},
        finished_at=timezone.now(),
    )


STOPPED = (
    "The import stopped without finishing (the process reading it ended: restarted, out of "
    "memory or over its time limit). Nothing was imported: upload the file again, or split it."
)
NEVER_STARTED = (
    "The import never started (no worker took it). Nothing was imported: upload the file again."
)
QUEUED_PATIENCE = 24 * 3600  # a job waiting longer than this for a worker is abandoned


def reap_imports() -> dict[str, int]:
    """Mark failed, with their reason, the upload jobs whose worker died (running, no beat for
    BRAID_IMPORT_STALE_SECONDS) or that no worker ever took (queued for a day); remove their
    files and any file under media/imports that no waiting or running job holds."""
    import time

    from braid.core.housekeeping import last_beat
    from braid.measures.models import ImportJob

    now = time.time()
    stale = settings.BRAID_IMPORT_STALE_SECONDS
    reaped = 0
    for job in ImportJob.objects.filter(status__in=("queued", "running")).only(
        "pk", "status", "path", "created_at", "result", "collaborative_id"
    ):
        seen = last_beat(job.progress_key) or job.created_at.timestamp()
        if job.status == "running" and now - seen > stale:
            reason = STOPPED
        elif job.status == "queued" and now - job.created_at.timestamp() > QUEUED_PATIENCE:
            reason = NEVER_STARTED
        else:
            continue
        reaped += ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status="failed",
            result={**(job.result or {}), "error": reason},
            finished_at=timezone.now(),
        )
        Path(job.path).unlink(missing_ok=True)
    held = set(
        ImportJob.objects.filter(status__in=("queued", "running")).values_list("path", flat=True)
    )
    removed = 0
    folder = Path(settings.MEDIA_ROOT) / "imports"
    if folder.is_dir():
        for path in folder.iterdir():
            # A file just written may not have its job yet: leave files younger than `stale`.
            if str(path) not in held and now - path.stat().st_mtime > stale:
                path.unlink(missing_ok=True)
                removed += 1
    return {"reaped": reaped, "files_removed": removed}

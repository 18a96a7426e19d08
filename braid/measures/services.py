"""Writes of the shared-measures module: indicators, periods, entry, the submission workflow."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, record
from braid.core import bilingual
from braid.core.errors import ConflictError, ServiceError, raise_problems, refuse_stale
from braid.measures import vocabulary as _vocabulary  # noqa: F401 - declares the audit phrases

# Every write of the module is reached from here; these live in their own modules.
from braid.measures.aggregates import aggregates_refresh as aggregates_refresh
from braid.measures.figures import report_of
from braid.measures.figures import values_save as values_save
from braid.measures.models import (
    Indicator,
    Period,
    Story,
    Submission,
    SubmissionStatus,
    Target,
    Value,
)
from braid.measures.periods import period_close as period_close
from braid.measures.periods import period_create as period_create
from braid.measures.periods import periods_schedule as periods_schedule

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


@transaction.atomic
def indicator_create(
    *, access: Access, reporters: list[int] | None = None, **data: Any
) -> Indicator:
    """Define an indicator; every field is checked by `indicator_rules`, as an edit is."""
    from braid.measures.indicator_rules import (
        FIELDS,
        clean_disaggregations,
        indicator_problems,
        normalise,
    )
    from braid.measures.indicators import reporter_problems

    access.require_manage()
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    data = normalise(data)
    problems = indicator_problems(access, data)
    found, missing = reporter_problems(access, reporters or [])
    raise_problems(problems + missing)
    if data.get("disaggregations"):
        data["disaggregations"] = clean_disaggregations(data["disaggregations"])
    indicator = Indicator.objects.create(collaborative=access.collaborative, **data)
    if found:
        indicator.reporters.set(found)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="indicator.created",
        details={"indicator": indicator.pk, "name": str(indicator), "code": indicator.code},
    )
    return indicator


@transaction.atomic
def target_set(*, access: Access, indicator_id: int, period_id: int, value: float) -> Target:
    access.require_manage()
    indicator = access.get_owned(Indicator, pk=indicator_id)
    period = access.get_owned(Period, pk=period_id)
    target, _created = Target.objects.update_or_create(
        collaborative=access.collaborative,
        indicator=indicator,
        period=period,
        defaults={"value": value},
    )
    record(access, "target.set", indicator=str(indicator), period=period.code, value=value)
    return target


@transaction.atomic
def submission_submit(*, access: Access, organisation_id: int, period_id: int) -> Submission:
    access.require_edit_for(organisation_id)
    submission = report_of(access, organisation_id, period_id, lock=True)
    if submission.status not in EDITABLE:
        raise ServiceError(
            _("This report is already %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    assigned = access.scope(Indicator).filter(
        reporters=organisation_id, archived_at__isnull=True, frequency=submission.period.frequency
    )
    have = set(
        Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            indicator_id__in=[i.pk for i in assigned],
            organisation_id=organisation_id,
            period_id=period_id,
            disaggregation="",
            value__isnull=False,
        ).values_list("indicator_id", flat=True)
    )
    missing = [str(i) for i in assigned if i.pk not in have]
    if missing:
        raise ServiceError(
            _("Enter every figure before submitting; missing: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by = access.user
    submission.submitted_at = timezone.now()
    submission.save()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="submission.submitted",
        details=submission.about(),
    )
    return submission


@transaction.atomic
def submission_return(*, access: Access, submission_id: int, comment: str) -> Submission:
    access.require_manage()
    submission = access.get_owned(Submission.objects.select_for_update(), pk=submission_id)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ServiceError(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise ServiceError.on("comment", _("Say what needs changing, so the partner can fix it."))
    submission.status = SubmissionStatus.RETURNED
    submission.comment = comment.strip()
    submission.reviewed_by, submission.reviewed_at = access.user, timezone.now()
    submission.save()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="submission.returned",
        details={**submission.about(), "comment": comment.strip()},
    )
    from braid.measures.notify import tell_returned

    tell_returned(access, submission)
    return submission


@transaction.atomic
def submission_approve(*, access: Access, submission_id: int) -> Submission:
    access.require_manage()
    submission = access.get_owned(Submission.objects.select_for_update(), pk=submission_id)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ServiceError(_("Only a submitted report can be approved."))
    submission.status = SubmissionStatus.APPROVED
    submission.reviewed_by, submission.reviewed_at = access.user, timezone.now()
    submission.comment = ""
    submission.save()
    indicator_ids = set(
        Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            # Naming the indicators lets the value key serve the read.
            indicator_id__in=list(access.scope(Indicator).values_list("pk", flat=True)),
            organisation_id=submission.organisation_id,
            period_id=submission.period_id,
        ).values_list("indicator_id", flat=True)
    )
    aggregates_refresh(
        collaborative_id=access.collaborative.pk,
        indicator_ids=indicator_ids,
        period_ids={submission.period_id},
    )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="submission.approved",
        details=submission.about(),
    )
    return submission


@transaction.atomic
def story_save(
    *,
    access: Access,
    indicator_id: int,
    period_id: int,
    text: str = "",
    text_fr: str = "",
    version: int | str | None = None,
) -> Story:
    """Write the story behind the curve for one period, or replace it, in English, French or
    both (`text_fr`). `version` is the story's version as the editor loaded it (0: there was
    none yet); a save over a newer one (or over a story written meanwhile) is refused with the
    current texts."""
    access.require_manage()
    if bilingual.is_blank({"text": text, "text_fr": text_fr}, "text"):
        raise ServiceError.on("text", _("Write it in English, in French or in both."))
    indicator = access.get_owned(Indicator, pk=indicator_id)
    period = access.get_owned(Period, pk=period_id)
    story = (
        access.scope(Story).select_for_update().filter(indicator=indicator, period=period).first()
    )
    refuse_stale(
        version,
        story.version if story else 0,
        _(
            "Someone else saved the story for %(period)s while you were writing it. Nothing of "
            "yours was saved: your text is still in the form; check theirs, then save again."
        )
        % {"period": period.code},
        {
            "text": story.text if story else "",
            "text_fr": story.text_fr if story else "",
            "period": period.pk,
        },
    )
    if story is None:
        story = Story(collaborative=access.collaborative, indicator=indicator, period=period)
        story.version = 0
    story.text, story.text_fr = text.strip(), text_fr.strip()
    story.written_by = access.user
    story.version += 1
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError as exc:  # another first story for this period, at the same moment
        raise ConflictError(
            _("Someone saved a story for %(period)s at the same moment: reload, then save again.")
            % {"period": period.code},
            {"text": "", "text_fr": "", "period": period.pk, "version": 0},
        ) from exc
    record(access, "story.saved", indicator=str(indicator), period=period.code)
    return story


@transaction.atomic
def indicator_links_set(
    *, access: Access, indicator_id: int, objective_ids: list[int]
) -> Indicator:
    """Link an indicator to the common agenda's objectives it measures."""
    access.require_manage()
    from django.apps import apps

    indicator = access.get_owned(Indicator, pk=indicator_id)
    objectives, problems = access.owned(
        apps.get_model("agenda", "Objective"),
        objective_ids,
        field="objective_ids",
        message=_("No objective %(ids)s in this collaborative: choose from its results chain."),
    )
    raise_problems(problems)
    indicator.objectives.set(objectives)
    record(
        access,
        "indicator.links_set",
        indicator=indicator.pk,
        name=str(indicator),
        count=len(objectives),
        objectives=[str(o) for o in objectives],
    )
    return indicator

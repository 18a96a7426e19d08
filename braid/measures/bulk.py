"""The submission workflow in bulk: a partner submits every complete report at once, a steward
approves every submitted report that has no warning at once. Each report still gets its own
audit line; the writes are set-based (one update, one insert of audit lines, one refresh of
the aggregates), not one report after another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_records
from braid.core.errors import FieldProblem
from braid.measures.imports.unusual import unusual_figures
from braid.measures.models import Indicator, Period, Submission, SubmissionStatus, Value
from braid.measures.services import EDITABLE, aggregates_refresh
from braid.partners.models import Organisation


@dataclass
class SubmitResult:
    submitted: list[Submission] = field(default_factory=list)
    # Reports left as they were: period code -> the names of the figures still missing.
    incomplete: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ApproveResult:
    approved: list[Submission] = field(default_factory=list)
    # Reports left for a look: submission -> its warnings.
    held: dict[Submission, list[FieldProblem]] = field(default_factory=dict)


def _figures(
    access: Access, pairs: set[tuple[int, int]], ids: list[int]
) -> tuple[list[tuple[int, int, int, str, Any]], list[tuple[int, int, int, Any]]]:
    """The figures of these (organisation, period) reports, as (indicator, organisation,
    period, disaggregation, value), and every total their partners have stored for these
    indicators (the history their figures are tested against), as (indicator, organisation,
    period, value): one read through the value key for both."""
    if not pairs:
        return [], []
    rows = Value.objects.filter(
        # The reports' own periods (every part), and the partners' totals of any period.
        Q(period_id__in={p for _o, p in pairs}) | Q(disaggregation=""),
        collaborative_id=access.collaborative.pk,
        indicator_id__in=ids,
        organisation_id__in={o for o, _p in pairs},
    ).values_list("indicator_id", "organisation_id", "period_id", "disaggregation", "value")
    figures, totals = [], []
    for row in rows:
        if (row[1], row[2]) in pairs:
            figures.append(row)
        if row[3] == "":
            totals.append((row[0], row[1], row[2], row[4]))
    return figures, totals


@transaction.atomic
def submissions_submit(
    *, access: Access, organisation_id: int, period_ids: list[int] | None = None
) -> SubmitResult:
    """Submit every report of the organisation (for these periods, or every period it holds
    figures for) that is still a draft or returned and has every figure it owes."""
    access.require_edit_for(organisation_id)
    name = access.get_owned(Organisation, pk=organisation_id).name  # another tenant's: 404
    assigned = list(
        access.scope(Indicator).filter(reporters=organisation_id, archived_at__isnull=True)
    )
    periods = access.scope(Period).filter(frequency__in={i.frequency for i in assigned})
    if period_ids is not None:
        periods = periods.filter(pk__in=period_ids)
    by_id = {p.pk: p for p in periods}
    values = Value.objects.filter(
        collaborative_id=access.collaborative.pk,
        indicator_id__in=[i.pk for i in assigned],
        organisation_id=organisation_id,
        period_id__in=list(by_id),
        disaggregation="",
        value__isnull=False,
    ).values_list("period_id", "indicator_id")
    have: dict[int, set[int]] = {}
    for period_id, indicator_id in values:
        have.setdefault(period_id, set()).add(indicator_id)
    if period_ids is None:  # every period the organisation has begun
        by_id = {pk: p for pk, p in by_id.items() if pk in have}
    existing = {
        s.period_id: s
        for s in Submission.objects.select_for_update()
        .select_related("period")
        .filter(
            collaborative_id=access.collaborative.pk,
            organisation_id=organisation_id,
            period_id__in=list(by_id),
        )
    }
    result = SubmitResult()
    now = timezone.now()
    for pk, period in sorted(by_id.items(), key=lambda item: item[1].start):
        current = existing.get(pk)
        if current is not None and current.status not in EDITABLE:
            continue
        owed = [i for i in assigned if i.frequency == period.frequency]
        missing = [i.name for i in owed if i.pk not in have.get(pk, set())]
        if missing:
            result.incomplete[period.code] = missing
            continue
        submission = current or Submission(
            collaborative=access.collaborative, organisation_id=organisation_id, period=period
        )
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_by, submission.submitted_at = access.user, now
        result.submitted.append(submission)
    Submission.objects.bulk_create([s for s in result.submitted if s.pk is None])
    Submission.objects.filter(pk__in=[s.pk for s in result.submitted if s.pk is not None]).update(
        status=SubmissionStatus.SUBMITTED, submitted_by=access.user, submitted_at=now
    )
    _audit(access, "submission.submitted", result.submitted, lambda s: name)
    return result


def approvable(
    access: Access, period_id: int | None = None
) -> tuple[list[Submission], dict[Submission, list[FieldProblem]]]:
    """The submitted reports (of a period, or of every period) with no warning, and those with
    warnings (figures far from the partner's history, parts that do not add up), which a
    steward should look at one by one."""
    submitted = access.scope(Submission).filter(status=SubmissionStatus.SUBMITTED)
    if period_id is not None:
        submitted = submitted.filter(period_id=period_id)
    reports = list(submitted.select_related("organisation", "period"))
    ids = list(access.scope(Indicator).values_list("pk", flat=True))
    number = {(s.organisation_id, s.period_id): n for n, s in enumerate(reports)}
    figures, totals = _figures(access, set(number), ids)
    staged = [(number[(o, p)], i, o, p, key, value) for i, o, p, key, value in figures]
    warned: dict[Submission, list[FieldProblem]] = {}
    for warning in unusual_figures(staged, access, totals):  # the row: the report's number
        warned.setdefault(reports[warning.row or 0], []).append(warning)
    return [s for s in reports if s not in warned], warned


@transaction.atomic
def submissions_approve(*, access: Access, period_id: int | None = None) -> ApproveResult:
    """Approve, in one go, every submitted report (of a period, or all) that has no warning;
    each approval keeps its audit line, and the scorecard's figures are recomputed once."""
    access.require_manage()
    if period_id is not None:
        access.get_owned(Period, pk=period_id)
    clean, held = approvable(access, period_id)
    locked = set(
        Submission.objects.select_for_update()
        .filter(pk__in=[s.pk for s in clean], status=SubmissionStatus.SUBMITTED)
        .values_list("pk", flat=True)
    )
    clean = [s for s in clean if s.pk in locked]
    now = timezone.now()
    Submission.objects.filter(pk__in=locked).update(
        status=SubmissionStatus.APPROVED, reviewed_by=access.user, reviewed_at=now, comment=""
    )
    for s in clean:
        s.status, s.reviewed_at, s.comment = SubmissionStatus.APPROVED, now, ""
    if clean:
        aggregates_refresh(
            collaborative_id=access.collaborative.pk,
            indicator_ids=set(access.scope(Indicator).values_list("pk", flat=True)),
            period_ids={s.period_id for s in clean},
        )
    _audit(access, "submission.approved", clean, lambda s: s.organisation.name)
    return ApproveResult(clean, held)


def _audit(
    access: Access,
    action: str,
    reports: list[Submission],
    organisation: Callable[[Submission], str],
) -> None:
    """One audit line per report, as the one-by-one services write them, in one statement."""
    audit_records(
        collaborative=access.collaborative,
        actor=access.user,
        lines=[
            (
                action,
                "",
                {
                    "submission": s.pk,
                    "organisation": organisation(s),
                    "period": s.period.code,
                    "bulk": True,
                },
            )
            for s in reports
        ],
    )

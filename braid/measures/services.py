"""Writes of the shared-measures module: indicators, periods, entry, the submission workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, exempt, record
from braid.core.errors import ConflictError, FieldProblem, ServiceError, raise_problems
from braid.lib.numbers import DecimalMark
from braid.lib.rba import Part, aggregate
from braid.measures import rules
from braid.measures import vocabulary as _vocabulary  # noqa: F401 - declares the audit phrases
from braid.measures.models import (
    Aggregate,
    Indicator,
    Period,
    Story,
    Submission,
    SubmissionStatus,
    Target,
    Value,
    ValueHistory,
)

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
        details={"indicator": indicator.pk, "name": indicator.name, "code": indicator.code},
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
    record(access, "target.set", indicator=indicator.name, period=period.code, value=value)
    return target


def _submission(
    access: Access, organisation_id: int, period_id: int, *, lock: bool = False
) -> Submission:
    period = access.get_owned(Period, pk=period_id)
    # Another collaborative's organisation (or none) is a 404, never a report of this one.
    access.get_owned(apps.get_model("partners", "Organisation"), pk=organisation_id)
    qs = Submission.objects.select_for_update() if lock else Submission.objects
    submission, _created = qs.get_or_create(
        collaborative=access.collaborative, organisation_id=organisation_id, period=period
    )
    return submission


Figure = float | str | None
Entry = Figure | tuple[Figure, Figure]


@transaction.atomic
def values_save(
    *,
    access: Access,
    organisation_id: int,
    period_id: int,
    values: dict[tuple[int, str], Entry],
    version: int | None = None,
    reason: str = "",
    decimal: DecimalMark = "point",
) -> Submission:
    """Save figures typed in the form (a draft everyone reporting for the organisation shares).
    `values` maps (indicator id, disaggregation) to the figure as typed (or a number), or to
    (numerator, denominator); an empty figure clears it. Every figure goes through
    `rules.ValueRules`, as a file's rows do; `decimal` is the writer's decimal mark."""
    access.require_edit_for(organisation_id)
    submission = _submission(access, organisation_id, period_id, lock=True)
    look = rules.Lookups.load(access, organisation_id)
    refusal = rules.period_refusal(look, period_id)
    if refusal:
        raise ServiceError(refusal)
    if version is not None and version != submission.version:
        raise ConflictError(
            _(
                "Someone else saved this report while you were editing it. Reload to see their figures, then enter yours again."
            )
        )
    checked = _checked_figures(access, look, organisation_id, submission.period, values, decimal)
    changed = _write_figures(access, organisation_id, period_id, checked, reason)
    submission.version += 1
    submission.save(update_fields=["version"])
    # Always a line: even a save that changes no figure moves the report's version.
    record(access, "values.saved", **submission.about(), **changed)
    return submission


def _text(figure: Figure) -> str:
    if figure is None:
        return ""
    return figure if isinstance(figure, str) else repr(float(figure))


def _checked_figures(
    access: Access,
    look: rules.Lookups,
    organisation_id: int,
    period: Period,
    values: dict[tuple[int, str], Entry],
    decimal: DecimalMark,
) -> dict[tuple[int, str], tuple[float | None, float | None, float | None]]:
    """(indicator id, key) -> (value, numerator, denominator), every figure checked by the
    rule; raises ServiceError naming each problem (by indicator code)."""
    by_id = {i.pk: i for i in look.indicators.values()}
    problems: list[FieldProblem] = []
    current: list[Indicator] = []

    def add(_row: int, _column: str, value: str, message: str) -> None:
        problems.append(FieldProblem(current[0].code, message, value=value))

    check = rules.ValueRules(rules.COLUMNS, look, organisation_id, decimal, add)
    checked: dict[tuple[int, str], tuple[float | None, float | None, float | None]] = {}
    for (indicator_id, key), entry in values.items():
        indicator = by_id.get(indicator_id)
        if indicator is None:
            raise ServiceError(_("Unknown indicator."))
        value, num, den = (
            ("", *map(_text, entry)) if isinstance(entry, tuple) else (_text(entry), "", "")
        )
        if not (value.strip() or num.strip() or den.strip()):
            checked[(indicator_id, key)] = (None, None, None)  # an empty figure clears it
            continue
        current[:] = [indicator]
        row = check.check(0, [indicator.code, "", period.code, key, value, num, den])
        if row is not None:
            checked[(indicator_id, key)] = (row[5], row[6], row[7])
    if problems:
        raise ServiceError(problems[0].message, problems)
    return checked


def _write_figures(
    access: Access,
    organisation_id: int,
    period_id: int,
    checked: dict[tuple[int, str], tuple[float | None, float | None, float | None]],
    reason: str,
) -> dict[str, int]:
    """Write the checked figures, keeping the history of each change; the counts written."""
    where = {
        "collaborative_id": access.collaborative.pk,
        "organisation_id": organisation_id,
        "period_id": period_id,
    }
    existing = {
        (v.indicator_id, v.disaggregation): v
        # Naming the indicators lets the value key serve the read.
        for v in Value.objects.filter(**where, indicator_id__in=list({i for i, _k in checked}))
    }
    changed = {"inserted": 0, "updated": 0, "cleared": 0}
    user, now = access.user.pk, timezone.now()
    for (indicator_id, key), (number, num, den) in checked.items():
        current = existing.get((indicator_id, key))
        figures = {"value": number, "numerator": num, "denominator": den}
        at = {**where, "indicator_id": indicator_id, "disaggregation": key}
        if current is None:
            if number is not None:
                Value.objects.create(**at, **figures, updated_by_id=user)
                changed["inserted"] += 1
        elif (current.value, current.numerator, current.denominator) != (number, num, den):
            ValueHistory.objects.create(
                **at, before=current.value, after=number, changed_by_id=user, reason=reason[:200]
            )
            Value.objects.filter(pk=current.pk).update(  # the key, as a tuple
                **figures, updated_at=now, updated_by_id=user
            )
            changed["cleared" if number is None else "updated"] += 1
    return changed


@transaction.atomic
def submission_submit(*, access: Access, organisation_id: int, period_id: int) -> Submission:
    access.require_edit_for(organisation_id)
    submission = _submission(access, organisation_id, period_id, lock=True)
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
    missing = [i.name for i in assigned if i.pk not in have]
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


@exempt(
    "derived figures, recomputed from approved values; the approval or import that asks for it "
    "writes the line",
    writes=True,
)
def aggregates_refresh(
    *, collaborative_id: int, indicator_ids: set[int], period_ids: set[int] | None = None
) -> int:
    """Recompute the collaborative's figure for these indicators (and periods) from approved
    values, by each indicator's aggregation rule."""
    approved = Submission.objects.filter(
        collaborative_id=collaborative_id, status=SubmissionStatus.APPROVED
    )
    if period_ids is not None:
        approved = approved.filter(period_id__in=period_ids)
    pairs = set(approved.values_list("organisation_id", "period_id"))
    values = Value.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids, disaggregation=""
    )
    if period_ids is not None:
        values = values.filter(period_id__in=period_ids)
    rules: dict[int, str] = {}
    assigned: dict[int, int] = {}
    for pk, rule, reporters in (
        Indicator.objects.filter(pk__in=indicator_ids)
        .annotate(n=Count("reporters"))
        .values_list("pk", "aggregation", "n")
    ):
        rules[pk], assigned[pk] = rule, reporters
    # Only the "latest" rule orders parts by when they were written: read that time for it.
    stamped = "latest" in rules.values()
    columns = ["indicator_id", "period_id", "organisation_id", "value", "numerator"]
    columns += ["denominator", "updated_at"] if stamped else ["denominator"]
    grouped: dict[tuple[int, int], list[Part]] = {}
    for v in values.values_list(*columns):
        if (v[2], v[1]) in pairs:
            grouped.setdefault((v[0], v[1]), []).append(
                Part(v[3], v[4], v[5], int(v[6].timestamp()) if stamped else 0)
            )
    rows = []
    for (indicator_id, period_id), parts in grouped.items():
        nums = [p.numerator for p in parts if p.numerator is not None]
        dens = [p.denominator for p in parts if p.denominator is not None]
        rows.append(
            Aggregate(
                collaborative_id=collaborative_id,
                indicator_id=indicator_id,
                period_id=period_id,
                value=aggregate(rules[indicator_id], parts),
                numerator=sum(nums) if nums else None,
                denominator=sum(dens) if dens else None,
                partners=sum(1 for p in parts if aggregate(rules[indicator_id], [p]) is not None),
                assigned=assigned.get(indicator_id, 0),
            )
        )
    stale = Aggregate.objects.filter(
        collaborative_id=collaborative_id, indicator_id__in=indicator_ids
    )
    if period_ids is not None:
        stale = stale.filter(period_id__in=period_ids)
    stale.delete()
    Aggregate.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def story_save(*, access: Access, indicator_id: int, period_id: int, text: str) -> Story:
    access.require_manage()
    indicator = access.get_owned(Indicator, pk=indicator_id)
    period = access.get_owned(Period, pk=period_id)
    story, _created = Story.objects.update_or_create(
        collaborative=access.collaborative,
        indicator=indicator,
        period=period,
        defaults={"text": text.strip(), "written_by": access.user},
    )
    record(access, "story.saved", indicator=indicator.name, period=period.code)
    return story


def period_create(
    *, access: Access, frequency: str, code: str, start: dt.date, end: dt.date, due_date: dt.date
) -> Period:
    access.require_manage()
    if end < start or due_date < start:
        raise ServiceError.on(
            "end", _("The period must end after it starts, and be due after it starts.")
        )
    if access.scope(Period).filter(code=code).exists():
        raise ServiceError.on("code", _("The period “%(code)s” exists already.") % {"code": code})
    period = Period.objects.create(
        collaborative=access.collaborative,
        frequency=frequency,
        code=code,
        start=start,
        end=end,
        due_date=due_date,
    )
    record(access, "period.created", code=code, frequency=frequency, due=due_date.isoformat())
    return period


def _advance(start: dt.date, frequency: str) -> dt.date:
    months = {"monthly": 1, "quarterly": 3, "annual": 12, "school_year": 12}[frequency]
    y, m = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + y, m + 1, 1)


def _code(start: dt.date, frequency: str) -> str:
    if frequency == "monthly":
        return f"{start:%Y-%m}"
    if frequency == "quarterly":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if frequency == "school_year":
        return f"{start.year}-{(start.year + 1) % 100:02d}"
    return str(start.year)


@transaction.atomic
def periods_schedule(
    *, access: Access, frequency: str, first: dt.date, count: int, due_days: int = 20
) -> list[Period]:
    """Open `count` periods of a frequency from `first` (a month start; September for school
    years), each due `due_days` after it ends. Periods that exist already are left alone."""
    access.require_manage()
    if frequency not in ("monthly", "quarterly", "annual", "school_year"):
        raise ServiceError.on("frequency", _("Choose monthly, quarterly, annual or school year."))
    if not 1 <= count <= 120:
        raise ServiceError.on("count", _("Open between 1 and 120 periods at a time."))
    if not 0 <= due_days <= 120:
        raise ServiceError.on(
            "due_days", _("Give partners between 0 and 120 days after a period ends.")
        )
    if not 1900 <= first.year <= 2200:
        raise ServiceError.on("first", _("Start the periods between 1900 and 2200."))
    start = first.replace(day=1)
    if frequency == "quarterly":
        start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    elif frequency == "annual":
        start = start.replace(month=1)
    existing = set(access.scope(Period).values_list("code", flat=True))
    created = []
    for _i in range(count):
        following = _advance(start, frequency)
        code = _code(start, frequency)
        if code not in existing:
            end = following - dt.timedelta(days=1)
            created.append(
                Period.objects.create(
                    collaborative=access.collaborative,
                    frequency=frequency,
                    code=code,
                    start=start,
                    end=end,
                    due_date=end + dt.timedelta(days=due_days),
                )
            )
        start = following
    if created:
        audit_record(
            collaborative=access.collaborative,
            actor=access.user,
            action="periods.scheduled",
            details={
                "count": len(created),
                "frequency": frequency,
                "first": created[0].code,
                "last": created[-1].code,
                "codes": [p.code for p in created],
            },
        )
    return created


@transaction.atomic
def period_close(*, access: Access, period_id: int, closed: bool = True) -> Period:
    access.require_manage()
    period = access.get_owned(Period.objects.select_for_update(), pk=period_id)
    period.closed = closed
    period.save(update_fields=["closed"])
    record(access, "period.closed" if closed else "period.reopened", code=period.code)
    return period


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
        name=indicator.name,
        count=len(objectives),
        objectives=[str(o) for o in objectives],
    )
    return indicator

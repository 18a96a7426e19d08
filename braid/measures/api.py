"""JSON API of the shared-measures module."""

import csv
import datetime as dt
import io
from typing import Annotated, Any, Literal

from annotated_types import Interval
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.core.http import spreadsheet_response
from braid.core.schemas import Date, FromModel, Id, In, unset
from braid.lib import gc_pause
from braid.lib.tabular import TabularError
from braid.measures import disclosure, notify, present, selectors, services
from braid.measures.framework import export_framework, import_framework
from braid.measures.imports import COLUMNS, import_values
from braid.measures.indicator_rules import MAX_DECIMALS
from braid.measures.indicators import indicator_update
from braid.measures.models import Indicator, IndicatorChange, Period, Submission, Value, after_key
from braid.measures.targets import TargetRow, targets_set

router = Router(tags=["measures"])
BASE = "/collaboratives/{slug}"


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    technical_definition: str
    kind: str
    quadrant: str
    unit: str
    decimals: int
    direction: str
    aggregation: str
    frequency: str
    data_source: str
    min_value: float | None
    max_value: float | None
    disaggregations: dict[str, list[str]]
    baseline_value: float | None
    baseline_period: str | None
    communication_power: str
    proxy_power: str
    data_power: str
    tier: str
    reporters: list[int]
    version: int

    @staticmethod
    def resolve_baseline_period(obj: Any) -> str | None:
        return obj.baseline_period.code if obj.baseline_period_id else None

    @staticmethod
    def resolve_reporters(obj: Any) -> list[int]:
        return sorted(o.pk for o in obj.reporters.all())


Decimals = Annotated[int, Interval(ge=0, le=MAX_DECIMALS)]
Dimensions = dict[
    Annotated[str, StringConstraints(max_length=80)],
    list[Annotated[str, StringConstraints(max_length=80)]],
]
PeriodCode = Annotated[str, FromModel(Period, "code")]


class IndicatorIn(In):
    code: Annotated[str, FromModel(Indicator, "code")]
    name: Annotated[str, FromModel(Indicator, "name")]
    definition: str = ""
    technical_definition: str = ""
    kind: Annotated[str, FromModel(Indicator, "kind")] = "performance"
    quadrant: Annotated[str, FromModel(Indicator, "quadrant")] = "how_much"
    unit: Annotated[str, FromModel(Indicator, "unit")] = ""
    decimals: Decimals = 0
    direction: Annotated[str, FromModel(Indicator, "direction")] = "up"
    aggregation: Annotated[str, FromModel(Indicator, "aggregation")] = "sum"
    frequency: Annotated[str, FromModel(Indicator, "frequency")] = "monthly"
    data_source: Annotated[str, FromModel(Indicator, "data_source")] = ""
    min_value: float | None = None
    max_value: float | None = None
    disaggregations: Dimensions = {}
    baseline_value: float | None = None
    baseline_period: PeriodCode | None = None
    communication_power: Annotated[str, FromModel(Indicator, "communication_power")] = ""
    proxy_power: Annotated[str, FromModel(Indicator, "proxy_power")] = ""
    data_power: Annotated[str, FromModel(Indicator, "data_power")] = ""
    tier: Annotated[str, FromModel(Indicator, "tier")] = "secondary"
    reporters: list[Id] = []


class IndicatorPutIn(IndicatorIn):
    version: int | None = None


class IndicatorPatchIn(In):
    """Only the fields sent change; `reporters`, when sent, is the whole new list. Text and
    choices are never null; the numbers and the baseline period may be (to clear them)."""

    code: Annotated[str, FromModel(Indicator, "code")] = unset()
    name: Annotated[str, FromModel(Indicator, "name")] = unset()
    definition: str = unset()
    technical_definition: str = unset()
    kind: Annotated[str, FromModel(Indicator, "kind")] = unset()
    quadrant: Annotated[str, FromModel(Indicator, "quadrant")] = unset()
    unit: Annotated[str, FromModel(Indicator, "unit")] = unset()
    decimals: Decimals = unset()
    direction: Annotated[str, FromModel(Indicator, "direction")] = unset()
    aggregation: Annotated[str, FromModel(Indicator, "aggregation")] = unset()
    frequency: Annotated[str, FromModel(Indicator, "frequency")] = unset()
    data_source: Annotated[str, FromModel(Indicator, "data_source")] = unset()
    min_value: float | None = None
    max_value: float | None = None
    disaggregations: Dimensions = unset()
    baseline_value: float | None = None
    baseline_period: PeriodCode | None = None
    communication_power: Annotated[str, FromModel(Indicator, "communication_power")] = unset()
    proxy_power: Annotated[str, FromModel(Indicator, "proxy_power")] = unset()
    data_power: Annotated[str, FromModel(Indicator, "data_power")] = unset()
    tier: Annotated[str, FromModel(Indicator, "tier")] = unset()
    reporters: list[Id] = unset()
    version: Annotated[int | None, FromModel(Indicator, "version")] = None


class IndicatorChangeOut(Schema):
    field: str
    before: str
    after: str
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(obj: Any) -> str | None:
        return obj.changed_by.email if obj.changed_by_id else None


class PeriodOut(Schema):
    id: int
    code: str
    frequency: str
    start: dt.date
    end: dt.date
    due_date: dt.date


class ScheduleIn(In):
    frequency: Annotated[str, FromModel(Period, "frequency")]
    first: Date
    count: Annotated[int, Interval(ge=1, le=120)]
    due_days: Annotated[int, Interval(ge=0, le=120)] = 20


class TargetIn(In):
    period: PeriodCode
    value: float


class TargetsItemIn(In):
    indicator: Annotated[str, FromModel(Indicator, "code")]
    period: PeriodCode
    value: float | None


class TargetsOut(Schema):
    set: int
    removed: int


class FrameworkImportOut(Schema):
    rows: int
    created: int
    updated: int
    targets: int


class TargetOut(Schema):
    period_id: int
    value: float


class ObjectivesIn(In):
    objective_ids: list[Id]


class ValueOut(Schema):
    """One figure as the caller may see it: a suppressed figure carries no number."""

    indicator_id: int
    organisation_id: int
    period_id: int
    disaggregation: str
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool = Field(
        description="The value is hidden: a count under the collaborative's threshold "
        "(or a percentage whose numerator or denominator is one), or hidden so that one "
        "cannot be worked out from a total. value (and any hidden part) is then null."
    )
    suppression: Literal["small", "complementary"] | None = Field(
        description="Why the value is hidden: small (shown as “< 5”) or complementary (“—”)."
    )
    status: str = Field(description="The status of the organisation's report for the period.")


class ValuePage(Schema):
    items: list[ValueOut]
    next_cursor: str | None


class ValueIn(In):
    indicator: Annotated[str, FromModel(Indicator, "code")]
    period: PeriodCode
    organisation: Annotated[str, StringConstraints(max_length=200)] = ""
    disaggregation: Annotated[str, FromModel(Value, "disaggregation")] = ""
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None


class ImportOut(Schema):
    rows: int
    inserted: int
    updated: int
    warnings: list[dict[str, Any]]
    warnings_checked: bool


class SubmissionOut(Schema):
    id: int
    organisation_id: int
    period_id: int
    status: str
    comment: str


class ReturnIn(In):
    comment: str


class ScoreOut(Schema):
    indicator_id: int
    code: str
    name: str
    latest_period: str | None
    latest: float | None
    baseline: float | None
    target: float | None
    progress: float | None
    trend: Literal["improving", "worsening", "flat"]
    turning: bool | None
    forecast: float | None = Field(description="The baseline forecast for the latest period.")
    status: Literal["turning", "not_turning", "no_forecast", "no_data"]
    verdict: str
    provisional_period: str | None = Field(
        description="A newer period not every assigned partner has reported."
    )
    provisional: float | None
    partners_reported: int | None
    partners_assigned: int | None
    stale: bool = Field(description="No complete figure for the latest period now due.")


class ValueFilters(Schema):
    indicator: Id | None = None
    organisation: Id | None = None
    period: Id | None = None
    after: Annotated[str, StringConstraints(max_length=200)] = ""
    limit: int = Field(1000, ge=1, le=5000, description="Values per page (1–5000).")


@router.get(BASE + "/indicators", response={200: list[IndicatorOut], **ERRORS})
@paginate(Page)
def list_indicators(request: HttpRequest, slug: str) -> Any:
    return selectors.indicators(access_for(request.user, slug))


@router.post(BASE + "/indicators", response={201: IndicatorOut, **ERRORS})
def create_indicator(request: HttpRequest, slug: str, payload: IndicatorIn) -> Any:
    access = access_for(request.user, slug)
    data = _indicator_data(access, payload.dict())
    reporters = data.pop("reporters")
    return Status(201, services.indicator_create(access=access, reporters=reporters, **data))


def _indicator_data(access: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The API's names as the service's: the baseline period by its code."""
    if "baseline_period" in data:
        code = data.pop("baseline_period")
        period = access.scope(Period).filter(code=code).first() if code else None
        if code and period is None:
            raise ServiceError.on(
                "baseline_period",
                _("No period “%(code)s”: give the code of an open period, e.g. 2026-Q1.")
                % {"code": code},
            )
        data["baseline_period_id"] = period.pk if period else None
    return data


@router.get(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def get_indicator(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    return access_for(request.user, slug).get_owned(selectors.indicators_all(), pk=indicator_id)


@router.put(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def put_indicator(
    request: HttpRequest, slug: str, indicator_id: int, payload: IndicatorPutIn
) -> Any:
    """Replace every field of the indicator (left out: the default) and its reporters."""
    return _update(request, slug, indicator_id, payload.dict())


@router.patch(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def patch_indicator(
    request: HttpRequest, slug: str, indicator_id: int, payload: IndicatorPatchIn
) -> Any:
    """Change the fields sent, and only those."""
    return _update(request, slug, indicator_id, payload.dict(exclude_unset=True))


def _update(request: HttpRequest, slug: str, indicator_id: int, data: dict[str, Any]) -> Any:
    access = access_for(request.user, slug)
    data = _indicator_data(access, data)
    version, reporters = data.pop("version", None), data.pop("reporters", None)
    indicator_update(
        access=access,
        indicator_id=indicator_id,
        changes=data,
        reporters=reporters,
        version=version,
    )
    return access.get_owned(selectors.indicators_all(), pk=indicator_id)


@router.get(
    BASE + "/indicators/{indicator_id}/history",
    response={200: list[IndicatorChangeOut], **ERRORS},
)
@paginate(Page)
def indicator_changes(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    """Who changed which field of the indicator's definition, when: newest first."""
    access = access_for(request.user, slug)
    indicator = access.get_owned(Indicator, pk=indicator_id)
    return access.scope(IndicatorChange).filter(indicator=indicator).select_related("changed_by")


@router.get(BASE + "/periods", response={200: list[PeriodOut], **ERRORS})
@paginate(Page)
def list_periods(request: HttpRequest, slug: str) -> Any:
    return access_for(request.user, slug).scope(Period).order_by("start")


@router.get(BASE + "/values", response={200: ValuePage, **ERRORS})
def list_values(request: HttpRequest, slug: str, filters: ValueFilters = Query(...)) -> Any:  # noqa: B008
    """Cursor pagination: pass `after` = the previous page's `next_cursor`. Partners and viewers
    see other organisations' values once submitted, with small counts suppressed."""
    access = access_for(request.user, slug)
    limit = filters.limit  # 1–5000, held by the schema
    qs = disclosure.visible_values(access.audience)
    if filters.after:
        qs = qs.filter(after_key(_cursor_key(filters.after)))
    for name in ("indicator", "organisation", "period"):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{f"{name}_id": getattr(filters, name)})
    rows = list(qs.order_by("pk")[:limit])
    items = [_value_out(s) for s in disclosure.disclose(access.audience, rows)]
    return {"items": items, "next_cursor": _cursor(rows[-1]) if len(rows) == limit else None}


def _value_out(shown: disclosure.ShownValue) -> dict[str, Any]:
    v, cells = shown.row, shown.shown
    return {
        "indicator_id": v.indicator_id,
        "organisation_id": v.organisation_id,
        "period_id": v.period_id,
        "disaggregation": v.disaggregation,
        "value": cells.value.value,
        "numerator": cells.numerator.value,
        "denominator": cells.denominator.value,
        "suppressed": cells.suppressed,
        "suppression": cells.value.reason or None,
        "status": shown.status,
    }


def _cursor(value: Value) -> str:
    """The position after `value` in key order: indicator.period.organisation.disaggregation
    (the disaggregation last, as it may hold dots)."""
    return f"{value.indicator_id}.{value.period_id}.{value.organisation_id}.{value.disaggregation}"


def _cursor_key(cursor: str) -> tuple[int, int, int, str]:
    parts = cursor.split(".", 3)
    try:
        if len(parts) != 4:
            raise ValueError
        return int(parts[0]), int(parts[1]), int(parts[2]), parts[3]
    except ValueError:
        raise ServiceError(
            _("“after” must be the next_cursor of a previous page, or left out for the first."),
            [FieldProblem(field="after", message=_("Not a cursor from this list."))],
        ) from None


@router.post(BASE + "/values", response={200: ImportOut, **ERRORS})
def post_values(request: HttpRequest, slug: str, payload: list[ValueIn]) -> Any:
    """Post values in bulk through the same checks as a file: all or nothing."""
    access = access_for(request.user, slug)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for v in payload:
        writer.writerow(
            [
                v.indicator,
                v.organisation,
                v.period,
                v.disaggregation,
                "" if v.value is None else repr(v.value),
                "" if v.numerator is None else repr(v.numerator),
                "" if v.denominator is None else repr(v.denominator),
            ]
        )
    org = access.audience.reports_for(None)
    result = import_values(
        access=access,
        source=io.BytesIO(buffer.getvalue().encode()),
        filename="api.csv",
        organisation_id=org,
        reason="API",
        decimal="point",  # JSON numbers, written back with repr
    )
    if not result.ok:
        problems = [
            FieldProblem(field=p.field, message=p.message, row=(p.row or 2) - 2)
            for p in result.problems
        ]
        raise ServiceError(
            f"{result.problem_count} problems; nothing was saved. Rows count from 0.", problems
        )
    return {
        "rows": result.rows,
        "inserted": result.inserted,
        "updated": result.updated,
        "warnings": [
            {"row": (w.row or 2) - 2, "field": w.field, "message": w.message}
            for w in result.warnings
        ],
        "warnings_checked": result.warnings_checked,
    }


@router.post(
    BASE + "/organisations/{org_id}/periods/{period_id}/submit",
    response={200: SubmissionOut, **ERRORS},
)
def submit(request: HttpRequest, slug: str, org_id: int, period_id: int) -> Any:
    return services.submission_submit(
        access=access_for(request.user, slug), organisation_id=org_id, period_id=period_id
    )


@router.post(BASE + "/submissions/{submission_id}/approve", response={200: SubmissionOut, **ERRORS})
def approve(request: HttpRequest, slug: str, submission_id: int) -> Any:
    return services.submission_approve(
        access=access_for(request.user, slug), submission_id=submission_id
    )


@router.post(BASE + "/submissions/{submission_id}/return", response={200: SubmissionOut, **ERRORS})
def return_submission(
    request: HttpRequest, slug: str, submission_id: int, payload: ReturnIn
) -> Any:
    return services.submission_return(
        access=access_for(request.user, slug), submission_id=submission_id, comment=payload.comment
    )


class ReminderSentOut(Schema):
    organisation: str
    email: str


class UnreachableOut(Schema):
    id: int
    name: str


class RemindersOut(Schema):
    period: str
    sent: list[ReminderSentOut]  # the e-mails queued, one per member account
    nobody: list[UnreachableOut]  # owe the report and have no member account to remind


@router.post(BASE + "/periods/{period_id}/remind", response={200: RemindersOut, **ERRORS})
def remind(request: HttpRequest, slug: str, period_id: int) -> dict[str, Any]:
    """E-mail every member account of the organisations that owe this period's report and have
    not submitted it; says whom it reached and which organisations nobody can be reminded at."""
    report = notify.reminders_send(access=access_for(request.user, slug), period_id=period_id)
    return {
        "period": report.period.code,
        "sent": [{"organisation": org, "email": email} for org, email in report.sent],
        "nobody": [{"id": o.pk, "name": o.name} for o in report.nobody],
    }


@router.get(BASE + "/submissions", response={200: list[SubmissionOut], **ERRORS})
@paginate(Page)
def list_submissions(
    request: HttpRequest,
    slug: str,
    status: Annotated[str, FromModel(Submission, "status", blank=True)] = "",
) -> Any:
    access = access_for(request.user, slug)
    qs = access.audience.reports(access.scope(Submission)).order_by(
        "period__start", "organisation_id"
    )
    return qs.filter(status=status) if status else qs


@router.get(BASE + "/scorecard", response={200: list[ScoreOut], **ERRORS})
def scorecard(request: HttpRequest, slug: str) -> Any:
    with gc_pause.paused():  # some 30,000 short-lived objects for 200 indicators
        return [_score_out(r) for r in selectors.scorecard(access_for(request.user, slug))]


def _score_out(r: selectors.ScoreRow) -> dict[str, Any]:
    """The row's CurveStory, as the scorecard page shows it (braid.measures.present)."""
    p = r.provisional_point
    return {
        "indicator_id": r.indicator.pk,
        "code": r.indicator.code,
        "name": r.indicator.name,
        "latest_period": r.latest_period.code if r.latest_period else None,
        "latest": r.latest,
        "baseline": r.baseline,
        "target": r.target,
        "progress": r.progress,
        "trend": r.trend,
        "turning": r.turning,
        "forecast": r.forecast,
        "status": r.status,
        "verdict": present.verdict(r),
        "provisional_period": p.period.code if p else None,
        "provisional": p.actual if p else None,
        "partners_reported": p.partners if p else None,
        "partners_assigned": p.assigned if p else None,
        "stale": r.stale,
    }


@router.post(BASE + "/periods/schedule", response={201: list[PeriodOut], **ERRORS})
def schedule_periods(request: HttpRequest, slug: str, payload: ScheduleIn) -> Any:
    return Status(
        201, services.periods_schedule(access=access_for(request.user, slug), **payload.dict())
    )


@router.post(BASE + "/periods/{period_id}/close", response={200: PeriodOut, **ERRORS})
def close_period(request: HttpRequest, slug: str, period_id: int) -> Any:
    return services.period_close(access=access_for(request.user, slug), period_id=period_id)


@router.put(BASE + "/indicators/{indicator_id}/targets", response={200: TargetOut, **ERRORS})
def set_target(request: HttpRequest, slug: str, indicator_id: int, payload: TargetIn) -> Any:
    access = access_for(request.user, slug)
    period = access.get_owned(Period, code=payload.period)
    return services.target_set(
        access=access, indicator_id=indicator_id, period_id=period.pk, value=payload.value
    )


@router.put(BASE + "/indicators/{indicator_id}/objectives", response={200: IndicatorOut, **ERRORS})
def set_objectives(
    request: HttpRequest, slug: str, indicator_id: int, payload: ObjectivesIn
) -> Any:
    return services.indicator_links_set(
        access=access_for(request.user, slug),
        indicator_id=indicator_id,
        objective_ids=payload.objective_ids,
    )


@router.put(BASE + "/targets", response={200: TargetsOut, **ERRORS})
def set_targets(request: HttpRequest, slug: str, payload: list[TargetsItemIn]) -> Any:
    """Set the targets of many indicators and periods in one call (`value` null removes one):
    all or nothing; problems name the item, counting from 0."""
    access = access_for(request.user, slug)
    indicators = dict(access.scope(Indicator).values_list("code", "pk"))
    periods = dict(access.scope(Period).values_list("code", "pk"))
    problems, rows = [], []
    for n, item in enumerate(payload):
        if item.indicator not in indicators:
            problems.append(FieldProblem("indicator", _("No indicator “%s”.") % item.indicator, n))
        if item.period not in periods:
            problems.append(FieldProblem("period", _("No period “%s”.") % item.period, n))
        if not problems:
            rows.append(TargetRow(indicators[item.indicator], periods[item.period], item.value))
    raise_problems(problems)
    done, removed = targets_set(access=access, rows=rows)
    return {"set": done, "removed": removed}


@router.post(BASE + "/framework/import", response={200: FrameworkImportOut, **ERRORS})
def import_indicators(request: HttpRequest, slug: str, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """The measurement framework from a CSV or XLSX file (the columns of the export): all or
    nothing; problems carry the file's row numbers (the header is row 1)."""
    access = access_for(request.user, slug)
    try:
        result = import_framework(
            access=access,
            source=file,
            filename=file.name or "upload.csv",
            max_bytes=settings.BRAID_MAX_UPLOAD_BYTES,
        )
    except TabularError as exc:
        raise ServiceError.on("file", str(exc)) from exc
    if not result.ok:
        raise ServiceError(
            _("%(n)s problems; nothing was imported.") % {"n": len(result.problems)},
            result.problems,
        )
    return result


@router.get(BASE + "/framework/export", response={200: None, **ERRORS})
def export_indicators(request: HttpRequest, slug: str, format: str = "csv") -> Any:
    """The measurement framework as CSV or XLSX, in the columns the import reads."""
    access = access_for(request.user, slug)
    return spreadsheet_response(
        lambda fmt, fh: export_framework(access=access, fmt=fmt, fileobj=fh),
        format,
        f"{access.collaborative.slug}-indicators",
    )


def _mount() -> None:
    """The bulk workflow steps live in their own module, on this router."""
    from braid.measures.bulk_api import router as bulk

    router.add_router("", bulk)


_mount()

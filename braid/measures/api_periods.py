"""JSON API of reporting periods, targets, objective links and the framework file (mounted on
the measures router)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.core.http import spreadsheet_response
from braid.lib.tabular import TabularError
from braid.measures import services
from braid.measures.api_schemas import (
    FrameworkImportOut,
    IndicatorOut,
    ObjectivesIn,
    PeriodOut,
    ScheduleIn,
    TargetIn,
    TargetOut,
    TargetsItemIn,
    TargetsOut,
)
from braid.measures.framework import export_framework, import_framework
from braid.measures.models import Indicator, Period
from braid.measures.targets import TargetRow, targets_set

router = Router(tags=["measures"])
BASE = "/collaboratives/{slug}"


@router.get(BASE + "/periods", response={200: list[PeriodOut], **ERRORS})
@paginate(Page)
def list_periods(request: HttpRequest, slug: str) -> Any:
    return access_for(request.user, slug).scope(Period).order_by("start")


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

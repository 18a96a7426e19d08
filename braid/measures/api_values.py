"""JSON API of figures and their workflow: values (read and post), submissions, reminders and
the scorecard (mounted on the measures router)."""

import csv
import io
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from pydantic import TypeAdapter

from braid.collaboratives import freshness
from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.errors import FieldProblem, ServiceError
from braid.core.schemas import FromModel
from braid.measures import disclosure, notify, services, told
from braid.measures.api_schemas import (
    HistoryFilters,
    HistoryPage,
    ImportOut,
    RemindersOut,
    ReturnIn,
    ScoreOut,
    SubmissionOut,
    ValueFilters,
    ValueIn,
    ValuePage,
)
from braid.measures.history import Filters, changes
from braid.measures.imports import COLUMNS, import_values
from braid.measures.models import Submission, Value, after_key

router = Router(tags=["measures"])
BASE = "/collaboratives/{slug}"


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


def _as_file(payload: list[ValueIn]) -> io.BytesIO:
    """The posted values as the CSV file the import reads (numbers written back with repr)."""
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
    return io.BytesIO(buffer.getvalue().encode())


@router.post(BASE + "/values", response={200: ImportOut, **ERRORS})
def post_values(request: HttpRequest, slug: str, payload: list[ValueIn]) -> Any:
    """Post values in bulk through the same checks as a file: all or nothing."""
    access = access_for(request.user, slug)
    org = access.audience.reports_for(None)
    result = import_values(
        access=access,
        source=_as_file(payload),
        filename="api.csv",
        organisation_id=org,
        reason="API",
        way="api",
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


_SCORE_ROWS: TypeAdapter[list[ScoreOut]] = TypeAdapter(list[ScoreOut])


@router.get(BASE + "/scorecard", response={200: list[ScoreOut], **ERRORS})
def scorecard(request: HttpRequest, slug: str) -> Any:
    from config.api import api  # the API this router is part of (it imports the routers)

    access = access_for(request.user, slug)

    def build() -> str:
        """The answer's body as ninja writes it from the response schema, once per change."""
        checked = _SCORE_ROWS.validate_python([t.api for _row, t in told.rows(access)])
        data = [row.model_dump() for row in checked]
        return str(api.renderer.render(request, data, response_status=200))

    # Cached until the data changes (braid.collaboratives.freshness), like the page; each row
    # told once per change of its own data (braid.measures.told).
    body = freshness.remember(access.audience, "measures.scorecard_api", build, shared=False)
    return HttpResponse(body, content_type=api.get_content_type())


@router.get(BASE + "/value-history", response={200: HistoryPage, **ERRORS})
def value_history(request: HttpRequest, slug: str, filters: HistoryFilters = Query(...)) -> Any:  # noqa: B008
    """Who entered or changed which figure when, by which way, from what to what, newest first
    (each figure's first entry with before None): every organisation's figures for a steward,
    a partner's own, nothing for other readers."""
    access = access_for(request.user, slug)
    asked = Filters(filters.indicator, filters.organisation, filters.period, filters.changed_at)
    rows = changes(access, asked, offset=filters.offset, limit=filters.limit)
    more = len(rows) > filters.limit
    return {
        "items": [
            {
                "changed_at": c.changed_at,
                "who": c.who,
                "way": c.way,
                "indicator": c.indicator.code,
                "organisation": c.organisation,
                "organisation_id": c.organisation_id,
                "period": c.period,
                "disaggregation": c.disaggregation,
                "before": c.before_value,
                "after": c.after_value,
                "reason": c.reason,
            }
            for c in rows[: filters.limit]
        ],
        "next_offset": filters.offset + filters.limit if more else None,
    }

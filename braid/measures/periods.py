"""Reporting periods: opened one by one or scheduled many at a time, closed and reopened."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, record
from braid.core.errors import ServiceError
from braid.measures import vocabulary as _vocabulary  # noqa: F401 - declares the audit phrases
from braid.measures.models import (
    Period,
)


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


def _period_start(day: dt.date, frequency: str) -> dt.date:
    """The start of the period of this frequency that holds the day's month."""
    start = day.replace(day=1)
    if frequency == "quarterly":
        return start.replace(month=3 * ((start.month - 1) // 3) + 1)
    if frequency == "annual":
        return start.replace(month=1)
    return start


def _check_schedule(frequency: str, first: dt.date, count: int, due_days: int) -> None:
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


@transaction.atomic
def periods_schedule(
    *, access: Access, frequency: str, first: dt.date, count: int, due_days: int = 20
) -> list[Period]:
    """Open `count` periods of a frequency from `first` (a month start; September for school
    years), each due `due_days` after it ends. Periods that exist already are left alone."""
    access.require_manage()
    _check_schedule(frequency, first, count, due_days)
    start = _period_start(first, frequency)
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

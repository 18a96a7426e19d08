"""A report's period as people write it: 2026, 2026-Q4, 2026-H1, 2026-03, or two dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from braid.core.errors import ServiceError

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.I)
_HALF = re.compile(r"(\d{4})-H([12])", re.I)
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str, field: str = "period") -> tuple[str, dt.date, dt.date]:
    """(code, first day, last day) of a period code; a ServiceError saying how to write one."""
    code = (text or "").strip().upper()
    if m := _YEAR.fullmatch(code):
        y = int(m[1])
        return code, dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := _QUARTER.fullmatch(code):
        y, q = int(m[1]), int(m[2])
        return code, dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if m := _HALF.fullmatch(code):
        y, h = int(m[1]), int(m[2])
        return code, dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h)
    if m := _MONTH.fullmatch(code):
        y, mo = int(m[1]), int(m[2])
        return code, dt.date(y, mo, 1), _month_end(y, mo)
    raise ServiceError.on(
        field,
        _(
            "“%(text)s” is not a period: write a year (2026), a quarter (2026-Q4), a half (2026-H1) or a month (2026-03)."
        )
        % {"text": text},
    )


def quarter_before(day: dt.date) -> str:
    """The last quarter that ended before `day` ("2026-Q4" for 2 January 2027): the period a
    report due on that day most often covers."""
    start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = start - dt.timedelta(days=1)
    return f"{last.year}-Q{(last.month - 1) // 3 + 1}"

from __future__ import annotations

import datetime as dt

from braid.measures.models import Indicator, Period


def period(collaborative, code: str, month: int, year: int = 2026) -> Period:  # type: ignore[no-untyped-def]
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return Period.objects.create(
        collaborative=collaborative,
        frequency="monthly",
        code=code,
        start=start,
        end=end,
        due_date=end + dt.timedelta(days=15),
    )


def indicator(collaborative, code: str, reporters=(), **extra) -> Indicator:  # type: ignore[no-untyped-def]
    ind = Indicator.objects.create(
        collaborative=collaborative, code=code, name=extra.pop("name", code.title()), **extra
    )
    ind.reporters.set(reporters)
    return ind

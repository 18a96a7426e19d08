"""The file a partner fills in for a period: one row per figure it owes (each indicator's total
and its declared parts), with the indicator's code and name and the previous period's figure
beside an empty value, headed and named in the reader's language; the values import reads it
as it is, in either language, with no mapping step (extra columns are ignored, empty figures
skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from braid.collaboratives.access import Access
from braid.core.audit import exempt
from braid.lib.tabular import write_csv, write_xlsx
from braid.measures import selectors
from braid.measures.imports.columns import template_headers
from braid.measures.models import Period, Value
from braid.partners.models import Organisation


def template_rows(
    access: Access, organisation: Organisation, period: Period
) -> tuple[list[str], Iterator[list[Any]]]:
    """The headers and rows of the template for this organisation and period."""
    owed = list(
        selectors.indicators(access).filter(reporters=organisation, frequency=period.frequency)
    )
    previous = (
        access.scope(Period)
        .filter(frequency=period.frequency, start__lt=period.start)
        .order_by("-start")
        .first()
    )
    figures: dict[tuple[int, str], Value] = {}
    if previous is not None:
        figures = {
            (v.indicator_id, v.disaggregation): v
            for v in Value.objects.filter(
                collaborative_id=access.collaborative.pk,
                indicator_id__in=[i.pk for i in owed],
                organisation_id=organisation.pk,
                period_id=previous.pk,
            )
        }

    def rows() -> Iterator[list[Any]]:
        for ind in owed:
            keys = [""] + [f"{d}={v}" for d, vals in ind.disaggregations.items() for v in vals]
            for key in keys:
                before = figures.get((ind.pk, key))
                shown = before.value if before is not None else None
                yield [
                    ind.code,
                    str(ind),  # its name in the reader's language, else the other one
                    organisation.name,
                    period.code,
                    key,
                    None,
                    None,
                    None,
                    shown,
                ]

    return template_headers(previous.code if previous else None), rows()


@exempt("writes a file for the reader to fill in; changes nothing")
def write_template(
    *, access: Access, organisation: Organisation, period: Period, fmt: str, fileobj: IO[Any]
) -> None:
    cols, rows = template_rows(access, organisation, period)
    if fmt == "csv":
        write_csv(rows, cols, fileobj)
    else:
        write_xlsx(rows, cols, fileobj, sheet_title=period.code)

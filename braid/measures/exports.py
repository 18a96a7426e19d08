"""Export of values: what each person may see, as the disclosure policy shows it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Audience
from braid.core.audit import exempt
from braid.lib.suppression import Cell
from braid.lib.tabular import write_table
from braid.measures import disclosure
from braid.measures.models import Indicator, Period
from braid.measures.rules import COLUMNS
from braid.partners.models import Organisation

# The value import's columns, and the report's status: an export reads back in.
HEADERS = [*COLUMNS, "status"]


def rows(access: Access, audience: Audience | None = None) -> Iterator[list[Any]]:
    """Every value the person may see, as they may see it (braid.measures.disclosure); with
    `audience`, as that reader would (the command line's `--as viewer|public`)."""
    audience = audience or access.audience
    inds = {i.pk: i for i in access.scope(Indicator)}
    orgs = dict(access.scope(Organisation).values_list("pk", "name"))
    periods = dict(access.scope(Period).values_list("pk", "code"))
    for item in disclosure.stream(audience, inds):
        v, shown, ind = item.row, item.shown, inds[item.row.indicator_id]
        yield [
            ind.code,
            orgs.get(v.organisation_id, ""),
            periods.get(v.period_id, ""),
            v.disaggregation,
            _cell(audience, shown.value, ind),
            _cell(audience, shown.numerator, ind),
            _cell(audience, shown.denominator, ind),
            item.status,
        ]


def _cell(audience: Audience, cell: Cell, ind: Indicator) -> Any:
    """The number itself where it is shown (a spreadsheet keeps it a number), else "< 5" or
    "—"."""
    return audience.text(cell, ind) if cell.suppressed else cell.value


@exempt("writes a file, changes no data")
def export_values(
    *, access: Access, fmt: str, fileobj: IO[Any], audience: Audience | None = None
) -> None:
    write_table(rows(access, audience), HEADERS, fileobj, fmt=fmt, sheet_title="values")

"""Export of values: what each person may see, as the disclosure policy shows it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from braid.collaboratives.access import Access
from braid.collaboratives.disclosure import Audience
from braid.core.audit import exempt
from braid.lib.suppression import Cell
from braid.lib.tabular import write_csv, write_xlsx
from braid.measures import disclosure
from braid.measures.models import Indicator, Period
from braid.partners.models import Organisation

HEADERS = [
    "indicator",
    "organisation",
    "period",
    "disaggregation",
    "value",
    "numerator",
    "denominator",
    "status",
]


def rows(access: Access) -> Iterator[list[Any]]:
    """Every value the person may see, as they may see it (braid.measures.disclosure)."""
    audience = access.audience
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
def export_values(*, access: Access, fmt: str, fileobj: IO[Any]) -> None:
    if fmt == "csv":
        write_csv(rows(access), HEADERS, fileobj)
    elif fmt == "xlsx":
        write_xlsx(rows(access), HEADERS, fileobj, sheet_title="values")
    else:
        raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")

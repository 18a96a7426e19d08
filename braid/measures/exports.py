"""Export of values: what each person may see, with small counts suppressed for non-stewards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from braid.collaboratives.access import Access
from braid.lib.suppression import display, suppress_series
from braid.lib.tabular import write_csv, write_xlsx
from braid.measures.models import Indicator, Period, Submission, Value
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
    c = access.collaborative
    inds = {i.pk: i for i in access.scope(Indicator)}
    orgs = dict(access.scope(Organisation).values_list("pk", "name"))
    periods = dict(access.scope(Period).values_list("pk", "code"))
    status = {(s.organisation_id, s.period_id): s.status for s in access.scope(Submission)}
    visible = ("submitted", "approved")
    current: tuple[int, int, str] | None = None
    group: list[Value] = []
    for v in (
        Value.objects.filter(collaborative_id=c.pk)
        .order_by("indicator_id", "period_id", "disaggregation", "organisation_id")
        .iterator(chunk_size=5000)
    ):
        st = status.get((v.organisation_id, v.period_id), "draft")
        if (
            not access.is_steward
            and st not in visible
            and v.organisation_id != access.organisation_id
        ):
            continue
        key = (v.indicator_id, v.period_id, v.disaggregation)
        if key != current and group:
            yield from _emit(access, group, inds, orgs, periods, status)
            group = []
        current = key
        group.append(v)
    if group:
        yield from _emit(access, group, inds, orgs, periods, status)


def _emit(
    access: Access,
    group: list[Value],
    inds: dict[int, Indicator],
    orgs: dict[int, str],
    periods: dict[int, str],
    status: dict[tuple[int, int], str],
) -> Iterator[list[Any]]:
    ind = inds[group[0].indicator_id]
    threshold = access.collaborative.suppression_threshold
    cells = None
    if not access.is_steward and not ind.is_percentage:
        cells = suppress_series({v.organisation_id: v.value for v in group}, threshold)
    for v in group:
        shown: Any = v.value
        if cells is not None and cells[v.organisation_id].suppressed:
            shown = display(cells[v.organisation_id], threshold)
        yield [
            ind.code,
            orgs.get(v.organisation_id, ""),
            periods.get(v.period_id, ""),
            v.disaggregation,
            shown,
            v.numerator,
            v.denominator,
            status.get((v.organisation_id, v.period_id), "draft"),
        ]


def export_values(*, access: Access, fmt: str, fileobj: IO[Any]) -> None:
    if fmt == "csv":
        write_csv(rows(access), HEADERS, fileobj)
    elif fmt == "xlsx":
        write_xlsx(rows(access), HEADERS, fileobj, sheet_title="values")
    else:
        raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")

"""The value history: who entered or changed which figure when, by which way (form, upload, API,
command line), from what to what. Read from `ValueHistory`, which the one writing path of each
way keeps (the entry form's `figures.values_save`, the import's upsert in `imports.writers.move`),
and, for each figure's first entry, from the figure itself (`Value.first_entry`: every path
writes the way on insert and keeps the when and who at the figure's first change) and no
history row for it (an import would write each row twice), so the first line of each figure is
made here, once, whichever way the figure came in; no path writes a before=None line for it.

Who may read it is the disclosure policy's (`Audience.reports`): the history is the trail of
who reported what, kept for the backbone team (every organisation) and for each partner (its
own figures); others read none. Earlier figures are not suppressed one by one and drafts pass
through them, so they are never shown to a reader who may not see the organisation's drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import FloatField, IntegerField, QuerySet
from django.db.models import Value as Constant
from django.utils.dateparse import parse_datetime

from braid.collaboratives.access import Access
from braid.core.http import query_id
from braid.measures.models import Indicator, Period, Value, ValueHistory, ValuePath
from braid.measures.present import figure
from braid.partners.models import Organisation

PAGE = 100


@dataclass(frozen=True)
class Filters:
    """What the page and the API narrow the history to; None (or "") for everything."""

    indicator: int | None = None
    organisation: int | None = None
    period: int | None = None
    changed_at: dt.datetime | None = None  # the changes of one save or one import

    @classmethod
    def parse(cls, query: Any) -> Filters:
        """From a query string; a value that does not read is left out."""

        def number(name: str) -> int | None:
            text = query_id(query.get(name))
            return int(text) if text else None

        return cls(
            number("indicator"),
            number("organisation"),
            number("period"),
            parse_datetime(str(query.get("changed_at") or "").replace(" ", "+")),
        )


@dataclass(frozen=True)
class Change:
    """One change as it is shown: the figures written as the indicator writes them."""

    changed_at: dt.datetime
    who: str
    way: str  # ValuePath code, "" for changes kept before the way was
    way_label: str
    indicator: Indicator
    organisation: str
    organisation_id: int
    period: str
    disaggregation: str
    before: str
    after: str
    reason: str
    before_value: float | None = None
    after_value: float | None = None


class _Row(NamedTuple):
    """A history line as read: a kept change (`pk` > 0) or a first entry (`pk` 0)."""

    changed_at: dt.datetime
    pk: int
    indicator_id: int
    organisation_id: int
    period_id: int
    disaggregation: str
    changed_by_id: int | None
    way: str
    before: float | None
    after: float | None
    reason: str


_COLUMNS = _Row._fields


def changes(
    access: Access, filters: Filters, *, offset: int = 0, limit: int = PAGE
) -> list[Change]:
    """The reader's page of changes and first entries, newest first (`limit` + 1 read, to know
    if more follow); at one moment, the changes before the first entries."""
    kept, firsts = _kept(access, filters), _firsts(access, filters)
    both = kept.union(firsts, all=True).order_by(
        "-changed_at", "-pk", "indicator_id", "organisation_id", "period_id", "disaggregation"
    )
    rows = [_Row(*r) for r in both[offset : offset + limit + 1]]
    return _told(access, _first_figures(access, rows))


def _readable(access: Access, qs: QuerySet[Any], filters: Filters, at: str) -> QuerySet[Any]:
    """The rows of `qs` (the collaborative's) the reader may read and the filters keep; `at` is
    the field of their moment."""
    qs = access.audience.reports(qs.filter(collaborative_id=access.collaborative.pk))
    for field, value in (
        ("indicator_id", filters.indicator),
        ("organisation_id", filters.organisation),
        ("period_id", filters.period),
        (at, filters.changed_at),
    ):
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs


def _kept(access: Access, filters: Filters) -> QuerySet[Any]:
    """The changes kept in `ValueHistory`, as `_Row` columns."""
    qs = _readable(access, ValueHistory.objects.all(), filters, "changed_at")
    return qs.values_list(*_COLUMNS)


def _firsts(access: Access, filters: Filters) -> QuerySet[Any]:
    """Each figure's first entry, as `_Row` columns: after is its figure today, which
    `_first_figures` replaces by what its first change found. A figure without a way or a
    `created_at` has no first entry known (`Value.first_entry`)."""
    known = Value.objects.exclude(created_at__isnull=True, created_way="")
    qs = _readable(access, known.annotate(**_FIRST), filters, "first_at")
    return qs.values_list(
        "first_at",
        Constant(0, output_field=IntegerField()),
        "indicator_id",
        "organisation_id",
        "period_id",
        "disaggregation",
        "first_by",
        "created_way",
        Constant(None, output_field=FloatField()),
        "value",
        Constant(""),
    )


_ENTRY = Value.first_entry()
_FIRST = {"first_at": _ENTRY["created_at"], "first_by": _ENTRY["created_by_id"]}


def _first_figures(access: Access, rows: list[_Row]) -> list[_Row]:
    """The first entries of `rows` with the figure first entered: the `before` of the figure's
    earliest kept change when it has one (in one query for the page)."""
    firsts = [r for r in rows if not r.pk]
    if not firsts:
        return rows
    found: dict[tuple[int, int, int, str], float | None] = {}
    earliest = ValueHistory.objects.filter(
        collaborative_id=access.collaborative.pk,
        indicator_id__in={r.indicator_id for r in firsts},
        organisation_id__in={r.organisation_id for r in firsts},
        period_id__in={r.period_id for r in firsts},
    ).order_by("changed_at", "pk")
    for *key, before in earliest.values_list(*_COLUMNS[2:6], "before"):
        found.setdefault(tuple(key), before)  # type: ignore[arg-type]
    return [r._replace(after=found.get(_key(r), r.after)) if not r.pk else r for r in rows]


def _key(row: _Row) -> tuple[int, int, int, str]:
    return (row.indicator_id, row.organisation_id, row.period_id, row.disaggregation)


def _told(access: Access, rows: list[_Row]) -> list[Change]:
    """The rows with the names of what they are about, in a fixed number of queries."""
    indicators = access.scope(Indicator).in_bulk({r.indicator_id for r in rows})
    names = dict(
        access.scope(Organisation)
        .filter(pk__in={r.organisation_id for r in rows})
        .values_list("pk", "name")
    )
    periods = dict(
        access.scope(Period).filter(pk__in={r.period_id for r in rows}).values_list("pk", "code")
    )
    people = dict(
        get_user_model()
        .objects.filter(pk__in={r.changed_by_id for r in rows if r.changed_by_id})
        .values_list("pk", "email")
    )
    labels = dict(ValuePath.choices)
    return [
        Change(
            changed_at=r.changed_at,
            who=people.get(r.changed_by_id, "—") if r.changed_by_id else "—",
            way=r.way,
            way_label=str(labels.get(r.way, "—")),
            indicator=indicators[r.indicator_id],
            organisation=names.get(r.organisation_id, "—"),
            organisation_id=r.organisation_id,
            period=periods.get(r.period_id, "—"),
            disaggregation=r.disaggregation,
            before=figure(indicators[r.indicator_id], r.before) if r.before is not None else "—",
            after=figure(indicators[r.indicator_id], r.after) if r.after is not None else "—",
            reason=r.reason,
            before_value=r.before,
            after_value=r.after,
        )
        for r in rows
        if r.indicator_id in indicators
    ]

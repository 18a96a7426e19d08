"""The value history: who changed which figure when, by which way (form, upload, API, command
line), from what to what. Read from `ValueHistory`, which the one writing path of each way keeps
(the entry form's `figures.values_save`, the import's upsert in `imports.writers.move`).

Who may read it is the disclosure policy's (`Audience.reports`): the history is the trail of
who reported what, kept for the backbone team (every organisation) and for each partner (its
own figures); others read none. Earlier figures are not suppressed one by one and drafts pass
through them, so they are never shown to a reader who may not see the organisation's drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime

from braid.collaboratives.access import Access
from braid.measures.models import Indicator, Period, ValueHistory, ValuePath
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
            text = str(query.get(name) or "")
            return int(text) if text.isdigit() and len(text) < 19 else None

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


def changes(
    access: Access, filters: Filters, *, offset: int = 0, limit: int = PAGE
) -> list[Change]:
    """The reader's page of changes, newest first (`limit` + 1 read, to know if more follow)."""
    qs = access.audience.reports(
        ValueHistory.objects.filter(collaborative_id=access.collaborative.pk)
    )
    for field, value in (
        ("indicator_id", filters.indicator),
        ("organisation_id", filters.organisation),
        ("period_id", filters.period),
        ("changed_at", filters.changed_at),
    ):
        if value is not None:
            qs = qs.filter(**{field: value})
    rows = list(qs.order_by("-changed_at", "-pk")[offset : offset + limit + 1])
    return _told(access, rows)


def _told(access: Access, rows: list[ValueHistory]) -> list[Change]:
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

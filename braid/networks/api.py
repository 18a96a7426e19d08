"""The networks API (mounted under /api/v1/ by config/api.py): the partnership's networks
(nodes, ties, measures) as JSON, GraphML and CSV; the lessons and wins logs; target levels."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.core.schemas import Date, FromModel, Id, In, OneOf, unset
from braid.networks import exports, selectors, services
from braid.networks.models import EntryKind, LogEntry, TargetLevel

router = Router(tags=["networks"])
BASE = "/collaboratives/{slug}"


# --- Networks ------------------------------------------------------------------------------


class NetworkQuery(Schema):
    kind: Annotated[str, OneOf(selectors.KIND_LABELS)] = selectors.ACTIVITIES


class NetworkNodeOut(Schema):
    id: int
    name: str
    sector: str
    x: float
    y: float
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    closeness: float
    coreness: int
    core: bool
    cut_point: bool
    key_player: bool
    trust: float | None
    value: float | None


class NetworkTieOut(Schema):
    source: int
    target: int
    strength: int
    count: int


class NetworkOut(Schema):
    kind: str
    title: str
    directed: bool
    nodes: int
    ties: int
    density: float
    degree_centralization: float
    betweenness_centralization: float
    reciprocity: float | None
    components: list[int]
    fragmentation: float
    key_players: list[int]
    invited: int | None
    responded: int | None
    organisations: list[NetworkNodeOut]
    tie_list: list[NetworkTieOut]


@router.get(BASE + "/network", response={200: NetworkOut, **ERRORS})
def get_network(request: HttpRequest, slug: str, query: Query[NetworkQuery]) -> Any:
    """A network of the partnership with every measure (INSTRUMENTS.md §2)."""
    network = selectors.network_of(access_for(request.user, slug), query.kind)
    return exports.as_document(network)


@router.get(
    BASE + "/network.graphml",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {200: {"description": "GraphML", "content": {"application/xml": {}}}}
    },
)
def get_network_graphml(request: HttpRequest, slug: str, query: Query[NetworkQuery]) -> Any:
    """The network as GraphML (Gephi, yEd, igraph, networkx): organisations with their
    measures as node attributes, ties with their strength."""
    network = selectors.network_of(access_for(request.user, slug), query.kind)
    response = HttpResponse(exports.graphml(network), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="network-{network.kind}.graphml"'
    return response


class NetworkTableQuery(NetworkQuery):
    table: Annotated[str, OneOf(("ties", "organisations"))] = "ties"


@router.get(
    BASE + "/network.csv",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: {"description": "CSV", "content": {"text/csv": {}}}}},
)
def get_network_csv(request: HttpRequest, slug: str, query: Query[NetworkTableQuery]) -> Any:
    """The network's ties (From, To, strength: Kumu's connections sheet) or its organisations
    with their measures, as CSV."""
    network = selectors.network_of(access_for(request.user, slug), query.kind)
    text = exports.csv_text(network, query.table)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="network-{network.kind}-{query.table}.csv"'
    )
    return response


# --- Lessons and wins ----------------------------------------------------------------------


class LogEntryOut(Schema):
    id: int
    kind: str
    title: str
    happened_on: dt.date
    what_happened: str
    learned: str
    do_differently: str
    title_fr: str  # each text in French too, when written (ADR 0015)
    what_happened_fr: str
    learned_fr: str
    do_differently_fr: str
    visibility: str
    organisation_id: int | None
    activity_ids: list[int]
    indicator_ids: list[int]
    source_label: str  # what it was recorded from (a pair, a health signal), if anything
    source_url: str
    version: int

    @staticmethod
    def resolve_activity_ids(obj: LogEntry) -> list[int]:
        return [a.pk for a in obj.activities.all()]

    @staticmethod
    def resolve_indicator_ids(obj: LogEntry) -> list[int]:
        return [i.pk for i in obj.indicators.all()]


class LogEntryIn(In):
    kind: Annotated[str, FromModel(LogEntry, "kind")]
    title: Annotated[str, FromModel(LogEntry, "title")] = ""  # this, title_fr or both
    happened_on: Date
    what_happened: str = ""
    learned: str = ""
    do_differently: str = ""
    title_fr: Annotated[str, FromModel(LogEntry, "title_fr")] = ""
    what_happened_fr: str = ""
    learned_fr: str = ""
    do_differently_fr: str = ""
    visibility: Annotated[str, FromModel(LogEntry, "visibility")] = "members"
    activity_ids: list[Id] = []
    indicator_ids: list[Id] = []


class LogEntryPatch(In):
    """Send only the fields to change, with the `version` you read (a stale one is a 409)."""

    version: Annotated[int, FromModel(LogEntry, "version")] = unset()
    title: Annotated[str, FromModel(LogEntry, "title")] = unset()
    happened_on: Date = unset()
    what_happened: str = unset()
    learned: str = unset()
    do_differently: str = unset()
    title_fr: Annotated[str, FromModel(LogEntry, "title_fr")] = unset()
    what_happened_fr: str = unset()
    learned_fr: str = unset()
    do_differently_fr: str = unset()
    visibility: Annotated[str, FromModel(LogEntry, "visibility")] = unset()
    activity_ids: list[Id] = unset()
    indicator_ids: list[Id] = unset()


class LogEntryQuery(Schema):
    kind: Annotated[str, OneOf(("", *EntryKind.values))] = ""


@router.get(BASE + "/lessons", response={200: list[LogEntryOut], **ERRORS})
def list_entries(request: HttpRequest, slug: str, query: Query[LogEntryQuery]) -> Any:
    """The lessons-learned and wins logs (`kind` = lesson or win for one of them)."""
    return list(selectors.log_entries(access_for(request.user, slug), kind=query.kind))


@router.post(BASE + "/lessons", response={201: LogEntryOut, **ERRORS})
def add_entry(request: HttpRequest, slug: str, payload: LogEntryIn) -> Any:
    return Status(201, services.entry_add(access=access_for(request.user, slug), **payload.dict()))


@router.patch(BASE + "/lessons/{entry_id}", response={200: LogEntryOut, **ERRORS})
def update_entry(request: HttpRequest, slug: str, entry_id: int, payload: LogEntryPatch) -> Any:
    return services.entry_update(
        access=access_for(request.user, slug),
        entry_id=entry_id,
        **payload.dict(exclude_unset=True),
    )


@router.delete(BASE + "/lessons/{entry_id}", response={204: None, **ERRORS})
def remove_entry(request: HttpRequest, slug: str, entry_id: int) -> Any:
    services.entry_remove(access=access_for(request.user, slug), entry_id=entry_id)
    return Status(204, None)


@router.post(BASE + "/lessons/{entry_id}/restore", response={200: LogEntryOut, **ERRORS})
def restore_entry(request: HttpRequest, slug: str, entry_id: int) -> Any:
    """Bring back an entry removed in the last 30 days (404 for one removed longer ago)."""
    return services.entry_restore(access=access_for(request.user, slug), entry_id=entry_id)


# --- Target levels -------------------------------------------------------------------------


class TargetLevelOut(Schema):
    id: int
    organisation_id: int
    partner_id: int | None
    level: int
    by: dt.date | None
    note: str


class TargetLevelIn(In):
    organisation_id: Id
    partner_id: Id | None = None
    level: Annotated[int, OneOf((1, 2, 3, 4))]
    by: Date | None = None
    note: str = ""


@router.get(BASE + "/target-levels", response={200: list[TargetLevelOut], **ERRORS})
def list_targets(request: HttpRequest, slug: str) -> Any:
    return list(access_for(request.user, slug).scope(TargetLevel).order_by("pk"))


@router.put(BASE + "/target-levels", response={200: TargetLevelOut, **ERRORS})
def set_target(request: HttpRequest, slug: str, payload: TargetLevelIn) -> Any:
    """Set the target level of a partner, or of a pair with `partner_id` (stewards)."""
    return services.target_level_set(access=access_for(request.user, slug), **payload.dict())


@router.delete(BASE + "/target-levels/{target_id}", response={204: None, **ERRORS})
def remove_target(request: HttpRequest, slug: str, target_id: int) -> Any:
    services.target_level_remove(access=access_for(request.user, slug), target_id=target_id)
    return Status(204, None)

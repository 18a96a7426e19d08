"""Reads of the networks module: the partnership's networks (works together on, survey rounds,
co-attendance) with their measures and layout, the lessons and wins logs, and target levels.

Other modules read the networks module through this file; it gathers what `graph` (the
network types), `maps` (the map and its SVG) and `rounds` (the survey network, its pairs and
waves) hold. Other modules' data comes through their selectors: agenda's activities, surveys'
`network_rounds`/`network_ratings`, meetings' `attendance_records`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.meetings import selectors as meeting_selectors
from braid.networks.graph import (
    ACTIVITIES,
    ATTENDANCE,
    KIND_LABELS,
    STRENGTH_LABELS,
    SURVEY,
    Network,
    Node,
    Tie,
    build_network,
    partner_orgs,
    strength_of_count,
)
from braid.networks.maps import filter_view, map_spec, svg
from braid.networks.models import LogEntry, TargetLevel, Visibility
from braid.networks.rounds import (
    ChangeRow,
    PairRow,
    Waves,
    disagreeing_pairs,
    latest_pair_levels,
    round_measures,
    survey_networks,
    survey_rounds,
    waves,
)
from braid.partners.levels import partner_levels
from braid.partners.models import Organisation

__all__ = [
    "ACTIVITIES",
    "ATTENDANCE",
    "KIND_LABELS",
    "STRENGTH_LABELS",
    "SURVEY",
    "ChangeRow",
    "Network",
    "Node",
    "PairRow",
    "PublicEntry",
    "TargetRow",
    "Tie",
    "Waves",
    "activity_network",
    "attendance_network",
    "disagreeing_pairs",
    "empty_network",
    "filter_view",
    "health_overall",
    "latest_pair_levels",
    "log_entries",
    "map_spec",
    "network_of",
    "public_lessons_and_wins",
    "round_measures",
    "strength_of_count",
    "survey_networks",
    "survey_rounds",
    "svg",
    "target_rows",
    "waves",
]


def activity_network(access: Access) -> Network:
    """Organisations tied when they lead or support the same activity (lead–supporter and
    supporter–supporter), undirected; the tie's weight is the number of activities shared.
    Cancelled activities are left out."""
    orgs = partner_orgs(access)
    known = {o.pk for o in orgs}
    shared: Counter[tuple[int, int]] = Counter()
    extra: set[int] = set()
    for activity in agenda_selectors.activities(access):
        if activity.status == "cancelled":
            continue
        members = {activity.lead_id, *(s.pk for s in activity.supporters.all())}
        extra |= members - known
        for a, b in combinations(sorted(members), 2):
            shared[(a, b)] += 1
    if extra:
        orgs += list(access.scope(Organisation).filter(pk__in=extra).order_by("name", "pk"))
    ties = [
        Tie(a, b, strength_of_count(ACTIVITIES, count), count)
        for (a, b), count in sorted(shared.items())
    ]
    return build_network(access, ACTIVITIES, orgs, ties, directed=False)


def empty_network(access: Access, kind: str, note: str) -> Network:
    network = build_network(access, kind, [], [], directed=kind == SURVEY)
    network.notes.append(note)
    return network


def network_of(access: Access, kind: str, round_id: int | None = None) -> Network:
    """The network of that kind as the pages and the API show it (the survey network of the
    given round, else of the latest)."""
    if kind == SURVEY:
        found = survey_networks(access, upto=round_id)
        if round_id is not None:
            found = [n for n in found if n.round_id == round_id]
        if not found:
            return empty_network(
                access, kind, str(_("No levels-of-collaboration round has results yet."))
            )
        return found[-1]
    if kind == ATTENDANCE:
        network = attendance_network(access)
        if not network.ties:
            network.notes.append(str(_("No meeting attendance is recorded yet.")))
        return network
    return activity_network(access)


def attendance_network(access: Access, *, months: int = 12) -> Network:
    """Organisations tied when people of both were present at the same meeting in the last
    `months` months (meetings' attendance records), undirected; the weight is the number of
    meetings they attended together."""
    until = timezone.localdate()
    since = until - dt.timedelta(days=round(months * 30.44))
    present: dict[int, set[int]] = {}
    for r in meeting_selectors.attendance_records(access.collaborative, since, until):
        if r.status == "present" and r.organisation_id is not None:
            present.setdefault(r.meeting_id, set()).add(r.organisation_id)
    together: Counter[tuple[int, int]] = Counter()
    for orgs_present in present.values():
        for a, b in combinations(sorted(orgs_present), 2):
            together[(a, b)] += 1
    orgs = partner_orgs(access)
    known = {o.pk for o in orgs}
    extra = {i for pair in together for i in pair} - known
    if extra:
        orgs += list(access.scope(Organisation).filter(pk__in=extra).order_by("name", "pk"))
    ties = [
        Tie(a, b, strength_of_count(ATTENDANCE, n), n) for (a, b), n in sorted(together.items())
    ]
    network = build_network(access, ATTENDANCE, orgs, ties, directed=False)
    network.since, network.until = since, until
    return network


# --- Lessons and wins ----------------------------------------------------------------------


def log_entries(access: Access, *, kind: str = "") -> QuerySet[LogEntry]:
    """The lessons and wins members see (all of them: the log is the collaborative's)."""
    qs = access.scope(LogEntry).select_related("organisation", "created_by")
    qs = qs.prefetch_related("activities", "indicators")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-happened_on", "-pk")


@dataclass(frozen=True)
class PublicEntry:
    """A public entry's texts in both languages (`x`, `x_fr`): the reader picks (ADR 0015)."""

    kind: str
    happened_on: dt.date
    title: str
    what_happened: str
    learned: str
    do_differently: str
    title_fr: str = ""
    what_happened_fr: str = ""
    learned_fr: str = ""
    do_differently_fr: str = ""


def public_lessons_and_wins(collaborative: Any) -> list[PublicEntry]:
    """What the public results page may show of the logs (reports reads this): the entries a
    steward made public, newest first, without who wrote them or what they link to."""
    rows = LogEntry.objects.filter(
        collaborative=collaborative, visibility=Visibility.PUBLIC
    ).order_by("-happened_on", "-pk")
    return [
        PublicEntry(
            e.kind, e.happened_on, **{f: getattr(e, f) for f in bilingual.both(LogEntry.TEXTS)}
        )
        for e in rows
    ]


# --- Target levels -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    target: Any  # TargetLevel
    who: str
    observed: int | None  # partner: from what Braid records (the levels evidence)
    observed_label: str
    held_back_by: list[str]
    reported: float | None  # partner: the level it reports; pair: the survey's pair level
    shared_activities: int | None  # pair: activities both lead or support

    @property
    def gap(self) -> float | None:
        """Target minus what is seen (observed for a partner, reported for a pair)."""
        seen = self.observed if self.observed is not None else self.reported
        return None if seen is None else self.target.level - seen


def target_rows(
    access: Access, *, reported_pairs: dict[tuple[int, int], float] | None = None
) -> list[TargetRow]:
    """Each target level beside what is observed and reported, and the gap."""
    levels = {r.organisation.pk: r for r in partner_levels(access)}
    targets = list(
        access.scope(TargetLevel)
        .select_related("organisation", "partner")
        .order_by("organisation__name", "partner__name", "pk")
    )
    shared: Counter[tuple[int, int]] = Counter()
    if any(t.partner_id for t in targets):
        for tie in activity_network(access).ties:
            shared[(min(tie.source, tie.target), max(tie.source, tie.target))] = tie.count
    rows = []
    for t in targets:
        if t.partner_id is None:
            row = levels.get(t.organisation_id)
            rows.append(
                TargetRow(
                    target=t,
                    who=t.organisation.name,
                    observed=int(row.observed) if row else None,
                    observed_label=row.observed_label if row else "",
                    held_back_by=row.hold_back_text if row else [],
                    reported=float(t.organisation.reported_level)
                    if t.organisation.reported_level is not None
                    else None,
                    shared_activities=None,
                )
            )
        elif t.partner is not None:
            key = (t.organisation_id, t.partner.pk)
            rows.append(
                TargetRow(
                    target=t,
                    who=f"{t.organisation.name} – {t.partner.name}",
                    observed=None,
                    observed_label="",
                    held_back_by=[],
                    reported=(reported_pairs or {}).get(key),
                    shared_activities=shared.get(key, 0),
                )
            )
    return rows


# --- For reports ---------------------------------------------------------------------------


def health_overall(access: Access) -> list[Any]:
    """The collaborative-level collaboration-health signals (label, value, definition, trend),
    as `access` may see them (reports reads this)."""
    from braid.networks.health import collaboration_health  # health reads this module

    return collaboration_health(access).overall

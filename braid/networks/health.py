"""Collaboration health: per partner and for the whole collaborative, a few signals read from
what Braid records, each with the one sentence that says how it is computed and a link to its
source; its trend where a previous measurement exists; and what most needs attention, in words.

Who sees which partner's signals is the disclosure policy's call
(`Audience.sees_weak_spots_of`): the stewards every partner's, a partner its own, others only
the collaborative's unless the stewards share them (`HealthSharing`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.lib import network as net
from braid.networks.health_inputs import Inputs, read, sharing
from braid.networks.present import decimal

DEFINITIONS: dict[str, Promise] = {
    "observed": gettext_lazy(
        "The highest level of collaboration whose conditions Braid sees in what it records"
        " (terms signed, roles, attendance, shared activities, pooled resources)."
    ),
    "reported": gettext_lazy(
        "The mean level the other partners gave this one in the latest levels-of-collaboration"
        " round (0 none to 4 full collaboration)."
    ),
    "on_time": gettext_lazy(
        "Of the reports owed for the last four periods already due, the share submitted by"
        " the period's due date."
    ),
    "activities": gettext_lazy(
        "Of the activities it leads that are planned or under way, the share neither stalled"
        " nor past its end."
    ),
    "trust": gettext_lazy(
        "The mean trust its raters gave it in the latest round (reliability, support of the"
        " mission, openness; 1 to 4)."
    ),
    "ties": gettext_lazy(
        "How many organisations it is tied with in the latest round's network (either side"
        " reporting a level of 1 or more), and whether it is in the core or the periphery."
    ),
    "attendance": gettext_lazy(
        "Of the meetings of the last six months whose attendance was recorded and where it was"
        " expected (invited, or on the list), the share someone of it attended; the trend"
        " compares with the six months before."
    ),
    "actions": gettext_lazy(
        "The action items it owns that are still open, and how many are past their due date;"
        " the trend compares with how many were open three months ago."
    ),
}


@dataclass
class Signal:
    key: str
    label: str
    value: str
    definition: str
    source: str  # URL
    trend: str = ""  # "up", "down", "" (none known)
    trend_words: str = ""
    weak: bool = False


@dataclass
class PartnerHealth:
    organisation_id: int
    name: str
    signals: list[Signal] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)


@dataclass
class Health:
    overall: list[Signal]
    overall_attention: list[str]
    partners: list[PartnerHealth]
    hidden_partners: int  # partners the reader may not see
    shared: bool


def _trend(
    before: float | None,
    after: float | None,
    *,
    step: float,
    shown: Callable[[float], str] = lambda v: decimal(v, 1),
) -> tuple[str, str]:
    if before is None or after is None:
        return "", ""
    if after >= before + step:
        return "up", _("up from %(v)s") % {"v": shown(before)}
    if after <= before - step:
        return "down", _("down from %(v)s") % {"v": shown(before)}
    return "", _("steady (%(v)s before)") % {"v": shown(before)}


def _percent(v: float) -> str:
    return f"{decimal(100 * v, 0)} %"


class _Signals:
    """Adds a signal with its definition and source, and the words of what needs attention."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.signals: list[Signal] = []
        self.attention: list[str] = []

    def add(
        self,
        key: str,
        label: str,
        value: str,
        *,
        trend: tuple[str, str] = ("", ""),
        weak: bool = False,
        definition: str | None = None,
        source: str | None = None,
    ) -> None:
        self.signals.append(
            Signal(
                key,
                label,
                value,
                definition if definition is not None else str(DEFINITIONS[key]),
                source or self.urls[key],
                trend[0],
                trend[1],
                weak=weak,
            )
        )

    def warn(self, when: bool, words: str) -> None:
        if when:
            self.attention.append(words)


def _share(got: Inputs, key: str, org: int) -> tuple[int, int] | None:
    pair: tuple[int, int] | None = getattr(got, key).get(org)
    return pair if pair and pair[0] else None


def _partner_work(out: _Signals, got: Inputs, org: int) -> None:
    """Observed data and activities: reports on time, activities on track."""
    if (owed := _share(got, "on_time", org)) is not None:
        total, timely = owed
        late = timely / total < 0.5
        out.add(
            "on_time",
            _("Data on time"),
            _("%(timely)s of %(owed)s reports") % {"timely": timely, "owed": total},
            weak=late,
        )
        out.warn(late, _("Most of its recent reports came late or not at all."))
    if (live := _share(got, "activities", org)) is not None:
        total, ok = live
        out.add(
            "activities",
            _("Activities on track"),
            _("%(ok)s of %(live)s") % {"ok": ok, "live": total},
            weak=ok < total,
        )
        out.warn(
            ok < total,
            _("%(n)s of the activities it leads are stalled or past their end.")
            % {"n": total - ok},
        )


def _partner_meetings(out: _Signals, got: Inputs, org: int) -> None:
    """Attendance (last six months against the six before) and open action items."""
    rate = got.attendance.get(org)
    if rate is not None:
        trend = _trend(got.attendance_before.get(org), rate, step=0.1, shown=_percent)
        out.add("attendance", _("Attendance"), _percent(rate), trend=trend, weak=rate < 0.5)
        out.warn(rate < 0.5, _("It missed most of the meetings it was expected at."))
        out.warn(trend[0] == "down", _("It comes to meetings less often than before."))
    actions = got.actions.get(org, [])
    before = got.actions_before.get(org, 0)
    if actions or before:
        overdue = sum(1 for a in actions if a.due_on is not None and a.due_on < got.today)
        direction = "up" if len(actions) > before else "down" if len(actions) < before else ""
        words = _("%(n)s three months ago") % {"n": before}
        out.add(
            "actions",
            _("Open action items"),
            _("%(open)s open, %(late)s overdue") % {"open": len(actions), "late": overdue},
            trend=(direction, words),
            weak=overdue > 0,
        )
        out.warn(
            overdue > 0,
            _("%(n)s of its action items are past their due date.") % {"n": overdue},
        )


def _partner_network(out: _Signals, got: Inputs, org: int) -> None:
    """What the latest levels-of-collaboration round says of it, against the one before."""
    if org in got.received:
        trend = _trend(got.received_before.get(org), got.received[org], step=0.5)
        out.add(
            "reported",
            _("Reported level"),
            decimal(got.received[org], 1),
            trend=trend,
            weak=got.received[org] < 1.5,
        )
        out.warn(
            trend[0] == "down",
            _("Partners rate their collaboration with it lower than in the last round."),
        )
    if got.latest is None:
        return
    node = got.latest.measures.by_node().get(org)
    if node is None:
        return
    before = got.previous.measures.by_node().get(org) if got.previous else None
    if node.trust is not None:
        trend = _trend(before.trust if before else None, node.trust, step=0.5)
        shown = _("%(mean)s of 4") % {"mean": decimal(node.trust, 1)}
        out.add("trust", _("Trust"), shown, trend=trend, weak=node.trust < 2.5)
    ties = len(
        {t.target for t in got.latest.ties if t.source == org}
        | {t.source for t in got.latest.ties if t.target == org}
    )
    drifted = bool(before and before.core and not node.core)
    place = _("core") if node.core else _("periphery")
    moved = ("down", _("moved from the core to the periphery")) if drifted else ("", "")
    out.add(
        "ties",
        _("Ties in the network"),
        f"{ties} · {place}",
        trend=moved,
        weak=drifted or ties == 0,
    )
    out.warn(
        drifted,
        _("It has drifted from the core of the network to its periphery since the last round."),
    )


def _partner(got: Inputs, row: Any) -> PartnerHealth:
    org = row.organisation
    out = _Signals(got.urls)
    out.add(
        "observed",
        _("Observed level"),
        f"{int(row.observed)} · {row.observed_label}",
        weak=int(row.observed) <= 1,
    )
    out.warn(
        row.observed <= 1 and bool(row.hold_back_text),
        _("Held back at %(level)s: %(why)s.")
        % {"level": row.observed_label, "why": "; ".join(row.hold_back_text)},
    )
    _partner_network(out, got, org.pk)
    _partner_work(out, got, org.pk)
    _partner_meetings(out, got, org.pk)
    return PartnerHealth(org.pk, org.name, out.signals, out.attention)


def _overall_network(out: _Signals, got: Inputs) -> None:
    if got.latest is None:
        return
    m = got.latest.measures
    before = got.previous.measures.density if got.previous else None
    trend = _trend(before, m.density, step=0.05)
    out.add(
        "density",
        _("Network density"),
        decimal(m.density),
        trend=trend,
        definition=_("Ties present out of all possible in the latest round's network."),
        source=got.urls["ties"],
    )
    if m.trust is not None:
        shown = _("%(mean)s of 4 (%(percent)s %% of scale)") % {
            "mean": decimal(m.trust, 1),
            "percent": decimal(net.percent_of_scale(m.trust), 0),
        }
        out.add("trust", _("Trust (network)"), shown)
    names = {n.id: n.name for n in got.latest.nodes}
    out.warn(
        bool(m.key_players),
        _(
            "The network depends on %(names)s: if it left, some partners would lose"
            " their only link to the others."
        )
        % {"names": ", ".join(names[k] for k in m.key_players)},
    )
    out.warn(trend[0] == "down", _("The network is thinner than in the last round."))
    rate = got.latest.response_rate
    out.warn(
        rate is not None and rate < 0.7,
        _(
            "Only %(r)s of %(i)s invited organisations answered the latest round: its"
            " figures are lower than they would be."
        )
        % {"r": got.latest.responded, "i": got.latest.invited},
    )


def _overall_work(out: _Signals, got: Inputs) -> None:
    owed = sum(o for o, _t in got.on_time.values())
    if owed:
        timely = sum(t for _o, t in got.on_time.values())
        shown = _("%(timely)s of %(owed)s reports") % {"timely": timely, "owed": owed}
        out.add("on_time", _("Data on time"), shown, weak=timely / owed < 0.7)
    live = sum(v for v, _o in got.activities.values())
    if live:
        ok = sum(o for _v, o in got.activities.values())
        shown = _("%(ok)s of %(live)s") % {"ok": ok, "live": live}
        out.add("activities", _("Activities on track"), shown, weak=ok < live)
    if got.attendance:
        now, then = fmean(got.attendance.values()), None
        if got.attendance_before:
            then = fmean(got.attendance_before.values())
        trend = _trend(then, now, step=0.1, shown=_percent)
        out.add("attendance", _("Attendance (mean of partners)"), _percent(now), trend=trend)
    open_now = sum(len(v) for v in got.actions.values())
    if open_now or got.actions_before:
        late = sum(1 for v in got.actions.values() for a in v if a.due_on and a.due_on < got.today)
        shown = _("%(open)s open, %(late)s overdue") % {"open": open_now, "late": late}
        words = _("%(n)s three months ago") % {"n": sum(got.actions_before.values())}
        out.add("actions", _("Open action items"), shown, trend=("", words), weak=late > 0)


def collaboration_health(access: Access) -> Health:
    got = read(access)
    shared = sharing(access)
    partners: list[PartnerHealth] = []
    hidden = 0
    for row in got.levels:
        if not access.audience.sees_weak_spots_of(row.organisation.pk, shared=shared):
            hidden += 1
            continue
        partners.append(_partner(got, row))
    overall = _Signals(got.urls)
    if got.levels:
        mean_level = fmean(int(r.observed) for r in got.levels)
        overall.add("observed", _("Observed level (mean of partners)"), decimal(mean_level, 1))
    _overall_network(overall, got)
    _overall_work(overall, got)
    return Health(
        overall=overall.signals,
        overall_attention=overall.attention,
        partners=partners,
        hidden_partners=hidden,
        shared=shared,
    )

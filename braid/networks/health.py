"""Collaboration health: per partner and for the whole collaborative, a few signals read from
what Braid records, each with the one sentence that says how it is computed and a link to its
source; its trend where a previous measurement exists; and what most needs attention, in words.

Who sees which partner's signals is the disclosure policy's call
(`Audience.sees_weak_spots_of`): the stewards every partner's, a partner its own, others only
the collaborative's unless the stewards share them (`HealthSharing`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import fmean

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.lib import network as net
from braid.measures import selectors as measure_selectors
from braid.measures.models import Period
from braid.networks import selectors
from braid.networks.models import HealthSharing
from braid.networks.present import decimal
from braid.partners.levels import partner_levels

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
    "meetings": gettext_lazy(
        "Attendance and open action items come from the meetings module once it records them."
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


def sharing(access: Access) -> bool:
    row = access.scope(HealthSharing).first()
    return bool(row and row.shared)


def _due_periods(access: Access, today: dt.date) -> list[Period]:
    return list(access.scope(Period).filter(due_date__lt=today).order_by("-due_date", "pk")[:4])


def _on_time(access: Access, today: dt.date) -> dict[int, tuple[int, int]]:
    """Per organisation: (reports owed for the last four due periods, submitted on time)."""
    periods = _due_periods(access, today)
    if not periods:
        return {}
    out: dict[int, tuple[int, int]] = {}
    due_of = {p.pk: p.due_date for p in periods}
    for organisation, cells in measure_selectors.completeness(access, periods):
        owed = [c for c in cells if c.owed]
        timely = 0
        for c in owed:
            sub = c.submission
            if sub is not None and sub.submitted_at is not None:
                when = timezone.localtime(sub.submitted_at).date()
                timely += when <= due_of[c.period.pk]
        out[organisation.pk] = (len(owed), timely)
    return out


def _activities(access: Access, today: dt.date) -> dict[int, tuple[int, int]]:
    """Per lead organisation: (live activities, on track)."""
    out: dict[int, tuple[int, int]] = {}
    for a in agenda_selectors.activities(access):
        if a.status not in ("planned", "under_way", "stalled"):
            continue
        live, ok = out.get(a.lead_id, (0, 0))
        on_track = a.status != "stalled" and not agenda_selectors.is_late(a, today)
        out[a.lead_id] = (live + 1, ok + on_track)
    return out


def _received(network: selectors.Network) -> dict[int, float]:
    got: dict[int, list[int]] = {}
    for (_rater, ratee), level in network.levels.items():
        got.setdefault(ratee, []).append(level)
    return {k: fmean(v) for k, v in got.items()}


def _trend(before: float | None, after: float | None, *, step: float) -> tuple[str, str]:
    if before is None or after is None:
        return "", ""
    if after >= before + step:
        return "up", _("up from %(v)s") % {"v": decimal(before, 1)}
    if after <= before - step:
        return "down", _("down from %(v)s") % {"v": decimal(before, 1)}
    return "", _("steady (%(v)s before)") % {"v": decimal(before, 1)}


def collaboration_health(access: Access) -> Health:
    today = timezone.localdate()
    slug = access.collaborative.slug
    audience = access.audience
    shared = sharing(access)
    levels = partner_levels(access)
    on_time = _on_time(access, today)
    activities = _activities(access, today)
    rounds = selectors.survey_networks(access)
    latest = rounds[-1] if rounds else None
    previous = rounds[-2] if len(rounds) > 1 else None
    received = _received(latest) if latest else {}
    received_before = _received(previous) if previous else {}
    m_latest = latest.measures.by_node() if latest else {}
    m_before = previous.measures.by_node() if previous else {}
    urls = {
        "observed": reverse("partners:levels", args=[slug]),
        "reported": reverse("networks:map", args=[slug]) + "?kind=survey",
        "on_time": reverse("measures:review", args=[slug]),
        "activities": reverse("agenda:plan", args=[slug]),
        "trust": reverse("networks:map", args=[slug]) + "?kind=survey",
        "ties": reverse("networks:map", args=[slug]) + "?kind=survey",
    }

    partners: list[PartnerHealth] = []
    hidden = 0
    for row in levels:
        org = row.organisation
        if not audience.sees_weak_spots_of(org.pk, shared=shared):
            hidden += 1
            continue
        ph = PartnerHealth(org.pk, org.name)
        ph.signals.append(
            Signal(
                "observed",
                _("Observed level"),
                f"{int(row.observed)} · {row.observed_label}",
                str(DEFINITIONS["observed"]),
                urls["observed"],
                weak=int(row.observed) <= 1,
            )
        )
        if row.observed <= 1 and row.hold_back_text:
            ph.attention.append(
                _("Held back at %(level)s: %(why)s.")
                % {"level": row.observed_label, "why": "; ".join(row.hold_back_text)}
            )
        if org.pk in received:
            trend, words = _trend(received_before.get(org.pk), received[org.pk], step=0.5)
            ph.signals.append(
                Signal(
                    "reported",
                    _("Reported level"),
                    decimal(received[org.pk], 1),
                    str(DEFINITIONS["reported"]),
                    urls["reported"],
                    trend,
                    words,
                    weak=received[org.pk] < 1.5,
                )
            )
            if trend == "down":
                ph.attention.append(
                    _("Partners rate their collaboration with it lower than in the last round.")
                )
        if org.pk in on_time:
            owed, timely = on_time[org.pk]
            if owed:
                share = timely / owed
                ph.signals.append(
                    Signal(
                        "on_time",
                        _("Data on time"),
                        _("%(timely)s of %(owed)s reports") % {"timely": timely, "owed": owed},
                        str(DEFINITIONS["on_time"]),
                        urls["on_time"],
                        weak=share < 0.5,
                    )
                )
                if share < 0.5:
                    ph.attention.append(_("Most of its recent reports came late or not at all."))
        if org.pk in activities:
            live, ok = activities[org.pk]
            ph.signals.append(
                Signal(
                    "activities",
                    _("Activities on track"),
                    _("%(ok)s of %(live)s") % {"ok": ok, "live": live},
                    str(DEFINITIONS["activities"]),
                    urls["activities"],
                    weak=ok < live,
                )
            )
            if ok < live:
                ph.attention.append(
                    _("%(n)s of the activities it leads are stalled or past their end.")
                    % {"n": live - ok}
                )
        node = m_latest.get(org.pk)
        if node is not None and node.trust is not None:
            before_t = m_before.get(org.pk)
            trend, words = _trend(before_t.trust if before_t else None, node.trust, step=0.5)
            ph.signals.append(
                Signal(
                    "trust",
                    _("Trust"),
                    _("%(mean)s of 4") % {"mean": decimal(node.trust, 1)},
                    str(DEFINITIONS["trust"]),
                    urls["trust"],
                    trend,
                    words,
                    weak=node.trust < 2.5,
                )
            )
        if node is not None and latest is not None:
            ties = len(
                {t.target for t in latest.ties if t.source == org.pk}
                | {t.source for t in latest.ties if t.target == org.pk}
            )
            before_node = m_before.get(org.pk)
            drifted = bool(before_node and before_node.core and not node.core)
            place = _("core") if node.core else _("periphery")
            ph.signals.append(
                Signal(
                    "ties",
                    _("Ties in the network"),
                    f"{ties} · {place}",
                    str(DEFINITIONS["ties"]),
                    urls["ties"],
                    "down" if drifted else "",
                    _("moved from the core to the periphery") if drifted else "",
                    weak=drifted or ties == 0,
                )
            )
            if drifted:
                ph.attention.append(
                    _(
                        "It has drifted from the core of the network to its periphery since the"
                        " last round."
                    )
                )
        partners.append(ph)

    overall: list[Signal] = []
    attention: list[str] = []
    if levels:
        mean_level = fmean(int(r.observed) for r in levels)
        overall.append(
            Signal(
                "observed",
                _("Observed level (mean of partners)"),
                decimal(mean_level, 1),
                str(DEFINITIONS["observed"]),
                urls["observed"],
            )
        )
    if latest is not None:
        m = latest.measures
        trend, words = _trend(previous.measures.density if previous else None, m.density, step=0.05)
        overall.append(
            Signal(
                "density",
                _("Network density"),
                decimal(m.density),
                _("Ties present out of all possible in the latest round's network."),
                urls["ties"],
                trend,
                words,
            )
        )
        if m.trust is not None:
            overall.append(
                Signal(
                    "trust",
                    _("Trust (network)"),
                    _("%(mean)s of 4 (%(percent)s %% of scale)")
                    % {
                        "mean": decimal(m.trust, 1),
                        "percent": decimal(net.percent_of_scale(m.trust), 0),
                    },
                    str(DEFINITIONS["trust"]),
                    urls["trust"],
                )
            )
        names = {n.id: n.name for n in latest.nodes}
        if m.key_players:
            attention.append(
                _(
                    "The network depends on %(names)s: if it left, some partners would lose"
                    " their only link to the others."
                )
                % {"names": ", ".join(names[k] for k in m.key_players)}
            )
        if trend == "down":
            attention.append(_("The network is thinner than in the last round."))
        if latest.response_rate is not None and latest.response_rate < 0.7:
            attention.append(
                _(
                    "Only %(r)s of %(i)s invited organisations answered the latest round: its"
                    " figures are lower than they would be."
                )
                % {"r": latest.responded, "i": latest.invited}
            )
    owed_all = sum(o for o, _t in on_time.values())
    if owed_all:
        timely_all = sum(t for _o, t in on_time.values())
        overall.append(
            Signal(
                "on_time",
                _("Data on time"),
                _("%(timely)s of %(owed)s reports") % {"timely": timely_all, "owed": owed_all},
                str(DEFINITIONS["on_time"]),
                urls["on_time"],
                weak=timely_all / owed_all < 0.7,
            )
        )
    live_all = sum(v for v, _o in activities.values())
    if live_all:
        ok_all = sum(o for _v, o in activities.values())
        overall.append(
            Signal(
                "activities",
                _("Activities on track"),
                _("%(ok)s of %(live)s") % {"ok": ok_all, "live": live_all},
                str(DEFINITIONS["activities"]),
                urls["activities"],
                weak=ok_all < live_all,
            )
        )
    return Health(
        overall=overall,
        overall_attention=attention,
        partners=partners,
        hidden_partners=hidden,
        shared=shared,
    )

"""Where a lesson can start from ("add as a lesson"): a pair that sees its collaboration
differently in a survey round, or one collaboration-health signal (the collaborative's or a
partner's). Each gives the lesson form a first draft, and the entry keeps a link back to it.

Read as the reader may see it: pairs through the survey network of the round, signals
through `collaboration_health(access)`, which leaves out the partners whose weak spots the
reader may not see (a source the reader cannot see is not found). The lesson itself is
written by `services.entry_add`, like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.networks import selectors

PAIR = "pair"
SIGNAL = "signal"


@dataclass(frozen=True)
class LessonSource:
    title: str
    what_happened: str
    happened_on: dt.date
    label: str  # the link's text in the log
    url: str  # a path inside Braid

    def initial(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "what_happened": self.what_happened,
            "happened_on": self.happened_on,
        }


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def lesson_source(access: Access, params: Mapping[str, str]) -> LessonSource | None:
    """The source named by the lesson form's query (`from=pair&round=…&a=…&b=…`, or
    `from=signal&signal=KEY[&partner=ID]`); None when there is no such source for this
    reader."""
    kind = params.get("from", "")
    if kind == PAIR:
        a, b = _int(params.get("a")), _int(params.get("b"))
        return _pair(access, _int(params.get("round")), a, b)
    if kind == SIGNAL:
        return _signal(access, params.get("signal", ""), _int(params.get("partner")))
    return None


def _pair(
    access: Access, round_id: int | None, a: int | None, b: int | None
) -> LessonSource | None:
    if round_id is None or a is None or b is None:
        return None
    network = selectors.network_of(access, selectors.SURVEY, round_id)
    if network.round_id != round_id:
        return None
    pair = next(
        (p for p in selectors.disagreeing_pairs(network) if {p.a.id, p.b.id} == {a, b}), None
    )
    if pair is None:
        return None
    names = {"a": pair.a.name, "b": pair.b.name}
    what = _(
        "In %(round)s, %(a)s rated the collaboration %(ab)s and %(b)s rated it %(ba)s"
        " (0 none to 4 full collaboration): %(gap)s levels apart."
    ) % {
        **names,
        "round": network.title,
        "ab": pair.a_rates_b,
        "ba": pair.b_rates_a,
        "gap": pair.gap,
    }
    today = timezone.localdate()
    url = reverse("networks:pairs", args=[access.collaborative.slug]) + f"?round={round_id}"
    return LessonSource(
        title=_("How %(a)s and %(b)s see their collaboration") % names,
        what_happened=what,
        happened_on=min(network.until, today) if network.until else today,
        label=_("Pairs that see it differently · %(round)s") % {"round": network.title},
        url=url,
    )


def _signal(access: Access, key: str, partner_id: int | None) -> LessonSource | None:
    from braid.networks.health import collaboration_health  # health reads the selectors

    health = collaboration_health(access)
    url = reverse("networks:health", args=[access.collaborative.slug])
    if partner_id is None:
        signals, whose, anchor = health.overall, "", "overall"
    else:
        partner = next((p for p in health.partners if p.organisation_id == partner_id), None)
        if partner is None:
            return None
        signals, whose, anchor = partner.signals, partner.name, f"partner-{partner_id}"
    signal = next((s for s in signals if s.key == key), None)
    if signal is None:
        return None
    label = f"{signal.label} · {whose}" if whose else signal.label
    shown = {"signal": label, "value": signal.value, "trend": signal.trend_words}
    what = (
        _("%(signal)s: %(value)s (%(trend)s).") % shown
        if signal.trend_words
        else _("%(signal)s: %(value)s.") % shown
    )
    what += f" {signal.definition}"
    return LessonSource(
        title=label,
        what_happened=what,
        happened_on=timezone.localdate(),
        label=_("Collaboration health · %(signal)s") % {"signal": label},
        url=f"{url}#{anchor}",
    )

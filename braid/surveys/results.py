"""A round's results per instrument, as a reader may see them (selectors; ADR 0010).

Scores come from `scoring` over the anonymous answers; the floor comes from the audience
(`Audience.min_group_size`, `Audience.survey_groups`): an instrument with fewer respondents
than the floor shows nothing, a factor answered by fewer shows no score, a sector or an
organisation type below the floor is hidden with complementary suppression, and the change
from the previous round is given only where both rounds meet the floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from braid.collaboratives.disclosure import Audience
from braid.lib.suppression import Reason
from braid.partners.models import PartnerRole
from braid.partners.selectors import sector_choices
from braid.surveys import rules, selectors, tallies
from braid.surveys.definitions import Instrument
from braid.surveys.models import Round, RoundStatus
from braid.surveys.scoring import Score, Scored, lowest


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    respondents: int
    reason: Reason
    scored: Scored | None  # None when hidden


@dataclass(frozen=True)
class InstrumentResult:
    instrument: Instrument
    respondents: int
    floor: int
    scored: Scored | None  # None below the floor
    sectors: list[Group] = field(default_factory=list)
    org_types: list[Group] = field(default_factory=list)
    previous: Round | None = None
    changes: dict[str, float] = field(default_factory=dict)  # factor key -> change of mean
    lowest_items: list[Score] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.scored is not None

    def shown_score(self, s: Score) -> bool:
        """A factor's score is shown only when enough respondents answered it."""
        return s.mean is not None and s.respondents >= self.floor


def may_read(audience: Audience, round_: Round) -> bool:
    """Members read a round's results once it is closed; stewards also while it runs."""
    if rules.effective_status(round_) == RoundStatus.CLOSED:
        return True
    return audience.sees_live_survey_results() and round_.status != RoundStatus.DRAFT


def previous_round(round_: Round, ref: str) -> Round | None:
    return (
        Round.objects.for_collaborative(round_.collaborative_id)
        .filter(instruments__ref=ref, opens_on__lt=round_.opens_on)
        .order_by("-opens_on", "-pk")
        .first()
    )


def _groups(
    audience: Audience, scores: tallies.Scores, column: int, labels: dict[str, str]
) -> list[Group]:
    """A breakdown's groups as this audience may see them: a group below the floor, or one
    hidden with it, keeps only its size."""
    sizes = scores.sizes[column]
    reasons = audience.survey_groups(sizes)
    return sorted(
        (
            Group(
                k,
                labels.get(k, k) or _("Not stated"),
                sizes[k],
                reasons[k],
                None if reasons[k] else scores.groups[column][k],
            )
            for k in sizes
        ),
        key=lambda g: g.label,
    )


def _changes(overall: Scored, before: Scored, floor: int) -> dict[str, float]:
    then = {s.key: s for s in before.factors}
    changes: dict[str, float] = {}
    for s in overall.factors:
        old = then.get(s.key)
        if (
            old is not None
            and old.mean is not None
            and s.mean is not None
            and min(old.respondents, s.respondents) >= floor
        ):
            changes[s.key] = s.mean - old.mean
    return changes


class _Reading:
    """What one read of a round's results shares between its instruments: the tallies (of the
    round and of the rounds before), the group labels."""

    def __init__(self, round_: Round) -> None:
        self.round = round_
        self.current = tallies.round_scores(round_)
        self._before: dict[int, tallies.RoundScores] = {}
        self._labels: tuple[dict[str, str], dict[str, str]] | None = None

    def before(self, prev: Round) -> tallies.RoundScores:
        if prev.pk not in self._before:
            self._before[prev.pk] = tallies.round_scores(prev)
        return self._before[prev.pk]

    @property
    def labels(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._labels is None:
            sectors = dict(sector_choices(self.round.collaborative_id))
            self._labels = (sectors, {str(v): str(label) for v, label in PartnerRole.choices})
        return self._labels


def instrument_result(
    audience: Audience, round_: Round, ref: str, reading: _Reading | None = None
) -> InstrumentResult | None:
    reading = reading or _Reading(round_)
    inst = reading.current.instruments.get(ref)
    scores = reading.current.scores.get(ref)
    if inst is None or scores is None:  # a network instrument, or one no longer defined
        return None
    floor = audience.min_group_size
    overall = scores.overall
    if overall.respondents < floor:
        return InstrumentResult(inst, overall.respondents, floor, None)
    prev = previous_round(round_, ref)
    changes: dict[str, float] = {}
    if prev is not None and inst.kind == "scale":
        before = reading.before(prev).scores.get(ref)
        if before is not None and before.respondents >= floor:
            changes = _changes(overall, before.overall, floor)
        else:
            prev = None
    sectors, types = reading.labels
    return InstrumentResult(
        inst,
        overall.respondents,
        floor,
        overall,
        sectors=_groups(audience, scores, 0, sectors),
        org_types=_groups(audience, scores, 1, types),
        previous=prev,
        changes=changes,
        lowest_items=[s for s in lowest(overall.items, 3) if s.respondents >= floor],
    )


def round_results(audience: Audience, round_: Round) -> list[InstrumentResult]:
    reading = _Reading(round_)
    out = []
    for ref in selectors.round_refs(round_):
        r = instrument_result(audience, round_, ref, reading)
        if r is not None:
            out.append(r)
    return out


# Flat rows for the API and the CSV ------------------------------------------------------------


def result_rows(result: InstrumentResult) -> list[dict[str, Any]]:
    """One row per (group, level, key): the figures a reader may see, and why others are not."""
    inst = result.instrument
    out: list[dict[str, Any]] = []

    def add(group: str, group_key: str, scored: Scored | None, reason: str, n: int) -> None:
        if scored is None:
            out.append(
                {
                    "instrument": inst.ref,
                    "group": group,
                    "group_key": group_key,
                    "level": "",
                    "key": "",
                    "label": "",
                    "respondents": None,
                    "items": None,
                    "mean": None,
                    "min": None,
                    "max": None,
                    "sd": None,
                    "band": "",
                    "change": None,
                    "counts": {},
                    "flagged": False,
                    "hidden": reason or "small",
                }
            )
            return
        levels: list[tuple[str, list[Score]]] = [
            ("category", scored.categories),
            ("factor", scored.factors),
            ("item", scored.items),
        ]
        for level, scores in levels:
            for s in scores:
                ok = s.mean is not None and s.respondents >= result.floor
                out.append(
                    {
                        "instrument": inst.ref,
                        "group": group,
                        "group_key": group_key,
                        "level": level,
                        "key": s.key,
                        "label": _label(inst, level, s.key),
                        "respondents": s.respondents,
                        "items": s.items,
                        "mean": s.mean if ok else None,
                        "min": s.min if ok else None,
                        "max": s.max if ok else None,
                        "sd": s.sd if ok else None,
                        "band": s.band if ok else "",
                        "change": result.changes.get(s.key)
                        if (group == "all" and level == "factor")
                        else None,
                        "counts": {},
                        "flagged": False,
                        "hidden": "" if ok else "small",
                    }
                )
        for level, counts in (("factor", scored.factor_counts), ("item", scored.item_counts)):
            for c in counts:
                out.append(
                    {
                        "instrument": inst.ref,
                        "group": group,
                        "group_key": group_key,
                        "level": level,
                        "key": c.key,
                        "label": _label(inst, level, c.key),
                        "respondents": n,
                        "items": None,
                        "mean": None,
                        "min": None,
                        "max": None,
                        "sd": None,
                        "band": "",
                        "change": None,
                        "counts": {str(k): v for k, v in c.counts.items()},
                        "flagged": c.flagged,
                        "hidden": "",
                    }
                )

    if result.scored is None:
        add("all", "", None, "small", result.respondents)
        return out
    add("all", "", result.scored, "", result.respondents)
    for kind, groups in (("sector", result.sectors), ("org_type", result.org_types)):
        for g in groups:
            add(kind, g.key, g.scored, g.reason, g.respondents)
    return out


def _label(inst: Instrument, level: str, key: str) -> str:
    if level == "category":
        return inst.category_title(key)
    if level == "factor":
        return inst.factor_title(key)
    item = inst.item_map.get(key)
    return str(item.text) if item else key


def chart(result: InstrumentResult) -> dict[str, Any] | None:
    """A Vega-Lite bar chart of the factor scores shown (the table beside holds the same)."""
    if result.scored is None or result.instrument.kind != "scale":
        return None
    inst = result.instrument
    values = [
        {"factor": inst.factor_title(s.key), "score": round(s.mean, 2), "band": s.band or "none"}
        for s in result.scored.factors
        if result.shown_score(s) and s.mean is not None
    ]
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 22},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {
                "field": "factor",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 180},
            },
            "x": {
                "field": "score",
                "type": "quantitative",
                "title": _("Mean score"),
                "scale": {"domain": [inst.scale.min, inst.scale.max]},
            },
            "color": {
                "field": "band",
                "type": "nominal",
                "legend": None,
                "scale": {
                    "domain": ["strength", "borderline", "concern", "none"],
                    "range": ["#1a7f5a", "#b7791f", "#c53030", "#2b6cb0"],
                },
            },
        },
    }

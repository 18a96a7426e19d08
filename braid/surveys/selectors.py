"""Reads of the surveys module. Other modules read surveys only through this file.

The network contract (for braid.networks): `network_rounds(collaborative)` and
`network_ratings(collaborative, round_id)`; individual anonymous answers are never read out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from django.db.models import Count, Q, QuerySet

from braid.collaboratives.models import Collaborative
from braid.lib import gc_pause
from braid.partners.selectors import sector_choices
from braid.surveys.definitions import (
    DIMENSIONS,
    TRUST_DIMENSIONS,
    VALUE_DIMENSIONS,
    Instrument,
    builtin,
)
from braid.surveys.models import (
    InstrumentFile,
    Invitation,
    InvitationStatus,
    NetworkRating,
    Round,
    RoundInstrument,
)
from braid.surveys.parsing import parse

# Instruments ---------------------------------------------------------------------------------


def instruments(collaborative: Collaborative | int) -> dict[str, Instrument]:
    """Braid's built-in instruments and those this collaborative loaded, by ref."""
    found = dict(builtin())
    for row in InstrumentFile.objects.for_collaborative(collaborative):
        inst, _problems = parse(row.text)
        if inst is not None:
            found[inst.ref] = inst
    return found


def instrument(collaborative: Collaborative | int, ref: str) -> Instrument | None:
    if ref in builtin():
        return builtin()[ref]
    key, _, version = ref.partition("@")
    row = (
        InstrumentFile.objects.for_collaborative(collaborative)
        .filter(key=key, version=int(version) if version.isdigit() else 0)
        .first()
    )
    if row is None:
        return None
    inst, _problems = parse(row.text)
    return inst


def network_instrument_refs(collaborative: Collaborative | int) -> list[str]:
    return [ref for ref, inst in instruments(collaborative).items() if inst.is_network]


# Rounds --------------------------------------------------------------------------------------


def rounds(collaborative: Collaborative | int) -> QuerySet[Round]:
    return (
        Round.objects.for_collaborative(collaborative)
        .prefetch_related("instruments")
        .annotate(
            invited=Count("invitations", distinct=True),
            finished=Count(
                "invitations",
                filter=Q(invitations__status=InvitationStatus.FINISHED),
                distinct=True,
            ),
        )
        .order_by("-opens_on", "-pk")
    )


def round_refs(round_: Round) -> list[str]:
    return [ri.ref for ri in round_.instruments.all()]


# The network contract ------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkRound:
    id: int
    title: str
    opens: dt.date
    closes: dt.date
    status: str


class Rating(NamedTuple):
    """One organisation's rating of another in a round. `level` is 0..4 on the round's scale;
    trust and value are the rater's mean of its three items (INSTRUMENTS §2), None when it
    answered none of them; `answers` holds its answers to DIMENSIONS in that order (None where
    not answered) and `dimensions` the answered ones by key. A named tuple: a 40,000-tie round
    builds one per tie, and a frozen dataclass costs several times more."""

    rater_id: int
    ratee_id: int
    level: int
    trust: float | None
    value: float | None
    answers: tuple[int | None, ...] = (None,) * len(DIMENSIONS)

    @property
    def dimensions(self) -> dict[str, int]:
        return {k: v for k, v in zip(DIMENSIONS, self.answers, strict=True) if v is not None}


@dataclass(frozen=True)
class NetworkRatings:
    round_id: int
    scale: str
    invited_org_ids: frozenset[int]
    respondent_org_ids: frozenset[int]
    ratings: tuple[Rating, ...]


def network_rounds(collaborative: Collaborative | int) -> list[NetworkRound]:
    """Rounds that include a levels-of-collaboration instrument, oldest first."""
    refs = network_instrument_refs(collaborative)
    ids = (
        RoundInstrument.objects.for_collaborative(collaborative)
        .filter(ref__in=refs)
        .values_list("round_id", flat=True)
    )
    return [
        NetworkRound(r.pk, r.shown_title, r.opens_on, r.closes_on, r.status)
        for r in Round.objects.for_collaborative(collaborative)
        .filter(pk__in=ids)
        .order_by("opens_on", "pk")
    ]


def _mean(values: list[int | None]) -> float | None:
    """The mean of the answered items (a sum of integers is exact: the same as fmean)."""
    answered = [v for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


def network_ratings(collaborative: Collaborative | int, round_id: int) -> NetworkRatings | None:
    """The directed ratings of one network round (None for a round of another collaborative or
    one without a network instrument). Invited = organisations with an invitation in the round;
    respondents = organisations that gave their ratings."""
    refs = network_instrument_refs(collaborative)
    ri = (
        RoundInstrument.objects.for_collaborative(collaborative)
        .filter(round_id=round_id, ref__in=refs)
        .first()
    )
    if ri is None:
        return None
    inst = instruments(collaborative)[ri.ref]
    invited = frozenset(
        Invitation.objects.for_collaborative(collaborative)
        .filter(round_id=round_id)
        .values_list("organisation_id", flat=True)
    )
    rows = (
        NetworkRating.objects.for_collaborative(collaborative)
        .filter(round_id=round_id)
        .order_by("rater_id", "ratee_id")
        .values_list("rater_id", "ratee_id", "level", *DIMENSIONS)
    )
    with gc_pause.paused():  # one tuple per tie: 40,000 in the bench's round
        ratings = _ratings(rows)
    return NetworkRatings(
        round_id=round_id,
        scale=inst.scale.id,
        invited_org_ids=invited,
        respondent_org_ids=frozenset(r.rater_id for r in ratings),
        ratings=ratings,
    )


# Several items each, so that itemgetter hands back a tuple.
assert len(TRUST_DIMENSIONS) > 1 and len(VALUE_DIMENSIONS) > 1
_TRUST = itemgetter(*(3 + DIMENSIONS.index(k) for k in TRUST_DIMENSIONS))
_VALUE = itemgetter(*(3 + DIMENSIONS.index(k) for k in VALUE_DIMENSIONS))


def _ratings(rows: Iterable[tuple[Any, ...]]) -> tuple[Rating, ...]:
    """Ratings from (rater, ratee, level, *DIMENSIONS) rows; means as `_mean` gives them.

    A round has one row per tie (40,000 in the bench), so this loop is kept lean: the items
    are picked in C, a fully answered rating's mean is sum / count (the same float as
    `_mean`: integers sum exactly), and the named tuple is made without its Python-level
    constructor."""
    n_trust, n_value = len(TRUST_DIMENSIONS), len(VALUE_DIMENSIONS)
    make = tuple.__new__
    out = []
    for row in rows:
        trust, value = _TRUST(row), _VALUE(row)
        out.append(
            make(
                Rating,
                (
                    row[0],
                    row[1],
                    row[2],
                    sum(trust) / n_trust if None not in trust else _mean(list(trust)),
                    sum(value) / n_value if None not in value else _mean(list(value)),
                    row[3:],
                ),
            )
        )
    return tuple(out)


# Response rates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    key: str | int
    label: str
    invited: int
    finished: int

    @property
    def rate(self) -> float | None:
        return self.finished / self.invited if self.invited else None


@dataclass(frozen=True)
class ResponseRates:
    overall: Rate
    organisations: list[Rate]
    sectors: list[Rate]


def response_rates(collaborative: Collaborative | int, round_id: int) -> ResponseRates:
    """Invited and finished, per organisation and per sector, live (one query)."""
    cid = collaborative if isinstance(collaborative, int) else collaborative.pk
    rows = list(
        Invitation.objects.for_collaborative(cid)
        .filter(round_id=round_id)
        .values("organisation_id", "organisation__name", "organisation__sector")
        .annotate(
            invited=Count("pk"), finished=Count("pk", filter=Q(status=InvitationStatus.FINISHED))
        )
        .order_by("organisation__name")
    )
    labels = dict(sector_choices(cid))
    sectors: dict[str, list[int]] = {}
    for r in rows:
        s = sectors.setdefault(r["organisation__sector"], [0, 0])
        s[0] += r["invited"]
        s[1] += r["finished"]
    return ResponseRates(
        overall=Rate("all", "", sum(r["invited"] for r in rows), sum(r["finished"] for r in rows)),
        organisations=[
            Rate(r["organisation_id"], r["organisation__name"], r["invited"], r["finished"])
            for r in rows
        ],
        sectors=[
            Rate(code, str(labels.get(code, code)), n[0], n[1])
            for code, n in sorted(sectors.items(), key=lambda kv: str(labels.get(kv[0], kv[0])))
        ],
    )


# For reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodResult:
    """One instrument's results in a round, as an audience may read them (reports reads this)."""

    round_title: str  # in English; round_title_fr in French (ADR 0015)
    closes_on: Any
    instrument: str
    respondents: int
    shown: bool  # False: under the survey floor
    factors: list[tuple[str, float, float | None]]  # (factor, mean, change) shown only
    round_title_fr: str = ""


def period_results(
    audience: Any, collaborative: Collaborative | int, start: Any, end: Any
) -> list[PeriodResult]:
    """Results of the rounds that closed from `start` to `end`, through the survey floor and
    complementary suppression of `results` (only factors enough respondents answered)."""
    from braid.surveys import results  # results reads this module

    out = []
    found = rounds(collaborative).filter(closes_on__gte=start, closes_on__lte=end)
    for round_ in found.order_by("closes_on", "pk"):
        if not results.may_read(audience, round_):
            continue
        for r in results.round_results(audience, round_):
            factors = [
                (r.instrument.factor_title(s.key), s.mean, r.changes.get(s.key))
                for s in (r.scored.factors if r.scored else [])
                if r.shown_score(s) and s.mean is not None
            ]
            title = str(r.instrument.title)
            out.append(
                PeriodResult(
                    round_.title,
                    round_.closes_on,
                    title,
                    r.respondents,
                    r.shown,
                    factors,
                    round_.title_fr,
                )
            )
    return out

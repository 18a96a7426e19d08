"""Demo data for partnership surveys: two check-ups a year apart (collaboration factors,
barriers, collective-impact conditions and the levels-of-collaboration network), both closed,
with answers that tell a story: the foundation's lone respondent is a sector below the floor,
a few pairs of organisations rate each other two levels apart, communication and shared vision
improved while resources got worse, the network densified and City Parks drifted away.
Idempotent: rounds are found by title before anything is created."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from braid.collaboratives.models import Collaborative
from braid.partners.models import Organisation
from braid.surveys.definitions import DIMENSIONS, builtin
from braid.surveys.models import (
    Answer,
    Invitation,
    InvitationStatus,
    NetworkRating,
    Response,
    Round,
    RoundInstrument,
    RoundStatus,
)

REFS = ["braid-factors@1", "braid-barriers@1", "braid-conditions@1", "braid-network@1"]
# organisation -> respondents per round
PEOPLE = {
    "Eastside Community Safety Office": 3,
    "Riverside Police Service": 3,
    "Riverside District School Board": 3,
    "Eastside Community Health Centre": 3,
    "Youth Wraparound Network": 3,
    "Pathways Employment Services": 2,
    "City Parks and Recreation": 3,
    "Lakeview Foundation": 1,  # philanthropy: one person, below the floor of 3
}
# factor key -> (mean a year ago, mean now)
FACTOR_DRIFT = {
    "open_communication": (2.6, 3.8),
    "shared_vision": (3.0, 4.1),
    "means": (3.4, 2.6),
    "history": (3.9, 4.0),
    "respect": (3.2, 3.6),
}
# (rater, ratee): (level a year ago, level now); pairs that disagree by two levels or more
LEVELS = {
    ("Riverside Police Service", "Youth Wraparound Network"): (3, 4),
    ("Youth Wraparound Network", "Riverside Police Service"): (1, 2),
    ("Riverside District School Board", "Eastside Community Health Centre"): (2, 4),
    ("Eastside Community Health Centre", "Riverside District School Board"): (2, 1),
}
DRIFTING = "City Parks and Recreation"
# The rounds' titles in French (ADR 0015), by English title.
ROUND_TITLES_FR = {
    "Partnership check-up, last year": "Bilan du partenariat, l’an dernier",
    "Partnership check-up, this year": "Bilan du partenariat, cette année",
}
BACKBONE = "Eastside Community Safety Office"


def _value(rng: random.Random, mean: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, round(rng.gauss(mean, 0.8))))


def _round(
    collaborative: Collaborative,
    orgs: dict[str, Organisation],
    title: str,
    opens: dt.date,
    year: int,
    rng: random.Random,
) -> None:
    round_ = Round.objects.create(
        collaborative=collaborative,
        title=title,
        title_fr=ROUND_TITLES_FR[title],
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=14),
        status=RoundStatus.CLOSED,
        closed_at=timezone.now() - dt.timedelta(days=(timezone.localdate() - opens).days - 14),
    )
    RoundInstrument.objects.bulk_create(
        RoundInstrument(collaborative=collaborative, round=round_, ref=ref, position=n)
        for n, ref in enumerate(REFS)
    )
    instruments = builtin()
    answers: list[Answer] = []
    for name, count in PEOPLE.items():
        org = orgs[name]
        for n in range(count + (1 if year == 1 and name == "Pathways Employment Services" else 0)):
            Invitation.objects.create(
                collaborative=collaborative,
                round=round_,
                organisation=org,
                email=f"survey{n + 1}.{org.pk}@demo.braid",
                status=InvitationStatus.FINISHED,
                sent_count=1,
                last_sent_at=timezone.now()
                - dt.timedelta(days=(timezone.localdate() - opens).days),
            )
            response = Response.objects.create(
                collaborative=collaborative, round=round_, sector=org.sector, org_type=org.role
            )
            for ref in REFS[:3]:
                inst = instruments[ref]
                for item in inst.items:
                    if rng.random() < 0.06:
                        continue  # a few blanks, as people leave them
                    drift = FACTOR_DRIFT.get(item.factor)
                    base = drift[year] if drift else 3.3 + 0.1 * year
                    if ref == "braid-conditions@1":
                        base = 2.2 + 0.6 * year + (0.8 if item.factor == "backbone" else 0)
                    answers.append(
                        Answer(
                            collaborative=collaborative,
                            response=response,
                            round=round_,
                            instrument=ref,
                            item=item.key,
                            value=_value(rng, base, inst.scale.min, inst.scale.max),
                        )
                    )
    Answer.objects.bulk_create(answers, batch_size=2000)
    ratings = []
    raters = [n for n in PEOPLE if not (year == 1 and n == DRIFTING)]  # Parks did not answer
    for rater in raters:
        for ratee in PEOPLE:
            if ratee == rater:
                continue
            if (rater, ratee) in LEVELS:
                level = LEVELS[(rater, ratee)][year]
            else:
                base = 1.6 + 0.7 * year + (0.8 if BACKBONE in (rater, ratee) else 0)
                if DRIFTING in (rater, ratee):
                    # Tied to most a year ago (in the core); now to few (the periphery).
                    base = 2.2 - 1.6 * year
                level = _value(rng, base, 0, 4)
            dims = (
                {d: _value(rng, 2.4 + 0.3 * year + 0.2 * level, 1, 4) for d in DIMENSIONS}
                if level > 0
                else {}
            )
            ratings.append(
                NetworkRating(
                    collaborative=collaborative,
                    round=round_,
                    instrument=REFS[3],
                    scale=instruments[REFS[3]].scale.id,
                    rater=orgs[rater],
                    ratee=orgs[ratee],
                    level=level,
                    **dims,
                )
            )
    NetworkRating.objects.bulk_create(ratings)


def seed(collaborative: Collaborative) -> None:
    orgs = {
        o.name: o
        for o in Organisation.objects.filter(collaborative=collaborative, name__in=list(PEOPLE))
    }
    if len(orgs) < len(PEOPLE):
        return
    today = timezone.localdate()
    rng = random.Random(13)
    for year, (title, opens) in enumerate(
        (
            ("Partnership check-up, last year", today - dt.timedelta(days=395)),
            ("Partnership check-up, this year", today - dt.timedelta(days=30)),
        )
    ):
        if not Round.objects.filter(collaborative=collaborative, title=title).exists():
            _round(collaborative, orgs, title, opens, year, rng)

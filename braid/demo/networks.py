"""Demo data for the partnership network: two levels-of-collaboration rounds a year apart
(unless the surveys demo already gave some, then only the tie that makes the key player)
showing a network that densified, one partner
drifting to the periphery (City Parks and Recreation), two pairs that see their collaboration
differently and one key player (Youth Wraparound Network, the only link of Pathways
Employment Services and of the residents' association); target levels; lessons learned and wins (seeds 001 and 004).
Idempotent: rows are found by natural key first."""

from __future__ import annotations

import datetime as dt

from braid.collaboratives.models import Collaborative
from braid.lib.tabular import normalise_name
from braid.networks.models import EntryKind, LogEntry, TargetLevel, Visibility
from braid.partners.models import Organisation
from braid.surveys import selectors as survey_selectors
from braid.surveys.models import (
    Invitation,
    InvitationStatus,
    NetworkRating,
    Round,
    RoundInstrument,
    RoundStatus,
)

NETWORK_REF = "braid-network@1"
SCALE = "braid-levels-5"

SAFETY = "Eastside Community Safety Office"
POLICE = "Riverside Police Service"
SCHOOLS = "Riverside District School Board"
HEALTH = "Eastside Community Health Centre"
YWN = "Youth Wraparound Network"
JOBS = "Pathways Employment Services"
PARKS = "City Parks and Recreation"
FUND = "Lakeview Foundation"
RESIDENTS = "Eastside Residents' Association"

# (rater, ratee, level, trust, value): trust/value are 1..4 for all three items of each.
ROUND_2025: list[tuple[str, str, int, int | None, int | None]] = [
    (SAFETY, POLICE, 2, 3, 3),
    (POLICE, SAFETY, 2, 3, 3),
    (SAFETY, SCHOOLS, 1, 3, 2),
    (SCHOOLS, SAFETY, 2, 3, 2),
    (POLICE, SCHOOLS, 1, 2, 2),
    (SCHOOLS, POLICE, 3, 2, 3),  # police–schools disagree (1 vs 3)
    (SAFETY, PARKS, 3, 4, 3),
    (PARKS, SAFETY, 3, 4, 3),
    (PARKS, YWN, 2, 3, 3),
    (YWN, PARKS, 2, 3, 3),
    (PARKS, HEALTH, 2, 3, 2),
    (HEALTH, PARKS, 2, 3, 2),
    (YWN, JOBS, 2, 3, 3),
    (JOBS, YWN, 2, 3, 3),
    (HEALTH, YWN, 1, 2, 2),
    (FUND, SAFETY, 2, 3, 4),
]
ROUND_2026: list[tuple[str, str, int, int | None, int | None]] = [
    (SAFETY, POLICE, 3, 4, 3),
    (POLICE, SAFETY, 3, 4, 3),
    (SAFETY, SCHOOLS, 3, 3, 3),
    (SCHOOLS, SAFETY, 3, 4, 3),
    (POLICE, SCHOOLS, 1, 2, 2),
    (SCHOOLS, POLICE, 4, 3, 3),  # police–schools still disagree (1 vs 4)
    (SAFETY, HEALTH, 3, 3, 3),
    (HEALTH, SAFETY, 3, 3, 3),
    (HEALTH, YWN, 3, 3, 3),
    (YWN, HEALTH, 1, 3, 2),  # health–wraparound disagree (3 vs 1)
    (SCHOOLS, YWN, 2, 3, 3),
    (YWN, SCHOOLS, 2, 3, 3),
    (POLICE, HEALTH, 2, 3, 2),
    (HEALTH, POLICE, 2, 3, 2),
    (YWN, JOBS, 3, 4, 3),
    (JOBS, YWN, 3, 4, 3),
    (FUND, SAFETY, 3, 4, 4),
    (SAFETY, FUND, 2, 4, 4),
    (SAFETY, PARKS, 1, 2, 2),  # parks drifts to the periphery
    (PARKS, SAFETY, 1, 2, 2),
    (FUND, HEALTH, 2, 3, 3),
    (SCHOOLS, HEALTH, 2, 3, 3),
    (HEALTH, SCHOOLS, 2, 3, 3),
    (POLICE, YWN, 2, 3, 2),
    (YWN, POLICE, 2, 3, 3),
    (YWN, RESIDENTS, 2, 3, 2),  # the residents reach the network only through wraparound
]
RESPONDENTS_2025 = [SAFETY, POLICE, SCHOOLS, HEALTH, YWN, JOBS, PARKS, FUND]
RESPONDENTS_2026 = [SAFETY, POLICE, SCHOOLS, HEALTH, YWN, JOBS, PARKS, FUND]


def _orgs(collaborative: Collaborative) -> dict[str, Organisation]:
    return {
        o.name: o
        for o in Organisation.objects.filter(collaborative=collaborative)
        if o.name in {SAFETY, POLICE, SCHOOLS, HEALTH, YWN, JOBS, PARKS, FUND, RESIDENTS}
    }


def _round(
    collaborative: Collaborative,
    orgs: dict[str, Organisation],
    title: str,
    opens: dt.date,
    ratings: list[tuple[str, str, int, int | None, int | None]],
    respondents: list[str],
) -> None:
    round_, created = Round.objects.get_or_create(
        collaborative=collaborative,
        title=title,
        defaults={
            "opens_on": opens,
            "closes_on": opens + dt.timedelta(days=21),
            "status": RoundStatus.CLOSED,
        },
    )
    if not created:
        return
    RoundInstrument.objects.create(collaborative=collaborative, round=round_, ref=NETWORK_REF)
    for name in respondents:
        Invitation.objects.create(
            collaborative=collaborative,
            round=round_,
            organisation=orgs[name],
            email=f"network-{normalise_name(name).replace(' ', '-')}@demo.braid",
            status=InvitationStatus.FINISHED,
        )
    NetworkRating.objects.bulk_create(
        NetworkRating(
            collaborative=collaborative,
            round=round_,
            instrument=NETWORK_REF,
            scale=SCALE,
            rater=orgs[rater],
            ratee=orgs[ratee],
            level=level,
            power=value,
            involvement=value,
            resources=value,
            reliability=trust,
            mission=trust,
            openness=trust,
        )
        for rater, ratee, level, trust, value in ratings
    )


def _rounds(collaborative: Collaborative, orgs: dict[str, Organisation]) -> None:
    theirs = [
        r
        for r in survey_selectors.network_rounds(collaborative)
        if not r.title.startswith("Levels of collaboration 20")
    ]
    if theirs:
        # The surveys demo gave its own rounds (densified, pairs apart, Parks drifting): the
        # residents' association joins the latest only through the wraparound network, which
        # makes that network the one key player.
        latest = Round.objects.get(collaborative=collaborative, pk=theirs[-1].id)
        NetworkRating.objects.get_or_create(
            collaborative=collaborative,
            round=latest,
            rater=orgs[YWN],
            ratee=orgs[RESIDENTS],
            defaults={
                "instrument": NETWORK_REF,
                "scale": SCALE,
                "level": 2,
                "reliability": 3,
                "mission": 3,
                "openness": 3,
                "power": 2,
                "involvement": 2,
                "resources": 2,
            },
        )
        return
    this_year = dt.date.today().year
    _round(
        collaborative,
        orgs,
        f"Levels of collaboration {this_year - 1}",
        dt.date(this_year - 1, 3, 2),
        ROUND_2025,
        RESPONDENTS_2025,
    )
    _round(
        collaborative,
        orgs,
        f"Levels of collaboration {this_year}",
        dt.date(this_year, 3, 1),
        ROUND_2026,
        RESPONDENTS_2026,
    )


LOGS = [
    (
        EntryKind.WIN,
        "First 50 young people referred to wraparound support",
        dt.date(2026, 2, 12),
        "Schools, police and the health centre referred 50 young people in the programme's"
        " first four months.",
        "Shared referral criteria agreed in the working group made the difference.",
        "",
        Visibility.PUBLIC,
    ),
    (
        EntryKind.WIN,
        "Summer jobs programme fully booked",
        dt.date(2025, 7, 4),
        "All 40 summer placements were filled with young people from the catchment area.",
        "An early win the partners can point to when asking their boards for more.",
        "",
        Visibility.PUBLIC,
    ),
    (
        EntryKind.LESSON,
        "Referrals from schools arrived too late in the year",
        dt.date(2025, 11, 20),
        "Most school referrals came in November, after the programme's places were taken.",
        "Schools plan their support in June; our intake opened in September.",
        "Open the intake with the school board in June and reserve places for its referrals.",
        Visibility.MEMBERS,
    ),
    (
        EntryKind.LESSON,
        "The survey showed police and schools see their collaboration differently",
        dt.date(2026, 3, 30),
        "In both network rounds the school board rated its collaboration with the police"
        " much higher than the police did.",
        "The police count only formal joint work; schools count every referral call.",
        "Talk it through at the steering committee and agree what coordination means for us.",
        Visibility.MEMBERS,
    ),
]


# The same entries in French (title, what happened, learned, do differently), by English title.
LOGS_FR = {
    "First 50 young people referred to wraparound support": (
        "Les 50 premiers jeunes orientés vers l’accompagnement global",
        "Les écoles, la police et le centre de santé ont orienté 50 jeunes pendant les quatre"
        " premiers mois du programme.",
        "Les critères d’orientation communs, adoptés par le groupe de travail, ont fait la"
        " différence.",
        "",
    ),
    "Summer jobs programme fully booked": (
        "Programme d’emplois d’été complet",
        "Les 40 places d’été ont toutes été pourvues par des jeunes du secteur.",
        "Une première réussite que les partenaires peuvent citer quand ils demandent plus à leur"
        " conseil d’administration.",
        "",
    ),
    "Referrals from schools arrived too late in the year": (
        "Les orientations des écoles sont arrivées trop tard dans l’année",
        "La plupart des orientations scolaires sont arrivées en novembre, une fois les places du"
        " programme prises.",
        "Les écoles planifient leur soutien en juin ; nos inscriptions ouvraient en septembre.",
        "Ouvrir les inscriptions avec le conseil scolaire en juin et réserver des places pour ses"
        " orientations.",
    ),
    "The survey showed police and schools see their collaboration differently": (
        "Le sondage a montré que la police et les écoles voient leur collaboration autrement",
        "Dans les deux vagues du sondage sur le réseau, le conseil scolaire a noté sa"
        " collaboration avec la police bien plus haut que la police.",
        "La police ne compte que le travail commun formel ; les écoles comptent chaque appel"
        " d’orientation.",
        "En parler au comité directeur et convenir de ce que la coordination veut dire pour nous.",
    ),
}


def _logs(collaborative: Collaborative) -> None:
    for kind, title, day, what, learned, differently, visibility in LOGS:
        title_fr, what_fr, learned_fr, differently_fr = LOGS_FR[title]
        LogEntry.objects.get_or_create(
            collaborative=collaborative,
            title=title,
            defaults={
                "kind": kind,
                "happened_on": day,
                "what_happened": what,
                "learned": learned,
                "do_differently": differently,
                "title_fr": title_fr,
                "what_happened_fr": what_fr,
                "learned_fr": learned_fr,
                "do_differently_fr": differently_fr,
                "visibility": visibility,
            },
        )


def _targets(collaborative: Collaborative, orgs: dict[str, Organisation]) -> None:
    this_year = dt.date.today().year
    wanted = [
        (
            POLICE,
            SCHOOLS,
            3,
            dt.date(this_year + 1, 6, 30),
            "Police and schools reach coordination by June.",
        ),
        (PARKS, None, 2, dt.date(this_year + 1, 3, 31), "Bring Parks back into the working group."),
        (HEALTH, None, 3, None, ""),
    ]
    for a, b, level, by, note in wanted:
        first, second = orgs[a], orgs[b] if b else None
        if second is not None and second.pk < first.pk:
            first, second = second, first
        TargetLevel.objects.get_or_create(
            collaborative=collaborative,
            organisation=first,
            partner=second,
            defaults={"level": level, "by": by, "note": note},
        )


def seed(collaborative: Collaborative) -> None:
    orgs = _orgs(collaborative)
    if len(orgs) < 9:
        return
    _rounds(collaborative, orgs)
    _logs(collaborative)
    _targets(collaborative, orgs)

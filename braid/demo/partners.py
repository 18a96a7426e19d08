"""Demo data for Diagnose: profiles, contacts, outreach, ratings, framings, the context scan."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from braid.accounts.models import User
from braid.collaboratives.models import Collaborative
from braid.demo import french
from braid.lib.tabular import normalise_name
from braid.partners.models import (
    Contact,
    ContextFactor,
    Organisation,
    OutreachEntry,
    SectorFraming,
    StakeholderRating,
)

# name: (role, mandate, priorities, size, joined months ago, contacts, influence, proximity, stance)
PROFILES = {
    "Eastside Community Safety Office": (
        "backbone",
        "City office coordinating community safety and well-being plans.",
        "a coordinated, prevention-first response to youth violence across the east side",
        "medium",
        30,
        [("Amina Diallo", "Coordinator", "amina.diallo@eastside.example", "fr")],
        4,
        5,
        "champion",
    ),
    "Riverside Police Service": (
        "lead_partner",
        "Municipal police service for Riverside.",
        "reducing repeat youth offending and diverting young people from charges",
        "large",
        30,
        [("Supt. Daniel Roy", "Superintendent, Community Policing", "d.roy@rps.example", "en")],
        5,
        4,
        "supporter",
    ),
    "Riverside District School Board": (
        "partner",
        "Public school board serving 42 schools.",
        "attendance, graduation rates and safe schools for every student",
        "large",
        24,
        [("Nadia Okafor", "Student Success Lead", "n.okafor@rdsb.example", "en")],
        5,
        4,
        "supporter",
    ),
    "Eastside Community Health Centre": (
        "partner",
        "Primary care and mental-health services for the east side.",
        "youth mental health, trauma-informed care and timely access to counselling",
        "medium",
        28,
        [
            ("Marc Tremblay", "Data and Evaluation", "m.tremblay@echc.example", "fr"),
            ("Dr. Leila Haddad", "Clinical Director", "l.haddad@echc.example", "en"),
        ],
        3,
        4,
        "champion",
    ),
    "Youth Wraparound Network": (
        "lead_partner",
        "Non-profit providing wraparound case management for youth 12–24.",
        "stable, trusted adults around every young person in crisis",
        "small",
        30,
        [("Jordan Blake", "Executive Director", "jordan@ywn.example", "en")],
        3,
        5,
        "champion",
    ),
    "Pathways Employment Services": (
        "partner",
        "Employment readiness and job placement for young people.",
        "first jobs and paid placements for youth aged 16 to 24",
        "small",
        14,
        [("Sofia Marquez", "Program Manager", "sofia@pathways.example", "en")],
        2,
        3,
        "supporter",
    ),
    "City Parks and Recreation": (
        "partner",
        "City department running community centres and programs.",
        "free evening and weekend programs that keep community centres busy and safe",
        "large",
        18,
        [("Kevin Nguyen", "Community Programs Supervisor", "k.nguyen@city.example", "en")],
        3,
        3,
        "neutral",
    ),
    "Lakeview Foundation": (
        "funder",
        "Community foundation investing in youth well-being.",
        "measurable outcomes for youth and collaboration across sectors",
        "small",
        26,
        [("Louise Gagnon", "Program Officer", "l.gagnon@lakeview.example", "fr")],
        4,
        3,
        "supporter",
    ),
    "Eastside Residents' Association": (
        "",
        "Volunteer association of east-side residents.",
        "safe streets and parks, and a say in what happens in the neighbourhood",
        "small",
        None,
        [("Grace Osei", "Chair", "chair@eastsidera.example", "en")],
        2,
        4,
        "neutral",
    ),
    "Northgate Youth Justice Services": (
        "",
        "Provincial youth justice probation and diversion services.",
        "rehabilitation and extrajudicial measures for young people",
        "medium",
        None,
        [("Paul Lefebvre", "Area Manager", "p.lefebvre@yjs.example", "fr")],
        4,
        2,
        "neutral",
    ),
    "Maple Street Merchants' Association": (
        "",
        "Business improvement area for Maple Street.",
        "foot traffic, safety perceptions and youth employment in local shops",
        "small",
        None,
        [],
        2,
        2,
        "sceptic",
    ),
    "Regional Public Health": (
        "",
        "Regional public health unit.",
        "population health surveillance and upstream prevention of violence",
        "large",
        None,
        [],
        4,
        2,
        "supporter",
    ),
}

FRAMINGS = {
    "education": "keep every student in class and on track to graduate, safely",
    "police_justice": "prevent offending before it starts and divert young people from charges",
    "health": "support young people's mental health and recovery from trauma",
    "business": "build a safer, busier street where young people find their first jobs",
    "city_planning": "make community centres and parks safe, busy places for youth",
    "philanthropy": "fund proven, measurable prevention that partners deliver together",
    "nonprofit": "surround young people in crisis with coordinated, trusted support",
    "community": "give residents a say in making streets and parks safe for everyone",
}


def _months_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=30 * n)


def seed(collaborative: Collaborative) -> None:
    if ContextFactor.objects.filter(collaborative=collaborative).exists():
        return  # already seeded
    steward = User.objects.filter(email="steward@demo.braid").first()
    orgs = {o.normalised_name: o for o in Organisation.objects.filter(collaborative=collaborative)}
    for name, (
        role,
        mandate,
        priorities,
        size,
        joined,
        contacts,
        infl,
        prox,
        stance,
    ) in PROFILES.items():
        org = orgs[normalise_name(name)]
        org.role, org.mandate, org.priorities, org.size = role, mandate, priorities, size
        org.joined_on = _months_ago(joined) if joined else None
        org.website = f"https://www.{normalise_name(name).split()[0]}.example"
        org.save()
        for cname, crole, email, lang in contacts:
            Contact.objects.create(
                collaborative=collaborative,
                organisation=org,
                name=cname,
                role=crole,
                email=email,
                preferred_language=lang,
            )
        # an older rating, then the current one: the history shows how views changed
        StakeholderRating.objects.create(
            collaborative=collaborative,
            organisation=org,
            influence=max(1, infl - 1),
            proximity=max(1, prox - 1),
            stance="neutral",
            rated_by=steward,
            rated_at=timezone.now() - dt.timedelta(days=400),
        )
        StakeholderRating.objects.create(
            collaborative=collaborative,
            organisation=org,
            influence=infl,
            proximity=prox,
            stance=stance,
            rated_by=steward,
            interests=priorities,
            apprehensions="Workload for front-line staff"
            if stance in ("neutral", "sceptic")
            else "",
        )
        _outreach(collaborative, org, steward, joined)
    for sector, framing in FRAMINGS.items():
        SectorFraming.objects.get_or_create(
            collaborative=collaborative,
            sector=sector,
            defaults={"framing": framing, "framing_fr": french.FRAMINGS_FR.get(sector, "")},
        )
    _context(collaborative, steward)
    level_notes = {
        "Youth Wraparound Network": (4, "Shares case plans and staff with the backbone."),
        "Riverside Police Service": (3, "Joint planning through the steering committee."),
        "City Parks and Recreation": (2, "Hosts programs; not yet at the planning table."),
    }
    for name, (level, note) in level_notes.items():
        Organisation.objects.filter(pk=orgs[normalise_name(name)].pk).update(
            reported_level=level, reported_level_note=note
        )


def _outreach(
    collaborative: Collaborative, org: Organisation, steward: User | None, joined: int | None
) -> None:
    today = timezone.localdate()
    entries = []
    if joined:
        entries.append(
            OutreachEntry(
                collaborative=collaborative,
                organisation=org,
                date=_months_ago(joined + 2),
                channel="meeting",
                reached_out_by=steward,
                offered="A seat at the steering committee",
                asked="Join the partnership and share program data",
                next_step="Send the terms of reference",
            )
        )
        for k in range(1, 7, 2):
            entries.append(
                OutreachEntry(
                    collaborative=collaborative,
                    organisation=org,
                    date=today - dt.timedelta(days=25 * k),
                    channel="call",
                    reached_out_by=steward,
                    asked="Quarterly data and activity update",
                    next_step="Confirm next submission",
                )
            )
    elif org.status in ("contacted", "in_discussion"):
        entries.append(
            OutreachEntry(
                collaborative=collaborative,
                organisation=org,
                date=today - dt.timedelta(days=20),
                channel="email",
                reached_out_by=steward,
                offered="Shared data on youth in their area",
                asked="A first meeting",
                next_step="Call to book the meeting",
                follow_up_on=today - dt.timedelta(days=2),
            )
        )
        entries.append(
            OutreachEntry(
                collaborative=collaborative,
                organisation=org,
                date=today - dt.timedelta(days=5),
                channel="call",
                reached_out_by=steward,
                asked="Present the partnership to their board",
                next_step="Send the deck",
                follow_up_on=today + dt.timedelta(days=6),
            )
        )
    OutreachEntry.objects.bulk_create(entries)


def _context(collaborative: Collaborative, steward: User | None) -> None:
    today = timezone.localdate()
    factors = [
        (
            -200,
            None,
            "people",
            "New police superintendent for community policing",
            "opens",
            "Supt. Roy has made diversion a priority.",
        ),
        (
            -120,
            -60,
            "power",
            "Local media series on youth violence",
            "opens",
            "Public attention and council questions.",
        ),
        (
            -30,
            60,
            "politics",
            "City budget consultations",
            "opens",
            "Chance to ask for community-centre evening hours.",
        ),
        (
            45,
            None,
            "politics",
            "Municipal election",
            "closes",
            "Council attention turns to the campaign; decisions pause.",
        ),
        (
            90,
            150,
            "power",
            "School board strategic plan renewal",
            "opens",
            "Student well-being is one of the draft priorities.",
        ),
        (
            -10,
            None,
            "people",
            "Program officer change at Lakeview Foundation",
            "closes",
            "New officer needs a briefing before renewals.",
        ),
    ]
    for start, end, category, title, effect, description in factors:
        ContextFactor.objects.create(
            collaborative=collaborative,
            date=today + dt.timedelta(days=start),
            end_date=today + dt.timedelta(days=end) if end is not None else None,
            category=category,
            title=title,
            effect=effect,
            description=description,
            created_by=steward,
        )

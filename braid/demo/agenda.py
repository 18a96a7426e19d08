"""Demo data for Design: the common agenda (two versions, partly endorsed), the results chain,
the action plan (with a look-alike pair and an objective no one serves yet), governance bodies,
rules of procedure, the responsibility matrix, leadership, backbone functions and resources.
The terms of reference are issued and partly signed by `braid.demo.terms`, after this."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from braid.accounts.models import User
from braid.agenda.models import (
    Activity,
    AgendaVersion,
    BackboneAssignment,
    Contribution,
    Endorsement,
    ExpectedResult,
    FundingDeadline,
    FundingSource,
    Goal,
    GovernanceBody,
    LeadershipRole,
    Milestone,
    Objective,
    ProgressNote,
    Responsibility,
    RulesOfProcedure,
)
from braid.collaboratives.models import Collaborative
from braid.demo import french
from braid.lib.tabular import normalise_name
from braid.partners.models import Contact, Organisation

SAFETY = "Eastside Community Safety Office"
POLICE = "Riverside Police Service"
SCHOOLS = "Riverside District School Board"
HEALTH = "Eastside Community Health Centre"
WRAP = "Youth Wraparound Network"
JOBS = "Pathways Employment Services"
PARKS = "City Parks and Recreation"
FUNDER = "Lakeview Foundation"

AGENDA_V1 = {
    "problem": (
        "Violence involving young people on the east side has risen for three years. Services "
        "exist, but each sees a fragment of a young person's life and referrals get lost between "
        "police, schools, health and community programmes."
    ),
    "vision": "Every young person on the east side is safe, connected and has a future to aim for.",
    "mission": "Partners share one plan, one set of measures and one referral pathway.",
    "values": "Youth voice; prevention first; shared accountability; equity.",
    "north_star": "Cut youth charged with a violent offence by 30 % within three years.",
    "urgency": "",
}
AGENDA_V2 = {
    **AGENDA_V1,
    "problem": (
        "Violence involving young people aged 12 to 24 on the east side has risen for three "
        "years, with assault injuries seen in emergency rooms up by a fifth. Services exist, but "
        "each sees a fragment of a young person's life and referrals get lost between police, "
        "schools, health and community programmes."
    ),
    "values": "Youth voice; prevention first; shared accountability; equity; data we trust.",
    "urgency": (
        "The city's safety plan is renewed next spring and the Lakeview Foundation's youth fund "
        "opens in the same window: a shared plan now shapes both."
    ),
}

# goal: [(objective, horizon, months from now, expected results, means, evaluation)]
CHAIN = {
    "Fewer young people involved in violence": [
        (
            "Divert young people from charges to support",
            "short",
            9,
            ["Every eligible first offence is offered diversion", "Referral within 72 hours"],
            "Police diversion officers; a shared referral form; wraparound case workers.",
            "Diversion referrals and new police contacts of enrolled youth (shared measures).",
        ),
        (
            "Reduce assault injuries among 12–24 year olds",
            "long",
            30,
            ["Emergency visits for assault injuries fall by 20 %"],
            "Hospital-based violence intervention worker; data-sharing agreement with the ER.",
            "Emergency visits for assault injuries, quarterly, compared with the baseline forecast.",
        ),
    ],
    "Young people connected to school, work and trusted adults": [
        (
            "Keep at-risk students in school",
            "short",
            12,
            ["Violent-incident suspensions fall", "More students attend 90 % of days or more"],
            "School social workers; restorative-practice training for staff.",
            "Suspensions and attendance from the school board, each term.",
        ),
        (
            "Match every enrolled young person with a mentor",
            "short",
            6,
            ["Active mentoring matches for every enrolled youth"],
            "Volunteer mentors, screening and training; a coordinator at the network.",
            "Active matches and a mentee survey twice a year.",
        ),
        (
            "Open paths to paid work",
            "long",
            24,
            ["Youth placed in paid jobs", "Three-month job retention above 70 %"],
            "Employer partners; job coaching; wage subsidies from the foundation.",
            "Placements and retention from Pathways, quarterly.",
        ),
        (
            "Safe evening spaces in every east-side neighbourhood",
            "long",
            18,
            ["Evening programmes in four community centres"],
            "Park staff, youth workers, space in community centres.",
            "Programme hours and attendance; a resident survey.",
        ),
        (
            "Bring youth voice into the partnership's decisions",
            "short",
            8,
            ["A youth advisory group meets before each steering committee"],
            "Honoraria for young advisers; a youth worker to support them.",
            "Attendance of young advisers; decisions that changed after their advice.",
        ),
    ],
}

# title, lead, supporters, objective indexes (flattened), start (months from now), length
# (months), status, reason, description, milestones [(title, months from start, done)]
ACTIVITIES = [
    (
        "Pre-charge diversion for first offences",
        POLICE,
        [WRAP, SAFETY],
        [0],
        -20,
        30,
        "under_way",
        "",
        "Officers refer young people to wraparound support instead of laying a first charge.",
        [
            ("Diversion protocol signed", 1, True),
            ("Half of eligible cases diverted", 12, True),
            ("Every eligible case offered diversion", 24, False),
        ],
    ),
    (
        "72-hour referral pathway",
        SAFETY,
        [POLICE, WRAP, HEALTH, SCHOOLS],
        [0],
        -14,
        20,
        "under_way",
        "",
        "One referral form and a daily triage call so no referral waits more than three days.",
        [("Shared referral form in use", 2, True), ("Triage call every weekday", 6, True)],
    ),
    (
        "Hospital violence intervention programme",
        HEALTH,
        [WRAP],
        [1],
        -10,
        24,
        "under_way",
        "",
        "A youth worker meets young people treated for assault injuries at the bedside and "
        "follows them for six months.",
        [("Youth worker hired", 1, True), ("First 50 young people followed", 9, False)],
    ),
    (
        "Restorative practices in four secondary schools",
        SCHOOLS,
        [SAFETY],
        [2],
        -16,
        24,
        "under_way",
        "",
        "Train staff in restorative circles to replace suspensions for fights and threats.",
        [("Staff trained in two schools", 4, True), ("Staff trained in four schools", 14, False)],
    ),
    (
        "After-school mentoring for youth at risk",
        WRAP,
        [PARKS],
        [3],
        -18,
        30,
        "under_way",
        "",
        "Weekly mentoring sessions pairing at-risk youth with trained volunteer mentors after "
        "school.",
        [("40 mentors trained", 3, True), ("100 active matches", 15, False)],
    ),
    (
        "Youth mentoring programme in community centres",
        PARKS,
        [],
        [3, 5],
        -6,
        18,
        "planned",
        "",
        "Weekly mentoring sessions for at-risk youth with volunteer mentors, held in community "
        "centres.",
        [("Mentor recruitment drive", 2, False)],
    ),
    (
        "Summer jobs for youth",
        JOBS,
        [FUNDER, SAFETY],
        [4],
        -8,
        16,
        "under_way",
        "",
        "Paid summer placements with local employers, with a job coach for each young person.",
        [("30 employers signed up", 3, True), ("60 youth placed", 7, True)],
    ),
    (
        "Employer network for second chances",
        JOBS,
        [],
        [4],
        -12,
        12,
        "stalled",
        "The employer liaison post has been vacant since the summer; recruitment restarts "
        "in January.",
        "Build a network of employers who hire young people with a record.",
        [("Ten employers commit", 4, True)],
    ),
    (
        "Late-night basketball",
        PARKS,
        [POLICE],
        [5],
        -24,
        36,
        "under_way",
        "",
        "Friday and Saturday evening basketball with youth workers in two gyms.",
        [("Second gym opens", 10, True)],
    ),
    (
        "Neighbourhood safety walks",
        SAFETY,
        [POLICE],
        [5],
        -20,
        10,
        "dropped",
        "Residents preferred the evening programmes; the walks drew fewer than five people.",
        "Monthly walks with residents to map unsafe spots.",
        [],
    ),
    (
        "Shared data dashboard",
        SAFETY,
        [HEALTH, SCHOOLS, POLICE],
        [],
        -12,
        10,
        "done",
        "",
        "Partners report the shared measures in Braid; the scorecard goes to the steering "
        "committee each quarter.",
        [("First quarterly scorecard", 4, True)],
    ),
]


def _org(collaborative: Collaborative, name: str) -> Organisation:
    return Organisation.objects.get(
        collaborative=collaborative, normalised_name=normalise_name(name)
    )


def _months(today: dt.date, months: int) -> dt.date:
    y, m = divmod(today.month - 1 + months, 12)
    return dt.date(today.year + y, m + 1, min(today.day, 28))


def seed(collaborative: Collaborative) -> None:
    if AgendaVersion.objects.filter(collaborative=collaborative).exists():
        return
    today = timezone.localdate()
    now = timezone.now()
    steward = User.objects.get(email="steward@demo.braid")
    partner_user = User.objects.get(email="partner@demo.braid")
    school_user = User.objects.get(email="school@demo.braid")
    orgs = {
        name: _org(collaborative, name)
        for name in (SAFETY, POLICE, SCHOOLS, HEALTH, WRAP, JOBS, PARKS, FUNDER)
    }

    # Common agenda: version 1 endorsed widely, version 2 (current) by some.
    v1 = AgendaVersion.objects.create(
        collaborative=collaborative,
        number=1,
        author=steward,
        created_at=now - dt.timedelta(days=400),
        change_note="First draft agreed at the launch retreat",
        change_note_fr="Première version adoptée à la retraite de lancement",
        **AGENDA_V1,
    )
    v2 = AgendaVersion.objects.create(
        collaborative=collaborative,
        number=2,
        author=steward,
        created_at=now - dt.timedelta(days=60),
        change_note="Problem statement sharpened with health data; case for urgency added",
        change_note_fr=(
            "Énoncé du problème précisé avec les données de santé\u00a0; urgence d’agir ajoutée"
        ),
        **AGENDA_V2,
        **french.AGENDA_V2_FR,
    )
    for name in (SAFETY, POLICE, SCHOOLS, HEALTH, WRAP, JOBS, PARKS, FUNDER):
        Endorsement.objects.create(
            collaborative=collaborative,
            version=v1,
            organisation=orgs[name],
            endorsed_by=steward,
            endorsed_by_name="Amina Diallo (recorded at the launch retreat)",
            endorsed_at=now - dt.timedelta(days=395),
        )
    for name, user, days in (
        (SAFETY, steward, 58),
        (POLICE, steward, 50),
        (SCHOOLS, school_user, 41),
        (FUNDER, steward, 30),
    ):
        Endorsement.objects.create(
            collaborative=collaborative,
            version=v2,
            organisation=orgs[name],
            endorsed_by=user,
            endorsed_by_name=user.full_name,
            endorsed_at=now - dt.timedelta(days=days),
        )

    # Results chain.
    objectives: list[Objective] = []
    for gpos, (goal_title, items) in enumerate(CHAIN.items()):
        goal = Goal.objects.create(
            collaborative=collaborative,
            title=goal_title,
            title_fr=french.GOAL_TITLES_FR.get(goal_title, ""),
            position=gpos,
        )
        for opos, (title, horizon, months, results, means, evaluation) in enumerate(items):
            title_fr, means_fr, evaluation_fr = french.OBJECTIVES_FR.get(title, ("", "", ""))
            o = Objective.objects.create(
                collaborative=collaborative,
                goal=goal,
                title=title,
                title_fr=title_fr,
                horizon=horizon,
                due_date=_months(today, months),
                means=means,
                means_fr=means_fr,
                evaluation_method=evaluation,
                evaluation_method_fr=evaluation_fr,
                position=opos,
            )
            for rpos, text in enumerate(results):
                ExpectedResult.objects.create(
                    collaborative=collaborative, objective=o, text=text, position=rpos
                )
            objectives.append(o)

    # Governance.
    consensus = RulesOfProcedure.objects.create(
        collaborative=collaborative,
        name="Steering committee rules",
        decision_method="majority",
        quorum_pct=60,
        majority_pct=67,
        meeting_frequency="Every six weeks, and as needed",
        channels="Braid for documents and decisions; e-mail for notices; a shared calendar.",
        agenda_drafted_by="The backbone coordinator, with the chair",
        agenda_notice_days=7,
        minutes_taken_by="The backbone's data and evaluation lead",
        notes="Consensus is sought first; a vote is held only when consensus fails twice.",
        **french.STEERING_RULES_FR,
    )
    working = RulesOfProcedure.objects.create(
        collaborative=collaborative,
        name="Working group rules",
        decision_method="consent",
        meeting_frequency="Monthly",
        channels="Braid; a group chat for day-to-day questions.",
        agenda_drafted_by="The working-group lead",
        agenda_notice_days=5,
        minutes_taken_by="Members in turn",
        **french.WORKING_RULES_FR,
    )
    contacts = {
        c.organisation_id: c
        for c in Contact.objects.filter(collaborative=collaborative).order_by("pk")
    }
    steering = GovernanceBody.objects.create(
        collaborative=collaborative,
        name="Steering committee",
        kind="steering",
        purpose="Sets direction, approves the plan and the budget, and removes obstacles.",
        purpose_fr=french.BODY_PURPOSE_FR["Steering committee"],
        rules=consensus,
        chair=contacts.get(orgs[POLICE].pk),
    )
    steering.member_organisations.set(orgs.values())
    steering.member_contacts.set(
        [c for oid, c in contacts.items() if oid in {o.pk for o in orgs.values()}]
    )
    wg_referral = GovernanceBody.objects.create(
        collaborative=collaborative,
        name="Referral and diversion working group",
        kind="working_group",
        purpose="Runs the referral pathway and the diversion protocol.",
        purpose_fr=french.BODY_PURPOSE_FR["Referral and diversion working group"],
        rules=working,
        chair=contacts.get(orgs[WRAP].pk),
    )
    wg_referral.member_organisations.set([orgs[n] for n in (POLICE, WRAP, HEALTH, SAFETY)])
    wg_youth = GovernanceBody.objects.create(
        collaborative=collaborative,
        name="Youth opportunities working group",
        kind="working_group",
        purpose="Mentoring, evening programmes and jobs.",
        rules=working,
        chair=contacts.get(orgs[JOBS].pk),
    )
    wg_youth.member_organisations.set([orgs[n] for n in (WRAP, JOBS, PARKS, SCHOOLS, FUNDER)])
    body_for = {
        POLICE: wg_referral,
        SAFETY: wg_referral,
        HEALTH: wg_referral,
        WRAP: wg_youth,
        JOBS: wg_youth,
        PARKS: wg_youth,
        SCHOOLS: wg_youth,
    }

    # Action plan and responsibility matrix.
    for (
        title,
        lead,
        supporters,
        obj_idx,
        start_m,
        length,
        status,
        reason,
        description,
        milestones,
    ) in ACTIVITIES:
        start = _months(today, start_m)
        end = _months(today, start_m + length)
        a = Activity.objects.create(
            collaborative=collaborative,
            title=title,
            title_fr=french.ACTIVITY_TITLES_FR.get(title, ""),
            description=description,
            lead=orgs[lead],
            body=body_for.get(lead),
            start=start,
            end=end,
            status=status,
            status_reason=reason,
            updated_at=now - dt.timedelta(days=abs(start_m)),
        )
        a.supporters.set([orgs[s] for s in supporters])
        a.objectives.set([objectives[i] for i in obj_idx])
        for mtitle, offset, done in milestones:
            due = min(_months(start, offset), end)
            Milestone.objects.create(
                collaborative=collaborative,
                activity=a,
                title=mtitle,
                title_fr=french.MILESTONE_TITLES_FR.get(mtitle, ""),
                due_on=due,
                done_on=due if done and due <= today else None,
            )
        Responsibility.objects.create(
            collaborative=collaborative, activity=a, organisation=orgs[lead], role="A"
        )
        for i, s in enumerate(supporters):
            Responsibility.objects.create(
                collaborative=collaborative,
                activity=a,
                organisation=orgs[s],
                role="R" if i == 0 else "C",
            )
        if FUNDER not in supporters and lead != FUNDER:
            Responsibility.objects.create(
                collaborative=collaborative, activity=a, organisation=orgs[FUNDER], role="I"
            )
        if status in ("under_way", "stalled"):
            ProgressNote.objects.create(
                collaborative=collaborative,
                activity=a,
                status=status,
                author=partner_user if lead == HEALTH else steward,
                text=reason or "On track: see the milestones; numbers are in the shared measures.",
                created_at=now - dt.timedelta(days=20),
            )

    # Leadership and backbone functions.
    for title, body, person, org, months_ago, term in (
        ("chair", steering, "Supt. Daniel Roy", POLICE, 24, 24),
        ("co_chair", steering, "Dr. Priya Raman", HEALTH, 12, 24),
        ("wg_lead", wg_referral, "Jordan Blake", WRAP, 18, 24),
        ("wg_lead", wg_youth, "Sofia Marquez", JOBS, 10, 24),
        ("chair", steering, "Helen Cho", SCHOOLS, 48, 24),
    ):
        start = _months(today, -months_ago)
        LeadershipRole.objects.create(
            collaborative=collaborative,
            title=title,
            body=body,
            person=person,
            organisation=orgs[org],
            term_start=start,
            term_end=_months(start, term),
        )
    for function, assignee, org, notes in (
        (
            "vision",
            "Amina Diallo, coordinator",
            SAFETY,
            "Prepares strategy sessions with the steering committee.",
        ),
        (
            "activities",
            "Amina Diallo, coordinator",
            SAFETY,
            "Runs the action plan and the working groups.",
        ),
        (
            "measurement",
            "Kwame Mensah, data lead",
            SAFETY,
            "Runs the shared measures and the scorecard.",
        ),
        (
            "funding",
            "Lakeview Foundation programme officer",
            FUNDER,
            "Aligns the foundation's youth fund.",
        ),
        (
            "public_will",
            "Communications working pair",
            PARKS,
            "Campaign with the residents' association.",
        ),
    ):
        BackboneAssignment.objects.create(
            collaborative=collaborative,
            function=function,
            assignee=assignee,
            organisation=orgs[org],
            notes=notes,
        )
    # "Advance policy" is left unassigned on purpose: the page shows what to do about it.

    # Resources.
    year_start = dt.date(today.year, 1, 1)
    year_end = dt.date(today.year, 12, 31)
    for org, kind, description, value in (
        (FUNDER, "funding", "Youth fund grant to the backbone", "250000"),
        (SAFETY, "funding", "City safety plan budget line", "120000"),
        (SAFETY, "staff", "Coordinator and data lead (1.6 FTE)", "140000"),
        (POLICE, "staff", "Two diversion officers, half time", "90000"),
        (HEALTH, "staff", "Violence intervention youth worker", "70000"),
        (SCHOOLS, "in_kind", "Restorative-practice training days", "35000"),
        (PARKS, "space", "Gyms and community-centre rooms, evenings", "48000"),
        (WRAP, "staff", "Mentoring coordinator", "60000"),
        (JOBS, "in_kind", "Job coaching", "40000"),
        (HEALTH, "data", "Emergency-visit extracts, monthly", "5000"),
    ):
        Contribution.objects.create(
            collaborative=collaborative,
            organisation=orgs[org],
            kind=kind,
            description=description,
            value=Decimal(value),
            period_start=year_start,
            period_end=year_end,
        )
    for funder, org, programme, mandate, reporting, amount, deadlines in (
        (
            "Lakeview Foundation",
            FUNDER,
            "Youth futures fund",
            "Prevention and youth opportunity in low-income neighbourhoods; favours collective "
            "efforts with shared measurement.",
            "Narrative and financial report twice a year; shared-measures scorecard each year.",
            "250000",
            [
                ("Mid-year narrative report", 1),
                ("Annual scorecard and financial report", 4),
                ("Renewal application", 7),
            ],
        ),
        (
            "City of Riverside – Community safety plan",
            SAFETY,
            "Safety and well-being plan",
            "Provincially required community safety plan: risk-based, multi-sector, prevention "
            "first.",
            "Annual progress report to council; indicators aligned with the provincial framework.",
            "120000",
            [("Progress report to council", 2), ("Plan renewal consultation", 5)],
        ),
        (
            "Provincial Youth Justice Fund",
            "",
            "Diversion programmes",
            "Diverting young people from the youth justice system.",
            "Quarterly counts of diversions and completions; no personal data.",
            "80000",
            [("Quarterly diversion counts", -1), ("Quarterly diversion counts", 2)],
        ),
    ):
        source = FundingSource.objects.create(
            collaborative=collaborative,
            funder=funder,
            organisation=orgs[org] if org else None,
            programme=programme,
            mandate=mandate,
            reporting_requirements=reporting,
            amount=Decimal(amount),
            starts_on=year_start,
            ends_on=_months(year_end, 24),
        )
        for title, months in deadlines:
            due = _months(today, months)
            FundingDeadline.objects.create(
                collaborative=collaborative,
                source=source,
                title=title,
                title_fr=french.DEADLINE_TITLES_FR.get(title, ""),
                due_on=due,
                done=False,
            )


# Indicator code → objective title: run after the measures demo has created the indicators.
INDICATOR_LINKS = {
    "youth-charged-violent": "Divert young people from charges to support",
    "diversion-referrals": "Divert young people from charges to support",
    "new-police-contact": "Divert young people from charges to support",
    "ed-assault-visits": "Reduce assault injuries among 12–24 year olds",
    "violent-suspensions": "Keep at-risk students in school",
    "school-attendance-90": "Keep at-risk students in school",
    "mentoring-matches": "Match every enrolled young person with a mentor",
    "youth-placed-jobs": "Open paths to paid work",
    "job-retention-3m": "Open paths to paid work",
    "program-hours": "Safe evening spaces in every east-side neighbourhood",
    "program-attendance": "Safe evening spaces in every east-side neighbourhood",
}

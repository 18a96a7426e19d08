"""The demo's year of meetings: a monthly steering committee and a bimonthly working group,
with agendas, bilingual minutes (frozen, circulated, draft), attendance (City Parks and
Recreation drifting away), decisions of each method (one superseded, one not adopted) and
action items (some overdue). Idempotent: nothing is added once the steering series exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from braid.agenda.models import Activity, GovernanceBody
from braid.collaboratives.access import Access
from braid.collaboratives.models import Collaborative, Membership, Role
from braid.measures.models import Indicator
from braid.meetings import actions, decisions, minutes, services
from braid.meetings.models import Notification, Series

STEERING = "Steering committee"
DRIFTING = "City Parks and Recreation"

MINUTES = """**English**

The chair welcomed members. {topic_en} was discussed; the scorecard was reviewed and the
actions of the last meeting were followed up.

**Français**

La présidence accueille les membres. Discussion : {topic_fr}. Le tableau de bord est passé en
revue et les actions de la dernière réunion sont suivies.
"""

TOPICS = [
    ("The referral form", "le formulaire d’orientation"),
    ("Data sharing between partners", "le partage des données entre partenaires"),
    ("The evening outreach worker", "l’intervenant de soirée"),
    ("Summer programmes", "les programmes d’été"),
    ("The school-based mentoring pilot", "le projet pilote de mentorat à l’école"),
    ("Meeting rhythm", "le rythme des réunions"),
]


def _second(weekday: int, year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7)


def _months_back(today: dt.date, n: int) -> tuple[int, int]:
    m = today.month - n
    y = today.year + (m - 1) // 12
    return y, (m - 1) % 12 + 1


def seed(collaborative: Collaborative) -> None:
    steering = GovernanceBody.objects.filter(collaborative=collaborative, name=STEERING).first()
    if steering is None or Series.objects.filter(collaborative=collaborative).exists():
        return
    membership = (
        Membership.objects.filter(collaborative=collaborative, role=Role.STEWARD)
        .select_related("user", "collaborative")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return
    access = Access(collaborative=collaborative, membership=membership)
    today = timezone.localdate()
    working = (
        GovernanceBody.objects.filter(collaborative=collaborative, kind="working_group")
        .order_by("name")
        .first()
    )
    y, m = _months_back(today, 11)
    sc = services.series_schedule(
        access=access,
        title=STEERING,
        frequency="monthly",
        date=_second(1, y, m),  # second Tuesday
        start_time=dt.time(9, 30),
        end_time=dt.time(11, 0),
        count=14,
        body_id=steering.pk,
        place="City Hall, room 204",
        video_url="https://meet.example.org/eastside-steering",
        template=["Welcome and apologies", "Actions review", "Scorecard: what moved"],
    )
    series = [sc]
    if working is not None:
        y, m = _months_back(today, 11)
        series.append(
            services.series_schedule(
                access=access,
                title=working.name,
                frequency="bimonthly",
                date=_second(3, y, m),  # second Thursday
                start_time=dt.time(14, 0),
                end_time=dt.time(15, 30),
                count=7,
                body_id=working.pk,
                video_url="https://meet.example.org/eastside-wg",
                template=["Cases and referrals", "Actions review"],
            )
        )
    indicator = Indicator.objects.filter(collaborative=collaborative).order_by("pk").first()
    activity = Activity.objects.filter(collaborative=collaborative).order_by("pk").first()
    partner_user = Membership.objects.filter(
        collaborative=collaborative, user__email="partner@demo.braid"
    ).first()
    for s in series:
        past = [m for m in s.meetings.order_by("sequence") if m.ends_at < timezone.now()]
        members = list(s.body.member_organisations.order_by("name")) if s.body else []
        for n, meeting in enumerate(past):
            topic_en, topic_fr = TOPICS[n % len(TOPICS)]
            services.agenda_item_add(
                access=access, meeting_id=meeting.pk, title=topic_en, purpose="decision"
            )
            lines = [minutes.Line("present", user_id=membership.user_id, chaired=True)]
            if partner_user and n % 4 != 3:
                lines.append(minutes.Line("present", user_id=partner_user.user_id))
            for k, org in enumerate(members):
                if org.name == DRIFTING:
                    status = "present" if n < 3 else ("apologies" if n < 6 else "absent")
                elif (n + k) % 7 == 0:
                    status = "apologies"
                else:
                    status = "present"
                if partner_user and org.pk == partner_user.organisation_id:
                    continue
                lines.append(minutes.Line(status, organisation_id=org.pk))
            minutes.attendance_record(access=access, meeting_id=meeting.pk, lines=lines)
            item = meeting.items.filter(title=topic_en).first()
            outcomes = {item.pk: ("done", f"Agreed: {topic_en.lower()}.")} if item else {}
            minutes.minutes_save(
                access=access,
                meeting_id=meeting.pk,
                text=MINUTES.format(topic_en=topic_en, topic_fr=topic_fr),
                outcomes=outcomes,
            )
            if n < len(past) - 1:
                minutes.minutes_circulate(access=access, meeting_id=meeting.pk)
            if n < len(past) - 2:
                minutes.minutes_approve(access=access, meeting_id=meeting.pk)
                minutes.minutes_freeze(access=access, meeting_id=meeting.pk)
        if s is not sc or len(past) < 8:
            continue
        _decisions(access, past, members, indicator, activity, partner_user, today)
    # the demo's history is not news: nothing waits to be e-mailed
    Notification.objects.filter(collaborative=collaborative).update(sent_at=timezone.now())


# What each decision decided, in French (ADR 0015), by its English title.
DECISIONS_FR = {
    "Meet every six weeks": "Se réunir toutes les six semaines",
    "Adopt the shared referral form": "Adopter le formulaire d’orientation commun",
    "Share aggregate figures monthly": "Partager chaque mois les chiffres agrégés",
    "Fund an evening outreach worker": "Financer un intervenant de proximité en soirée",
    "Extend the programme to a second school": "Étendre le programme à une deuxième école",
    "Meet every month": "Se réunir tous les mois",
}


def _decisions(access, past, members, indicator, activity, partner_user, today):  # type: ignore[no-untyped-def]
    d1 = decisions.decision_record(
        access=access,
        title="Meet every six weeks",
        title_fr=DECISIONS_FR["Meet every six weeks"],
        method="consensus",
        meeting_id=past[0].pk,
    )
    decisions.decision_record(
        access=access,
        title="Adopt the shared referral form",
        title_fr=DECISIONS_FR["Adopt the shared referral form"],
        method="consensus",
        meeting_id=past[1].pk,
        activity_ids=[activity.pk] if activity else [],
    )
    decisions.decision_record(
        access=access,
        title="Share aggregate figures monthly",
        title_fr=DECISIONS_FR["Share aggregate figures monthly"],
        method="consent",
        meeting_id=past[2].pk,
        objections=[
            decisions.ObjectionIn(
                "Small counts could identify young people",
                members[0].pk if members else None,
                resolution="Counts under the threshold are suppressed",
            )
        ],
    )
    funded = decisions.decision_record(
        access=access,
        title="Fund an evening outreach worker",
        title_fr=DECISIONS_FR["Fund an evening outreach worker"],
        method="vote",
        meeting_id=past[3].pk,
        votes_for=3,
        votes_against=1,
        votes_abstain=1,
        indicator_ids=[indicator.pk] if indicator else [],
        dissenting_ids=[members[1].pk] if len(members) > 1 else [],
    )
    decisions.decision_record(
        access=access,
        title="Extend the programme to a second school",
        title_fr=DECISIONS_FR["Extend the programme to a second school"],
        method="vote",
        meeting_id=past[4].pk,
        votes_for=3,
        votes_against=3,
        votes_abstain=0,
    )
    decisions.decision_record(
        access=access,
        title="Meet every month",
        title_fr=DECISIONS_FR["Meet every month"],
        method="consensus",
        meeting_id=past[5].pk,
        supersedes_id=d1.pk,
    )
    owner = partner_user.user_id if partner_user else None
    plan = [
        (
            "Recruit the outreach worker",
            funded.pk,
            past[3].pk,
            today - dt.timedelta(days=40),
            "done",
        ),
        (
            "Draft the data-sharing protocol",
            None,
            past[2].pk,
            today - dt.timedelta(days=20),
            "open",
        ),
        (
            "Report on referrals at the next meeting",
            None,
            past[-1].pk,
            today + dt.timedelta(days=2),
            "open",
        ),
        ("Book the summer venues", None, past[-2].pk, today - dt.timedelta(days=5), "open"),
        (
            "Send the scorecard to the funder",
            None,
            past[-1].pk,
            today + dt.timedelta(days=21),
            "open",
        ),
    ]
    for title, decision_id, meeting_id, due, status in plan:
        a = actions.action_create(
            access=access,
            title=title,
            owner_id=owner,
            due_on=due,
            meeting_id=meeting_id,
            decision_id=decision_id,
            indicator_id=indicator.pk if indicator and decision_id else None,
        )
        if status == "done":
            actions.action_update(
                access=access, action_id=a.pk, text="Started on Monday.", status="done"
            )

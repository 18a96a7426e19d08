"""The decisions register: what was decided, when, at which meeting, by which method, and
what it changes. Never deleted: a decision is superseded (both ways linked) or revoked.

A vote is counted by member organisation (one vote each): the members are the body's member
organisations (or, for a meeting of no body, the organisations invited), those present are
the members with someone recorded as present. Votes cast are for + against (abstentions are
counted but not cast). The body's rules of procedure give the quorum (% of members present)
and the majority (% of votes cast); with no rules, a quorum of half the members and a simple
majority. A vote whose counts exceed the members present is refused; a vote without quorum,
or without its majority, and a consent decision with an objection left unresolved, are
recorded as not adopted with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Activity, AgendaVersion, TermsVersion
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.measures.models import Indicator
from braid.meetings.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Method,
    Objection,
    Presence,
)
from braid.meetings.timing import local_date
from braid.partners.models import Organisation

vocabulary(
    {
        "decision.recorded": gettext_lazy(
            "Decision D-%(number)s “%(title)s” recorded (%(method)s)"
        ),
        "decision.not_adopted": gettext_lazy(
            "Proposal D-%(number)s “%(title)s” recorded as not adopted: %(reason)s"
        ),
        "decision.revoked": gettext_lazy("Decision D-%(number)s “%(title)s” revoked: %(reason)s"),
    }
)

DEFAULT_QUORUM = 50
DEFAULT_MAJORITY = 50


@dataclass(frozen=True)
class ObjectionIn:
    text: str
    organisation_id: int | None = None
    resolution: str = ""


@dataclass(frozen=True)
class Count:
    members: int
    present: int
    quorum_pct: int
    majority_pct: int


def vote_count(meeting: Meeting) -> Count:
    """Members and members present at a meeting, and the rules that apply."""
    body = meeting.body
    if body is not None:
        member_ids = set(body.member_organisations.values_list("pk", flat=True))
    else:
        member_ids = set(meeting.invited_organisations.values_list("pk", flat=True))
    present_orgs = set(
        meeting.attendance.filter(
            status=Presence.PRESENT, organisation_id__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    if not member_ids:  # an open meeting: everyone present counts
        member_ids = present_orgs
    rules = body.rules if body is not None else None
    return Count(
        members=len(member_ids),
        present=len(member_ids & present_orgs),
        quorum_pct=(rules.quorum_pct if rules and rules.quorum_pct else DEFAULT_QUORUM),
        majority_pct=(rules.majority_pct if rules and rules.majority_pct else DEFAULT_MAJORITY),
    )


def _next_number(access: Access) -> int:
    top = access.scope(Decision).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


@transaction.atomic
def decision_record(
    *,
    access: Access,
    method: str,
    title: str = "",
    meeting_id: int | None = None,
    item_id: int | None = None,
    text: str = "",
    decided_on: dt.date | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    objections: list[ObjectionIn] | None = None,
    dissenting_ids: list[int] | None = None,
    activity_ids: list[int] | None = None,
    indicator_ids: list[int] | None = None,
    agenda_version_ids: list[int] | None = None,
    terms_version_ids: list[int] | None = None,
    changes: str = "",
    supersedes_id: int | None = None,
    title_fr: str = "",
    text_fr: str = "",
    changes_fr: str = "",
) -> Decision:
    """Its texts (what was decided, details, what it changes) may be written in English, in
    French or in both (`x_fr`, ADR 0015); what was decided in one of them at least."""
    access.require_manage()
    problems: list[FieldProblem] = []
    title, title_fr = (title or "").strip(), (title_fr or "").strip()
    if not (title or title_fr):
        problems.append(
            FieldProblem(
                "title",
                _("Say what was decided, in one sentence: in English, in French or in both."),
            )
        )
    if method not in Method.values:
        problems.append(FieldProblem("method", _("Choose consensus, consent or vote.")))
    meeting = None
    if meeting_id:
        meeting = access.scope(Meeting).select_related("body__rules").filter(pk=meeting_id).first()
        if meeting is None:
            problems.append(
                FieldProblem("meeting_id", _("That meeting is not in this collaborative."))
            )
        elif meeting.status == MeetingStatus.CANCELLED:
            problems.append(
                FieldProblem(
                    "meeting_id", _("That meeting was cancelled: no decision was taken there.")
                )
            )
    item = None
    if item_id:
        item = access.scope(AgendaItem).filter(pk=item_id).first()
        if item is None or (meeting is not None and item.meeting_id != meeting.pk):
            problems.append(
                FieldProblem("item_id", _("That item is not on this meeting's agenda."))
            )
    if decided_on is None:
        decided_on = local_date(meeting) if meeting else timezone.localdate()
    orgs, p = access.owned(Organisation, dissenting_ids or [], field="dissenting_ids")
    problems += p
    activities, p = access.owned(Activity, activity_ids or [], field="activity_ids")
    problems += p
    indicators, p = access.owned(Indicator, indicator_ids or [], field="indicator_ids")
    problems += p
    versions, p = access.owned(AgendaVersion, agenda_version_ids or [], field="agenda_version_ids")
    problems += p
    terms, p = access.owned(TermsVersion, terms_version_ids or [], field="terms_version_ids")
    problems += p
    objection_orgs = {o.organisation_id for o in objections or [] if o.organisation_id}
    _found, p = access.owned(Organisation, objection_orgs, field="objections")
    problems += p
    if any(not (o.text or "").strip() for o in objections or []):
        problems.append(
            FieldProblem("objections", _("Write each objection, or remove the empty one."))
        )
    earlier = None
    if supersedes_id:
        earlier = access.scope(Decision).select_for_update().filter(pk=supersedes_id).first()
        if earlier is None:
            problems.append(
                FieldProblem("supersedes_id", _("That decision is not in this register."))
            )
        elif earlier.status != DecisionStatus.ACTIVE:
            problems.append(
                FieldProblem(
                    "supersedes_id",
                    _("D-%(n)s is %(status)s: only an active decision can be superseded.")
                    % {"n": earlier.number, "status": earlier.get_status_display().lower()},
                )
            )
    votes = (votes_for, votes_against, votes_abstain)
    count = None
    status, reason = DecisionStatus.ACTIVE, ""
    if method == Method.VOTE:
        if meeting is None:
            problems.append(
                FieldProblem("meeting_id", _("A vote is taken at a meeting: choose the meeting."))
            )
        elif not meeting.attendance.exists():
            problems.append(
                FieldProblem(
                    "votes_for",
                    _("Record the meeting's attendance first: the quorum is checked from it."),
                )
            )
        if any(v is None for v in votes):
            problems.append(
                FieldProblem(
                    "votes_for", _("Give the votes for, against and abstaining (0 when none).")
                )
            )
        elif any(v < 0 for v in votes if v is not None):
            problems.append(FieldProblem("votes_for", _("Votes are counted from 0 up.")))
        if meeting is not None and not problems:
            count = vote_count(meeting)
            cast = sum(v or 0 for v in votes)
            if cast > count.present:
                problems.append(
                    FieldProblem(
                        "votes_for",
                        _(
                            "%(cast)s votes for %(present)s members present: a member organisation has one vote. Check the counts or the attendance."
                        )
                        % {"cast": cast, "present": count.present},
                    )
                )
            elif count.members and count.present * 100 < count.members * count.quorum_pct:
                status = DecisionStatus.NOT_ADOPTED
                reason = _(
                    "no quorum: %(present)s of %(members)s members present, %(pct)s %% needed"
                ) % {
                    "present": count.present,
                    "members": count.members,
                    "pct": count.quorum_pct,
                }
            else:
                f, a = votes_for or 0, votes_against or 0
                if not (f > a and f * 100 >= (f + a) * count.majority_pct):
                    status = DecisionStatus.NOT_ADOPTED
                    reason = _(
                        "%(for)s for, %(against)s against: the majority of %(pct)s %% of votes cast was not reached"
                    ) % {
                        "for": f,
                        "against": a,
                        "pct": count.majority_pct,
                    }
    elif any(v is not None for v in votes):
        problems.append(
            FieldProblem(
                "votes_for", _("Only a vote has counts: choose “vote” or leave them empty.")
            )
        )
    if method == Method.CONSENT and not problems:
        open_ones = [o for o in objections or [] if not (o.resolution or "").strip()]
        if open_ones:
            status = DecisionStatus.NOT_ADOPTED
            reason = _("%(n)s objection(s) not resolved") % {"n": len(open_ones)}
    raise_problems(problems)
    decision = Decision.objects.create(
        collaborative=access.collaborative,
        number=_next_number(access),
        meeting=meeting,
        item=item,
        title=title[:300],
        title_fr=title_fr[:300],
        text=(text or "").strip(),
        text_fr=(text_fr or "").strip(),
        decided_on=decided_on,
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        present=count.present if count else None,
        members=count.members if count else None,
        quorum_pct=count.quorum_pct if count else None,
        majority_pct=count.majority_pct if count else None,
        status=status,
        reason=reason,
        supersedes=earlier if status == DecisionStatus.ACTIVE else None,
        changes=(changes or "").strip(),
        changes_fr=(changes_fr or "").strip(),
        recorded_by=access.user,
    )
    decision.dissenting.set(orgs)
    decision.activities.set(activities)
    decision.indicators.set(indicators)
    decision.agenda_versions.set(versions)
    decision.terms_versions.set(terms)
    Objection.objects.bulk_create(
        Objection(
            collaborative=access.collaborative,
            decision=decision,
            organisation_id=o.organisation_id,
            text=o.text.strip(),
            resolution=(o.resolution or "").strip(),
        )
        for o in objections or []
    )
    if earlier is not None and status == DecisionStatus.ACTIVE:
        earlier.status = DecisionStatus.SUPERSEDED
        earlier.save(update_fields=["status"])
    if status == DecisionStatus.ACTIVE:
        record(
            access,
            "decision.recorded",
            number=decision.number,
            title=decision.shown_title,
            method=decision.get_method_display(),
        )
    else:
        record(
            access,
            "decision.not_adopted",
            number=decision.number,
            title=decision.shown_title,
            reason=reason,
        )
    from braid.meetings import notifications

    notifications.decision_event(decision)
    return decision


@transaction.atomic
def decision_revoke(*, access: Access, decision_id: int, reason: str) -> Decision:
    access.require_manage()
    decision = access.get_owned(Decision.objects.select_for_update(), pk=decision_id)
    if decision.status != DecisionStatus.ACTIVE:
        raise ServiceError(_("Only an active decision can be revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.on("reason", _("Say why the decision is revoked."))
    decision.status, decision.reason = DecisionStatus.REVOKED, reason
    decision.save(update_fields=["status", "reason"])
    record(
        access,
        "decision.revoked",
        number=decision.number,
        title=decision.shown_title,
        reason=reason,
    )
    return decision

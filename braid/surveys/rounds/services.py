"""A steward's services for a round: create, open, close and reopen it, add respondents, send
the invitations and the reminders. Each takes an `Access` and writes one audit line (the
phrases are declared with the module's others, in `braid.surveys.services`, where the audit
log finds them). The respondent's own services are in `braid.surveys.services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.partners.models import Organisation
from braid.surveys import links, mixing, selectors
from braid.surveys.models import (
    Invitation,
    InvitationStatus,
    Round,
    RoundInstrument,
    RoundLanguages,
    RoundStatus,
)
from braid.surveys.rules import effective_status

REMINDER_CAP = 3
REMINDER_GAP_DAYS = 4


# Rounds --------------------------------------------------------------------------------------


def _title_problems(access: Access, titles: dict[str, str]) -> list[FieldProblem]:
    """`titles`: the title in each language ({"title": …, "title_fr": …}); one is enough. No
    two rounds share a title, whatever language either is written in."""
    if not any(t.strip() for t in titles.values()):
        return [
            FieldProblem(
                "title",
                _("Give the round a title, e.g. “Check-up 2026”, in English, in French or both."),
            )
        ]
    problems = []
    for field, text in titles.items():
        text = text.strip()
        if len(text) > 200:
            problems.append(FieldProblem(field, _("Keep the title under 200 characters.")))
        elif text and access.scope(Round).filter(Q(title=text) | Q(title_fr=text)).exists():
            problems.append(
                FieldProblem(field, _("A round with this title exists: choose another."))
            )
    return problems


def _round_problems(
    access: Access,
    *,
    titles: dict[str, str],
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    instruments: list[str],
    languages: str,
) -> list[FieldProblem]:
    problems = _title_problems(access, titles)
    if opens_on is None:
        problems.append(FieldProblem("opens_on", _("Give the date the round opens.")))
    if closes_on is None:
        problems.append(FieldProblem("closes_on", _("Give the date the round closes.")))
    if opens_on and closes_on and closes_on < opens_on:
        problems.append(
            FieldProblem("closes_on", _("The round must close on or after the day it opens."))
        )
    known = selectors.instruments(access.collaborative)
    if not instruments:
        problems.append(FieldProblem("instruments", _("Choose at least one instrument.")))
    unknown = [r for r in instruments if r not in known]
    if unknown:
        problems.append(
            FieldProblem(
                "instruments",
                _("Unknown instrument: %(refs)s. Load its file first.")
                % {"refs": ", ".join(unknown)},
            )
        )
    if len(set(instruments)) != len(instruments):
        problems.append(FieldProblem("instruments", _("Each instrument can be chosen once.")))
    if sum(1 for r in instruments if r in known and known[r].is_network) > 1:
        problems.append(
            FieldProblem(
                "instruments", _("A round can hold one levels-of-collaboration instrument.")
            )
        )
    if languages not in RoundLanguages.values:
        problems.append(FieldProblem("languages", _("Choose English, French or both.")))
    return problems


@transaction.atomic
def round_create(
    *,
    access: Access,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    instruments: list[str],
    languages: str = RoundLanguages.BOTH,
    title: str = "",
    title_fr: str = "",
) -> Round:
    """Its title in English, in French or in both (ADR 0015)."""
    access.require_manage()
    raise_problems(
        _round_problems(
            access,
            titles={"title": title, "title_fr": title_fr},
            opens_on=opens_on,
            closes_on=closes_on,
            instruments=instruments,
            languages=languages,
        )
    )
    assert opens_on is not None and closes_on is not None
    known = selectors.instruments(access.collaborative)
    round_ = Round.objects.create(
        collaborative=access.collaborative,
        title=title.strip(),
        title_fr=title_fr.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        languages=languages,
        is_readiness=any(known[r].id == "braid-readiness" for r in instruments),
    )
    RoundInstrument.objects.bulk_create(
        RoundInstrument(collaborative=access.collaborative, round=round_, ref=ref, position=n)
        for n, ref in enumerate(instruments)
    )
    record(access, "survey_round.created", title=round_.shown_title, instruments=instruments)
    return round_


@transaction.atomic
def round_open(*, access: Access, round_id: int) -> Round:
    access.require_manage()
    round_ = access.get_owned(Round.objects.select_for_update(), pk=round_id)
    if round_.status != RoundStatus.DRAFT:
        raise ServiceError.on("status", _("Only a draft round can be opened; reopen a closed one."))
    if round_.closes_on < timezone.localdate():
        raise ServiceError.on(
            "closes_on", _("The round's closing date has passed: move it before opening.")
        )
    round_.status = RoundStatus.OPEN
    round_.save(update_fields=["status"])
    record(access, "survey_round.opened", title=round_.shown_title)
    return round_


@transaction.atomic
def round_close(*, access: Access, round_id: int) -> Round:
    access.require_manage()
    round_ = access.get_owned(Round.objects.select_for_update(), pk=round_id)
    if round_.status != RoundStatus.OPEN:
        raise ServiceError.on("status", _("Only an open round can be closed."))
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.closes_on = min(round_.closes_on, max(round_.opens_on, timezone.localdate()))
    round_.save(update_fields=["status", "closed_at", "closes_on"])
    mixing.mix_round(round_.pk)  # no more answers: their order of arrival goes (ADR 0010)
    record(access, "survey_round.closed", title=round_.shown_title)
    return round_


@transaction.atomic
def round_reopen(*, access: Access, round_id: int, closes_on: dt.date | None, reason: str) -> Round:
    access.require_manage()
    round_ = access.get_owned(Round.objects.select_for_update(), pk=round_id)
    problems = []
    if effective_status(round_) != RoundStatus.CLOSED:
        problems.append(FieldProblem("status", _("Only a closed round can be reopened.")))
    if closes_on is None or closes_on < timezone.localdate():
        problems.append(FieldProblem("closes_on", _("Give a new closing date, today or later.")))
    if not reason.strip():
        problems.append(
            FieldProblem("reason", _("Say why the round is reopened (kept in the log)."))
        )
    raise_problems(problems)
    round_.status = RoundStatus.OPEN
    round_.closes_on = closes_on
    round_.closed_at = None
    round_.reopened_count += 1
    round_.save(update_fields=["status", "closes_on", "closed_at", "reopened_count"])
    record(
        access,
        "survey_round.reopened",
        title=round_.shown_title,
        closes_on=closes_on.isoformat() if closes_on else "",
        reason=reason.strip()[:300],
    )
    return round_


# Respondents and links -----------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    email: str
    organisation_id: int
    name: str = ""
    language: str = ""


@transaction.atomic
def respondents_add(*, access: Access, round_id: int, people: Iterable[Person]) -> int:
    """Add respondents (anyone by e-mail, with the organisation they answer for); addresses
    already in the round are left as they are. Returns how many were added."""
    access.require_manage()
    round_ = access.get_owned(Round, pk=round_id)
    if effective_status(round_) == RoundStatus.CLOSED:
        raise ServiceError.on("round", _("The round is closed: reopen it to add respondents."))
    people = list(people)
    problems: list[FieldProblem] = []
    _orgs, missing = access.owned(
        Organisation, [p.organisation_id for p in people], field="organisation"
    )
    problems += missing
    languages = round_.languages.split(",")
    seen: set[str] = set()
    clean: list[Person] = []
    for n, p in enumerate(people, 1):
        email = p.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                FieldProblem(
                    "email",
                    _("Line %(n)s: “%(email)s” is not an e-mail address.")
                    % {"n": n, "email": p.email},
                    row=n,
                )
            )
            continue
        if email in seen:
            continue
        seen.add(email)
        lang = p.language if p.language in languages else languages[0]
        clean.append(Person(email, p.organisation_id, p.name.strip()[:200], lang))
    if not people:
        problems.append(FieldProblem("people", _("Choose at least one respondent.")))
    raise_problems(problems)
    existing = set(access.scope(Invitation).filter(round=round_).values_list("email", flat=True))
    new = [p for p in clean if p.email not in existing]
    Invitation.objects.bulk_create(
        Invitation(
            collaborative=access.collaborative,
            round=round_,
            organisation_id=p.organisation_id,
            email=p.email,
            name=p.name,
            language=p.language,
        )
        for p in new
    )
    record(access, "survey_respondents.added", title=round_.shown_title, count=len(new))
    return len(new)


@transaction.atomic
def invitations_send(*, access: Access, round_id: int) -> int:
    """Send each respondent not yet invited their personal link; the round must be open."""
    access.require_manage()
    round_ = access.get_owned(Round, pk=round_id)
    if effective_status(round_) != RoundStatus.OPEN:
        raise ServiceError.on("round", _("Open the round before sending invitations."))
    now = timezone.now()
    pending = list(
        access.scope(Invitation)
        .filter(round=round_, sent_count=0)
        .select_related("round__collaborative")
    )
    for inv in pending:
        links.mail_link(inv, links.issue_link(inv), "invitation")
        inv.sent_count, inv.last_sent_at = 1, now
    Invitation.objects.bulk_update(pending, ["sent_count", "last_sent_at"])
    record(access, "survey_invitations.sent", title=round_.shown_title, count=len(pending))
    return len(pending)


@dataclass(frozen=True)
class Reminded:
    sent: int
    capped: int  # unfinished, but already reminded as often as allowed
    too_soon: int  # unfinished, reminded less than the gap ago


@transaction.atomic
def reminders_send(
    *, access: Access, round_id: int, cap: int = REMINDER_CAP, gap_days: int = REMINDER_GAP_DAYS
) -> Reminded:
    """Remind only those who have not finished, at most `cap` times, `gap_days` apart, each
    reminder saying how long is left. A finished response is never touched."""
    access.require_manage()
    round_ = access.get_owned(Round, pk=round_id)
    if effective_status(round_) != RoundStatus.OPEN:
        raise ServiceError.on("round", _("The round is not open: nothing to remind."))
    now = timezone.now()
    unfinished = list(
        access.scope(Invitation)
        .filter(round=round_, sent_count__gt=0)
        .exclude(status=InvitationStatus.FINISHED)
        .select_related("round__collaborative")
    )
    due, capped, soon = [], 0, 0
    for inv in unfinished:
        if inv.reminders_sent >= cap:
            capped += 1
        elif inv.last_sent_at and now - inv.last_sent_at < dt.timedelta(days=gap_days):
            soon += 1
        else:
            due.append(inv)
    for inv in due:
        links.mail_link(inv, links.issue_link(inv), "reminder")
        inv.reminders_sent += 1
        inv.sent_count += 1
        inv.last_sent_at = now
    Invitation.objects.bulk_update(due, ["reminders_sent", "sent_count", "last_sent_at"])
    record(access, "survey_reminders.sent", title=round_.shown_title, count=len(due))
    return Reminded(len(due), capped, soon)

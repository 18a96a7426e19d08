"""Every write of the surveys module: rounds, respondents, links, answers, the checklist.

Stewards' services take an `Access` and write one audit line. The respondent's own services
(saving a draft, finishing, asking for the link again) take the invitation the link resolved
to: they write no audit line on purpose, since a line with its time beside the respondent's
finish is exactly the join anonymity forbids (ADR 0010).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.audit import exempt
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.partners.models import Organisation
from braid.surveys import selectors, tallies
from braid.surveys.definitions import DIMENSIONS, Instrument, parse
from braid.surveys.models import (
    Answer,
    InstrumentFile,
    Invitation,
    InvitationStatus,
    LinkToken,
    NetworkRating,
    PrincipleCheck,
    Response,
    Round,
    RoundInstrument,
    RoundLanguages,
    RoundStatus,
)
from braid.surveys.rules import (
    clean_answers,
    clean_network,
    digest,
    effective_status,
    link_url,
    new_token,
)

vocabulary(
    {
        "survey_round.created": gettext_lazy("Survey round “%(title)s” created (%(instruments)s)"),
        "survey_round.opened": gettext_lazy("Survey round “%(title)s” opened"),
        "survey_round.closed": gettext_lazy("Survey round “%(title)s” closed"),
        "survey_round.reopened": gettext_lazy(
            "Survey round “%(title)s” reopened until %(closes_on)s: %(reason)s"
        ),
        "survey_respondents.added": gettext_lazy(
            "%(count)s respondents added to the survey round “%(title)s”"
        ),
        "survey_invitations.sent": gettext_lazy(
            "Invitations to the survey round “%(title)s” sent to %(count)s people"
        ),
        "survey_reminders.sent": gettext_lazy(
            "Reminders for the survey round “%(title)s” sent to %(count)s people"
        ),
        "instrument.loaded": gettext_lazy("Instrument %(ref)s loaded (%(title)s)"),
        "principle.checked": gettext_lazy("Checklist “%(key)s” marked %(state)s: %(note)s"),
    }
)

MAX_LINKS = 6  # personal links one invitation may hold at once ("send me my link again")
REMINDER_CAP = 3
REMINDER_GAP_DAYS = 4


# Instruments ---------------------------------------------------------------------------------


@transaction.atomic
def instrument_load(*, access: Access, text: str | bytes) -> Instrument:
    """Load a definition file the collaborative holds a licence for; every problem at once."""
    access.require_manage()
    inst, problems = parse(text)
    if inst is None:
        raise ServiceError(
            ngettext(
                "The instrument file has %(n)s problem; nothing was loaded.",
                "The instrument file has %(n)s problems; nothing was loaded.",
                len(problems),
            )
            % {"n": len(problems)},
            problems,
        )
    if selectors.instrument(access.collaborative, inst.ref) is not None:
        raise ServiceError.on(
            "version",
            _("%(ref)s is already loaded: give the file a new version number.") % {"ref": inst.ref},
        )
    InstrumentFile.objects.create(
        collaborative=access.collaborative,
        key=inst.id,
        version=inst.version,
        text=text.decode() if isinstance(text, bytes) else text,
    )
    record(access, "instrument.loaded", ref=inst.ref, title=inst.title.en)
    return inst


# Rounds --------------------------------------------------------------------------------------


def _round_problems(
    access: Access,
    *,
    title: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    instruments: list[str],
    languages: str,
) -> list[FieldProblem]:
    problems = []
    title = title.strip()
    if not title:
        problems.append(FieldProblem("title", _("Give the round a title, e.g. “Check-up 2026”.")))
    elif len(title) > 200:
        problems.append(FieldProblem("title", _("Keep the title under 200 characters.")))
    elif access.scope(Round).filter(title=title).exists():
        problems.append(FieldProblem("title", _("A round with this title exists: choose another.")))
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
    title: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    instruments: list[str],
    languages: str = RoundLanguages.BOTH,
) -> Round:
    access.require_manage()
    raise_problems(
        _round_problems(
            access,
            title=title,
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
        opens_on=opens_on,
        closes_on=closes_on,
        languages=languages,
        is_readiness=any(known[r].id == "braid-readiness" for r in instruments),
    )
    RoundInstrument.objects.bulk_create(
        RoundInstrument(collaborative=access.collaborative, round=round_, ref=ref, position=n)
        for n, ref in enumerate(instruments)
    )
    record(access, "survey_round.created", title=round_.title, instruments=instruments)
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
    record(access, "survey_round.opened", title=round_.title)
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
    record(access, "survey_round.closed", title=round_.title)
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
        title=round_.title,
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
    record(access, "survey_respondents.added", title=round_.title, count=len(new))
    return len(new)


def _issue_link(invitation: Invitation) -> str:
    token = new_token()
    LinkToken.objects.create(
        collaborative_id=invitation.collaborative_id, invitation=invitation, digest=digest(token)
    )
    stale = list(invitation.tokens.order_by("-created_at", "-pk").values_list("pk", flat=True))
    if len(stale) > MAX_LINKS:
        LinkToken.objects.filter(pk__in=stale[MAX_LINKS:]).delete()
    return token


def _mail(invitation: Invitation, token: str, kind: str) -> None:
    round_ = invitation.round
    days = (round_.closes_on - timezone.localdate()).days
    with translation.override(invitation.language):
        name = invitation.round.collaborative.name
        if kind == "reminder":
            subject = _("Reminder: %(title)s (%(name)s)") % {"title": round_.title, "name": name}
            lead = ngettext(
                "The survey closes in %(days)s day. Your answers so far are kept.",
                "The survey closes in %(days)s days. Your answers so far are kept.",
                days,
            ) % {"days": days}
        else:
            subject = _("Your survey: %(title)s (%(name)s)") % {"title": round_.title, "name": name}
            lead = _("%(name)s asks for your view. It takes about five minutes.") % {"name": name}
        body = _(
            "Hello,\n\n%(lead)s\n\nYour personal link (do not forward it):\n%(url)s\n\n"
            "It closes on %(closes)s. If you lose this link, ask for it again on the survey page."
        ) % {"lead": lead, "url": link_url(token), "closes": round_.closes_on.isoformat()}
    message = (subject, body, invitation.email)
    transaction.on_commit(
        lambda: send_mail(message[0], message[1], None, [message[2]], fail_silently=True)
    )


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
        _mail(inv, _issue_link(inv), "invitation")
        inv.sent_count, inv.last_sent_at = 1, now
    Invitation.objects.bulk_update(pending, ["sent_count", "last_sent_at"])
    record(access, "survey_invitations.sent", title=round_.title, count=len(pending))
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
        _mail(inv, _issue_link(inv), "reminder")
        inv.reminders_sent += 1
        inv.sent_count += 1
        inv.last_sent_at = now
    Invitation.objects.bulk_update(due, ["reminders_sent", "sent_count", "last_sent_at"])
    record(access, "survey_reminders.sent", title=round_.title, count=len(due))
    return Reminded(len(due), capped, soon)


# The respondent's side -----------------------------------------------------------------------


@exempt(
    "the respondent's own request: an e-mail with a new link to an address already invited; no answer is touched",
    writes=True,
)
def link_resend(*, email: str) -> int:
    """ "Send me my link again": a new link to every unfinished invitation of an open round for
    this address. The caller says the same thing whether or not any exists."""
    email = email.strip().lower()
    today = timezone.localdate()
    found = 0
    with transaction.atomic():
        for inv in (
            Invitation.objects.filter(
                email=email, round__status=RoundStatus.OPEN, round__closes_on__gte=today
            )
            .exclude(status=InvitationStatus.FINISHED)
            .select_related("round__collaborative")
        ):
            _mail(inv, _issue_link(inv), "invitation")
            found += 1
    return found


def _open_for_answers(invitation: Invitation) -> None:
    if invitation.status == InvitationStatus.FINISHED:
        raise ServiceError(
            _("You have already finished this survey: thank you. Your answers were kept once."),
            code="finished",
        )
    if (
        effective_status(invitation.round) != RoundStatus.OPEN
        or invitation.round.opens_on > timezone.localdate()
    ):
        raise ServiceError(
            _("This survey is closed: answers can no longer be given."), code="closed"
        )


@exempt("the respondent's own draft: an audit line would time the person's answers", writes=True)
@transaction.atomic
def draft_save(
    *, invitation_id: int, page: int, answers: Mapping[str, Mapping[str, Any]]
) -> Invitation:
    """Save what the respondent answered on one page ({ref: {item: value}}; for the network
    instrument {ref: {organisation id: {...}}}). Values are checked; nothing is saved when any
    is wrong."""
    from braid.surveys.answering import network_organisations

    invitation = (
        Invitation.objects.select_for_update()
        .select_related("round__collaborative", "organisation")
        .get(pk=invitation_id)
    )
    _open_for_answers(invitation)
    refs = selectors.round_refs(invitation.round)
    draft = dict(invitation.draft or {})
    problems: list[FieldProblem] = []
    for ref, given in answers.items():
        inst = selectors.instrument(invitation.collaborative_id, ref) if ref in refs else None
        if inst is None or not isinstance(given, Mapping):
            problems.append(FieldProblem(ref, _("This question is not part of the survey.")))
            continue
        if inst.is_network:
            orgs = {o.pk for o in network_organisations(invitation)}
            clean_net, more = clean_network(inst, given, orgs)
            problems += more
            merged = dict(draft.get(ref) or {})
            merged.update(clean_net)
            draft[ref] = merged
        else:
            clean, more = clean_answers(inst, given)
            problems += more
            draft[ref] = {**(draft.get(ref) or {}), **clean}
    raise_problems(
        problems, _("Some answers are not on the scale: choose one of the answers offered.")
    )
    invitation.draft = draft
    invitation.page = max(0, page)
    if invitation.status == InvitationStatus.INVITED:
        invitation.status = InvitationStatus.STARTED
    invitation.save(update_fields=["draft", "page", "status"])
    return invitation


@exempt(
    "the respondent's finished answer: stored without the person, so it writes no line that "
    "could be tied to them by its time (ADR 0010)",
    writes=True,
)
@transaction.atomic
def response_finish(*, invitation_id: int) -> None:
    """Spend the link: the draft becomes an anonymous `Response` (scale instruments) and the
    organisation's ratings (network instrument); the invitation keeps only "finished"."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("round__collaborative", "organisation")
        .get(pk=invitation_id)
    )
    _open_for_answers(invitation)
    draft = invitation.draft or {}
    round_ = invitation.round
    given = {
        ref: {k: v for k, v in (draft.get(ref) or {}).items() if v is not None}
        for ref in selectors.round_refs(round_)
    }
    if not any(given.values()):
        raise ServiceError(_("Answer at least one question before finishing."), code="empty")
    collaborative_id = invitation.collaborative_id
    answers: list[Answer] = []
    counted: list[tuple[Instrument, dict[str, int]]] = []
    ratings: list[NetworkRating] = []
    response = Response(
        collaborative_id=collaborative_id,
        round=round_,
        sector=invitation.organisation.sector,
        org_type=invitation.organisation.role,
    )
    for ref, values in given.items():
        inst = selectors.instrument(collaborative_id, ref)
        if inst is None or not values:
            continue
        if inst.is_network:
            for org_id, row in values.items():
                if row.get("level") is None:
                    continue
                dims = {k: row.get(k) for k in DIMENSIONS} if row["level"] > 0 else {}
                ratings.append(
                    NetworkRating(
                        collaborative_id=collaborative_id,
                        round=round_,
                        instrument=ref,
                        scale=inst.scale.id,
                        rater_id=invitation.organisation_id,
                        ratee_id=int(org_id),
                        level=row["level"],
                        **dims,
                    )
                )
        else:
            counted.append((inst, values))
            answers += [
                Answer(
                    collaborative_id=collaborative_id,
                    response=response,
                    round=round_,
                    instrument=ref,
                    item=item,
                    value=value,
                )
                for item, value in values.items()
            ]
    if answers:
        response.save()
        Answer.objects.bulk_create(answers)
        tallies.add(response, counted)  # before the ratings: finishes queue on the round's row
    if ratings and not (
        NetworkRating.objects.filter(round=round_, rater_id=invitation.organisation_id).exists()
    ):
        try:
            with transaction.atomic():
                NetworkRating.objects.bulk_create(ratings)
        except IntegrityError:
            pass  # someone of the same organisation finished first: theirs stand
    invitation.status = InvitationStatus.FINISHED
    invitation.draft = {}
    invitation.page = 0
    invitation.save(update_fields=["status", "draft", "page"])


# The checklist -------------------------------------------------------------------------------


@transaction.atomic
def principle_check(*, access: Access, key: str, done: bool, note: str = "") -> PrincipleCheck:
    from braid.surveys.principles import KEYS

    access.require_manage()
    if key not in KEYS:
        raise ServiceError.on("key", _("Unknown checklist entry."))
    row, _created = PrincipleCheck.objects.update_or_create(
        collaborative=access.collaborative,
        key=key,
        defaults={"done": done, "note": note.strip()[:2000], "updated_at": timezone.now()},
    )
    record(access, "principle.checked", key=key, state="done" if done else "open", note=row.note)
    return row

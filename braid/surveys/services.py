"""Writes of the surveys module: instrument files, the checklist and the respondent's own
services; a steward's round (create, open, close, reopen, respondents, invitations, reminders)
is in `rounds.services`, whose audit phrases are declared here, where the audit log finds them.

Stewards' services take an `Access` and write one audit line. The respondent's own services
(saving a draft, finishing, asking for the link again) take the invitation the link resolved
to: they write no audit line on purpose, since a line with its time beside the respondent's
finish is exactly the join anonymity forbids (ADR 0010).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.audit import exempt
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.surveys import links, selectors, tallies
from braid.surveys.definitions import DIMENSIONS, Instrument
from braid.surveys.models import (
    Answer,
    InstrumentFile,
    Invitation,
    InvitationStatus,
    NetworkRating,
    PrincipleCheck,
    Response,
    RoundStatus,
)
from braid.surveys.parsing import parse
from braid.surveys.rules import clean_answers, clean_network, effective_status

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
            links.mail_link(inv, links.issue_link(inv), "invitation")
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
    if answers and connection.vendor == "postgresql":
        # PostgreSQL stamps each row with the transaction that wrote it (xmin): the response and
        # this invitation would share it. Rewriting every finished invitation of the round here
        # gives them all this one stamp, which then tells no one apart. Finishes of a round take
        # turns from the tally's round row on (tallies.add), so they do not deadlock here.
        Invitation.objects.filter(
            collaborative_id=collaborative_id, round=round_, status=InvitationStatus.FINISHED
        ).update(page=0)


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

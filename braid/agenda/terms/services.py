"""Writes of the terms of reference: issue a version, sign it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Signature, TermsVersion
from braid.agenda.terms import selectors
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, vocabulary
from braid.core import bilingual
from braid.core.audit import exempt
from braid.core.errors import ConflictError, FieldProblem, ServiceError
from braid.core.fields import model_field_problems

vocabulary(
    {
        "terms.issued": gettext_lazy("Terms of reference version %(number)s issued"),
        "terms.signed": gettext_lazy("%(name)s signed the terms of reference, version %(number)s"),
    }
)


def _ask_before_signatures_restart(latest: TermsVersion | None, confirm: int | None) -> None:
    signed = latest.signatures.count() if latest else 0
    if latest and signed and confirm != latest.number:
        raise ServiceError.on(
            "confirm",
            _(
                "Nothing was issued: version %(v)s has %(n)s signatures and every partner signs "
                "the new version again. Confirm to issue it (confirm: %(v)s in the API)."
            )
            % {"v": latest.number, "n": signed},
        )


@transaction.atomic
def terms_issue(
    *,
    access: Access,
    title: str = "",
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    data_sharing: str = "",
    term_and_exit: str = "",
    data_sharing_fr: str = "",
    term_and_exit_fr: str = "",
    title_fr: str = "",
    confirm: int | None = None,
) -> TermsVersion:
    """Issue a new version: freeze today's agenda, partners, roles, rules and resources in a
    snapshot. Earlier versions and their signatures stay as they were.

    Every partner signs a new version again: when the current one has signatures, nothing is
    issued unless `confirm` names the current version's number (the page's confirmation step,
    the API's field), so a confirmation given for an older version does not count.

    The title is written in English, French or both (ADR 0015)."""
    access.require_manage()
    problems = []
    if bilingual.is_blank({"title": title, "title_fr": title_fr}, "title"):
        problems.append(
            FieldProblem("title", _("Give the document a title, e.g. “Terms of reference 2027”."))
        )
    if effective_from is None:
        problems.append(FieldProblem("effective_from", _("Give the date the terms take effect.")))
    elif effective_to is not None and effective_to < effective_from:
        problems.append(
            FieldProblem(
                "effective_to",
                _("The terms cannot end (%(to)s) before they take effect (%(from)s).")
                % {"to": effective_to.isoformat(), "from": effective_from.isoformat()},
            )
        )
    snapshot = selectors.snapshot(access)
    if not snapshot["partners"]:
        problems.append(
            FieldProblem(
                "title",
                _("No organisation is a partner yet: terms of reference are signed by partners."),
            )
        )
    if problems:
        raise ServiceError(problems[0].message, problems)
    assert effective_from is not None
    latest = (
        TermsVersion.objects.select_for_update()
        .filter(collaborative=access.collaborative)
        .order_by("-number")
        .first()
    )
    _ask_before_signatures_restart(latest, confirm)
    try:
        with transaction.atomic():
            terms = TermsVersion.objects.create(
                collaborative=access.collaborative,
                number=(latest.number if latest else 0) + 1,
                title=(title or "").strip()[:200],
                title_fr=(title_fr or "").strip()[:200],
                data_sharing=data_sharing.strip(),
                term_and_exit=term_and_exit.strip(),
                data_sharing_fr=data_sharing_fr.strip(),
                term_and_exit_fr=term_and_exit_fr.strip(),
                effective_from=effective_from,
                effective_to=effective_to,
                snapshot=snapshot,
                issued_by=access.user,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("Someone issued a version at the same moment: reload and try again.")
        ) from exc
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="terms.issued",
        details={"number": terms.number},
    )
    return terms


@dataclass(frozen=True)
class Signing:
    """What a signature will record, checked before it is asked for (the page shows it)."""

    terms: TermsVersion
    organisation_id: int
    organisation: str
    signatory: str
    signatory_title: str


@exempt("checks a signature before the signer confirms it; writes nothing")
def terms_sign_check(
    *,
    access: Access,
    number: int,
    signatory: str = "",
    signatory_title: str = "",
    organisation_id: int | None = None,
) -> Signing:
    """Every rule of signing, without signing: who may sign for whom, the party, once per
    organisation and version, and the name and title it records (never filled in silently)."""
    terms = access.get_owned(TermsVersion.objects.all(), number=number)
    if access.is_steward:
        if organisation_id is None:
            raise ServiceError.on("organisation_id", _("Choose the organisation that signs."))
    else:
        if organisation_id not in (None, access.organisation_id):
            access.require_edit_for(organisation_id)
        access.require_edit_for(access.organisation_id)
        organisation_id = access.organisation_id
    parties = {p["id"]: p["name"] for p in terms.snapshot.get("partners", [])}
    if organisation_id is None or organisation_id not in parties:
        raise ServiceError.on(
            "organisation_id",
            _("This organisation is not a party to version %s: issue a new version that names it.")
            % terms.number,
        )
    if Signature.objects.filter(terms=terms, organisation_id=organisation_id).exists():
        raise ConflictError(
            _("%(name)s has already signed version %(number)s.")
            % {"name": parties[organisation_id], "number": terms.number}
        )
    signatory = (signatory or "").strip()
    signatory_title = (signatory_title or "").strip()
    problems = []
    if not signatory:
        problems.append(
            FieldProblem(
                "signatory", _("Write the name of the person who signs, as it should appear.")
            )
        )
    if not signatory_title:
        problems.append(
            FieldProblem(
                "signatory_title",
                _("Write the signer's title, e.g. “Executive director”: the signature records it."),
            )
        )
    problems += model_field_problems(
        Signature,
        {"signatory": signatory, "signatory_title": signatory_title},
        ["signatory", "signatory_title"],
    )
    if problems:
        raise ServiceError(problems[0].message, problems)
    return Signing(terms, organisation_id, parties[organisation_id], signatory, signatory_title)


@transaction.atomic
def terms_sign(
    *,
    access: Access,
    number: int,
    signatory: str = "",
    signatory_title: str = "",
    organisation_id: int | None = None,
) -> Signature:
    """A partner's representative signs for their own organisation; a steward records the
    signature of any party (signed on paper). Once per organisation and version; the name and
    title are required."""
    signing = terms_sign_check(
        access=access,
        number=number,
        signatory=signatory,
        signatory_title=signatory_title,
        organisation_id=organisation_id,
    )
    terms, organisation_id = signing.terms, signing.organisation_id
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                collaborative=access.collaborative,
                terms=terms,
                organisation_id=organisation_id,
                signed_by=access.user,
                signatory=signing.signatory,
                signatory_title=signing.signatory_title,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("%(name)s has already signed version %(number)s.")
            % {"name": signing.organisation, "number": terms.number}
        ) from exc
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="terms.signed",
        details={"name": signing.organisation, "number": terms.number},
    )
    return signature

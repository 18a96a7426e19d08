"""JSON API of the terms of reference: versions with their frozen content, issue, sign, PDF."""

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from braid.agenda.models import Signature, TermsVersion
from braid.agenda.terms import document, selectors, services
from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.core.schemas import Date, FromModel, Id, In, OneOf

router = Router(tags=["terms of reference"])
BASE = "/collaboratives/{slug}/terms"


class SignatureOut(Schema):
    organisation_id: int
    organisation: str
    signed: bool
    signatory: str | None
    signatory_title: str | None
    signed_at: dt.datetime | None


class TermsOut(Schema):
    number: int
    title: str
    title_fr: str  # the title in French too, when written (ADR 0015)
    effective_from: dt.date
    effective_to: dt.date | None
    data_sharing: str
    term_and_exit: str
    data_sharing_fr: str
    term_and_exit_fr: str
    issued_at: dt.datetime
    issued_by: str | None
    snapshot: dict[str, Any]
    signatures: list[SignatureOut]


class IssueIn(In):
    title: Annotated[str, FromModel(TermsVersion, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(TermsVersion, "title_fr")] = ""
    effective_from: Date | None = None
    effective_to: Date | None = None
    data_sharing: str = ""
    term_and_exit: str = ""
    data_sharing_fr: str = ""
    term_and_exit_fr: str = ""
    confirm: int | None = Field(
        None,
        description="Required when the current version has signatures: its number, to say "
        "you know every partner signs the new version again.",
    )


class SignIn(In):
    organisation_id: Id | None = None
    signatory: Annotated[str, FromModel(Signature, "signatory")] = ""
    signatory_title: Annotated[str, FromModel(Signature, "signatory_title")] = ""


def _out(t: TermsVersion) -> dict[str, Any]:
    return {
        **{
            f: getattr(t, f)
            for f in (
                "number",
                "title",
                "title_fr",
                "effective_from",
                "effective_to",
                "data_sharing",
                "term_and_exit",
                "data_sharing_fr",
                "term_and_exit_fr",
                "issued_at",
                "snapshot",
            )
        },
        "issued_by": t.issued_by.email if t.issued_by else None,
        "signatures": [
            {
                "organisation_id": r.organisation_id,
                "organisation": r.name,
                "signed": r.signature is not None,
                "signatory": r.signature.signatory if r.signature else None,
                "signatory_title": r.signature.signatory_title if r.signature else None,
                "signed_at": r.signature.signed_at if r.signature else None,
            }
            for r in selectors.signature_rows(t)
        ],
    }


@router.get(BASE, response={200: list[TermsOut], **ERRORS})
def list_terms(request: HttpRequest, slug: str) -> Any:
    """Every issued version, newest first, with who has signed it."""
    access = access_for(request.user, slug)
    return [
        _out(t)
        for t in access.scope(TermsVersion)
        .select_related("issued_by")
        .prefetch_related("signatures")
        .order_by("-number")
    ]


@router.post(BASE, response={201: TermsOut, **ERRORS})
def issue_terms(request: HttpRequest, slug: str, payload: IssueIn) -> Any:
    """Issue a new version from today's Design data (stewards)."""
    access = access_for(request.user, slug)
    return Status(201, _out(services.terms_issue(access=access, **payload.dict())))


@router.get(BASE + "/{number}", response={200: TermsOut, **ERRORS})
def get_terms(request: HttpRequest, slug: str, number: int) -> Any:
    access = access_for(request.user, slug)
    return _out(access.get_owned(TermsVersion, number=number))


@router.post(BASE + "/{number}/signatures", response={201: SignatureOut, **ERRORS})
def sign_terms(request: HttpRequest, slug: str, number: int, payload: SignIn) -> Any:
    """A partner signs for its own organisation; a steward records any party's signature.
    Signing twice is a 409."""
    access = access_for(request.user, slug)
    s = services.terms_sign(access=access, number=number, **payload.dict())
    return Status(
        201,
        {
            "organisation_id": s.organisation_id,
            "organisation": s.organisation.name,
            "signed": True,
            "signatory": s.signatory,
            "signatory_title": s.signatory_title,
            "signed_at": s.signed_at,
        },
    )


@router.get(BASE + "/{number}/pdf", response={200: None, **ERRORS})
def terms_pdf(
    request: HttpRequest,
    slug: str,
    number: int,
    lang: Annotated[str, OneOf(code for code, _name in settings.LANGUAGES)] = "en",
) -> Any:
    """The version as a PDF (`lang` = en or fr)."""
    access = access_for(request.user, slug)
    terms = access.get_owned(TermsVersion, number=number)
    return HttpResponse(document.render_pdf(terms, lang), content_type="application/pdf")

"""JSON API of the Diagnose module: organisations, contacts, outreach, ratings, framings,
the context scan and levels of collaboration."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page, if_match
from braid.core.forms import version_of
from braid.core.schemas import Date, FromModel, Id, In, OneOf, unset
from braid.partners import selectors, services
from braid.partners.levels import partner_levels
from braid.partners.models import (
    Contact,
    ContextFactor,
    Organisation,
    OutreachEntry,
    SectorFraming,
    StakeholderRating,
)

router = Router(tags=["partners"])
BASE = "/collaboratives/{slug}"


class ContactOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str
    preferred_language: str


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str
    status: str
    role: str
    mandate: str
    priorities: str
    website: str
    size: str
    joined_on: dt.date | None
    left_on: dt.date | None
    reported_level: int | None
    # What to send back as If-Match (also the ETag header) so a stale PATCH is refused.
    version: str

    @staticmethod
    def resolve_version(obj: Any) -> str:
        if isinstance(obj, dict):  # the detail endpoint answers a dict it has already resolved
            return str(obj.get("version", ""))
        return version_of(obj)


class OrganisationDetailOut(OrganisationOut):
    contacts: list[ContactOut]


class OrganisationIn(In):
    name: Annotated[str, FromModel(Organisation, "name")]
    sector: Annotated[str, FromModel(Organisation, "sector")] = "other"
    role: Annotated[str, FromModel(Organisation, "role")] = ""
    mandate: str = ""
    priorities: str = ""
    website: Annotated[str, FromModel(Organisation, "website")] = ""
    size: Annotated[str, FromModel(Organisation, "size")] = ""
    notes: str = ""
    joined_on: Date | None = None
    status: Annotated[str, FromModel(Organisation, "status")] = "prospect"


class OrganisationPatch(In):
    """Send only the fields to change (an absent field stays as it is; text is never null)."""

    name: Annotated[str, FromModel(Organisation, "name")] = unset()
    sector: Annotated[str, FromModel(Organisation, "sector")] = unset()
    role: Annotated[str, FromModel(Organisation, "role")] = unset()
    mandate: str = unset()
    priorities: str = unset()
    website: Annotated[str, FromModel(Organisation, "website")] = unset()
    size: Annotated[str, FromModel(Organisation, "size")] = unset()
    notes: str = unset()
    joined_on: Date | None = None
    left_on: Date | None = None


class Filters(Schema):
    q: str = ""
    sector: Annotated[str, FromModel(Organisation, "sector")] = ""
    status: Annotated[str, FromModel(Organisation, "status", blank=True)] = ""
    sort: Annotated[str, OneOf(selectors.SORTS)] = "name"


class StatusIn(In):
    status: Annotated[str, FromModel(Organisation, "status")]
    on: Date | None = None


class ContactIn(In):
    name: Annotated[str, FromModel(Contact, "name")]
    role: Annotated[str, FromModel(Contact, "role")] = ""
    email: Annotated[str, FromModel(Contact, "email")] = ""
    phone: Annotated[str, FromModel(Contact, "phone")] = ""
    preferred_language: Annotated[str, FromModel(Contact, "preferred_language")] = "en"


class OutreachIn(In):
    channel: Annotated[str, FromModel(OutreachEntry, "channel")]
    date: Date | None = None
    offered: str = ""
    asked: str = ""
    next_step: Annotated[str, FromModel(OutreachEntry, "next_step")] = ""
    follow_up_on: Date | None = None
    contact_id: Id | None = None


class OutreachOut(Schema):
    id: int
    organisation_id: int
    date: dt.date
    channel: str
    offered: str
    asked: str
    next_step: str
    follow_up_on: dt.date | None
    follow_up_done: bool


class RatingIn(In):
    influence: Annotated[int, FromModel(StakeholderRating, "influence")]
    proximity: Annotated[int, FromModel(StakeholderRating, "proximity")]
    stance: Annotated[str, FromModel(StakeholderRating, "stance")]
    interests: str = ""
    apprehensions: str = ""


class RatingOut(Schema):
    id: int
    organisation_id: int
    influence: int
    proximity: int
    stance: str
    interests: str
    apprehensions: str
    rated_at: dt.datetime
    rated_by: str | None


class GridOut(Schema):
    rank: int
    organisation_id: int
    name: str
    influence: int
    proximity: int
    stance: str
    quadrant: str


class FramingIn(In):
    sector: Annotated[str, FromModel(SectorFraming, "sector")]
    framing: str = ""
    framing_fr: str = ""


class FramingText(Schema):
    framing: str
    framing_fr: str


class FramingOut(FramingText):
    sector: str


class ContextIn(In):
    date: Date
    end_date: Date | None = None
    category: Annotated[str, FromModel(ContextFactor, "category")]
    effect: Annotated[str, FromModel(ContextFactor, "effect")]
    title: Annotated[str, FromModel(ContextFactor, "title")]
    description: str = ""


class ContextOut(Schema):
    id: int
    date: dt.date
    end_date: dt.date | None
    category: str
    effect: str
    title: str
    description: str


class LevelIn(In):
    level: Annotated[int | None, FromModel(Organisation, "reported_level")]
    note: str = ""


class LevelOut(Schema):
    organisation_id: int
    name: str
    observed_level: int
    held_back_by: list[str]
    reported_level: int | None
    evidence: dict[str, str]


def _rating_out(r: StakeholderRating) -> dict[str, Any]:
    return {
        **{
            f: getattr(r, f)
            for f in (
                "id",
                "organisation_id",
                "influence",
                "proximity",
                "stance",
                "interests",
                "apprehensions",
                "rated_at",
            )
        },
        "rated_by": r.rated_by.email if r.rated_by else None,
    }


@router.get(BASE + "/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(Page)
def list_organisations(request: HttpRequest, slug: str, filters: Filters = Query(...)) -> Any:  # noqa: B008
    return selectors.organisations(access_for(request.user, slug), **filters.dict())


@router.post(BASE + "/organisations", response={201: OrganisationOut, **ERRORS})
def create_organisation(request: HttpRequest, slug: str, payload: OrganisationIn) -> Any:
    return Status(
        201, services.organisation_create(access=access_for(request.user, slug), **payload.dict())
    )


@router.get(BASE + "/organisations/{org_id}", response={200: OrganisationDetailOut, **ERRORS})
def get_organisation(request: HttpRequest, slug: str, org_id: int, response: HttpResponse) -> Any:
    """One organisation with its contacts; the ETag header is its version (send it back as
    If-Match with a PATCH). Contacts' e-mail and phone as the audience may see them."""
    access = access_for(request.user, slug)
    org = selectors.organisation_detail(access, org_id)
    response["ETag"] = f'"{version_of(org)}"'
    details = access.audience.shows_contact_details(org.pk)
    out = OrganisationOut.model_validate(org).model_dump()
    out["version"] = version_of(org)  # the same version as the ETag header
    out["contacts"] = [
        {
            "id": c.id,
            "name": c.name,
            "role": c.role,
            "email": c.email if details else "",
            "phone": c.phone if details else "",
            "preferred_language": c.preferred_language,
        }
        for c in org.contacts.all()
    ]
    return out


@router.patch(BASE + "/organisations/{org_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(
    request: HttpRequest, slug: str, org_id: int, payload: OrganisationPatch, response: HttpResponse
) -> Any:
    """Change the fields sent. With `If-Match: "<version>"` (the ETag of the GET), a change
    made by someone else since is refused with 409 and the current values."""
    org = services.organisation_update(
        access=access_for(request.user, slug),
        organisation_id=org_id,
        version=if_match(request),
        **payload.dict(exclude_unset=True),
    )
    response["ETag"] = f'"{version_of(org)}"'
    return org


@router.post(BASE + "/organisations/{org_id}/set-status", response={200: OrganisationOut, **ERRORS})
def set_status(request: HttpRequest, slug: str, org_id: int, payload: StatusIn) -> Any:
    return services.organisation_set_status(
        access=access_for(request.user, slug),
        organisation_id=org_id,
        status=payload.status,
        on=payload.on,
    )


@router.post(
    BASE + "/organisations/{org_id}/report-level", response={200: OrganisationOut, **ERRORS}
)
def report_level(request: HttpRequest, slug: str, org_id: int, payload: LevelIn) -> Any:
    return services.level_report(
        access=access_for(request.user, slug),
        organisation_id=org_id,
        level=payload.level,
        note=payload.note,
    )


@router.post(BASE + "/organisations/{org_id}/contacts", response={201: ContactOut, **ERRORS})
def add_contact(request: HttpRequest, slug: str, org_id: int, payload: ContactIn) -> Any:
    return Status(
        201,
        services.contact_add(
            access=access_for(request.user, slug), organisation_id=org_id, **payload.dict()
        ),
    )


@router.get(BASE + "/organisations/{org_id}/outreach", response={200: list[OutreachOut], **ERRORS})
def list_outreach(request: HttpRequest, slug: str, org_id: int) -> Any:
    access = access_for(request.user, slug)
    org = selectors.organisation_detail(access, org_id)
    return list(org.outreach.all())


@router.post(BASE + "/organisations/{org_id}/outreach", response={201: OutreachOut, **ERRORS})
def log_outreach(request: HttpRequest, slug: str, org_id: int, payload: OutreachIn) -> Any:
    return Status(
        201,
        services.outreach_log(
            access=access_for(request.user, slug), organisation_id=org_id, **payload.dict()
        ),
    )


@router.post(
    BASE + "/outreach/{entry_id}/complete-follow-up", response={200: OutreachOut, **ERRORS}
)
def complete_follow_up(request: HttpRequest, slug: str, entry_id: int) -> Any:
    return services.outreach_follow_up_done(
        access=access_for(request.user, slug), entry_id=entry_id
    )


@router.get(BASE + "/follow-ups", response={200: list[OutreachOut], **ERRORS})
def list_follow_ups(
    request: HttpRequest,
    slug: str,
    within_days: int = Query(14, ge=0, le=3660, description="Days ahead to look (0–3660)."),
) -> Any:
    access = access_for(request.user, slug)
    access.require_manage()
    return list(selectors.follow_ups_due(access, within_days=within_days))


@router.get(BASE + "/organisations/{org_id}/ratings", response={200: list[RatingOut], **ERRORS})
def list_ratings(request: HttpRequest, slug: str, org_id: int) -> Any:
    access = access_for(request.user, slug)
    org = selectors.organisation_detail(access, org_id)
    if not access.audience.shows_stakeholder_analysis:
        return []
    return [_rating_out(r) for r in org.ratings.all()]


@router.post(BASE + "/organisations/{org_id}/ratings", response={201: RatingOut, **ERRORS})
def add_rating(request: HttpRequest, slug: str, org_id: int, payload: RatingIn) -> Any:
    rating = services.rating_record(
        access=access_for(request.user, slug), organisation_id=org_id, **payload.dict()
    )
    return Status(201, _rating_out(rating))


@router.get(BASE + "/stakeholders", response={200: list[GridOut], **ERRORS})
def stakeholder_grid(request: HttpRequest, slug: str) -> Any:
    access = access_for(request.user, slug)
    if not access.audience.shows_stakeholder_analysis:
        return []
    return [
        {
            "rank": r.rank,
            "organisation_id": r.organisation.pk,
            "name": r.organisation.name,
            "influence": r.influence,
            "proximity": r.proximity,
            "stance": r.stance,
            "quadrant": r.quadrant,
        }
        for r in selectors.stakeholder_grid(access)
    ]


@router.get(BASE + "/framings", response={200: dict[str, FramingText], **ERRORS})
def list_framings(request: HttpRequest, slug: str) -> Any:
    """Each sector's framing, in English (`framing`) and French (`framing_fr`)."""
    return selectors.framing_texts(access_for(request.user, slug))


@router.put(BASE + "/framings", response={200: FramingOut, **ERRORS})
def set_framing(request: HttpRequest, slug: str, payload: FramingIn) -> Any:
    obj = services.framing_set(access=access_for(request.user, slug), **payload.dict())
    return {"sector": obj.sector, "framing": obj.framing, "framing_fr": obj.framing_fr}


@router.get(BASE + "/context-factors", response={200: list[ContextOut], **ERRORS})
def list_context(request: HttpRequest, slug: str) -> Any:
    return list(selectors.context_factors(access_for(request.user, slug)))


@router.post(BASE + "/context-factors", response={201: ContextOut, **ERRORS})
def add_context(request: HttpRequest, slug: str, payload: ContextIn) -> Any:
    return Status(
        201, services.context_factor_add(access=access_for(request.user, slug), **payload.dict())
    )


@router.delete(BASE + "/context-factors/{factor_id}", response={204: None, **ERRORS})
def delete_context(request: HttpRequest, slug: str, factor_id: int) -> Any:
    services.context_factor_delete(access=access_for(request.user, slug), factor_id=factor_id)
    return Status(204, None)


@router.get(BASE + "/levels", response={200: list[LevelOut], **ERRORS})
def list_levels(request: HttpRequest, slug: str) -> Any:
    return [
        {
            "organisation_id": r.organisation.pk,
            "name": r.organisation.name,
            "observed_level": int(r.observed),
            "held_back_by": r.held_back_by,
            "reported_level": r.organisation.reported_level,
            "evidence": r.evidence.__dict__,
        }
        for r in partner_levels(access_for(request.user, slug))
    ]

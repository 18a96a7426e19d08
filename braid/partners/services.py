"""Every write of the Diagnose module: one function per use case, validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.governance import selectors as governance_selectors
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, exempt, record, vocabulary
from braid.core.errors import ConflictError, FieldProblem, ServiceError, raise_problems
from braid.core.fields import model_field_problems
from braid.core.forms import version_of
from braid.lib.tabular import closest, normalise_name
from braid.partners.models import (
    Category,
    Channel,
    Contact,
    ContextFactor,
    CustomSector,
    Effect,
    Organisation,
    OutreachEntry,
    PartnerRole,
    PartnerStatus,
    SectorFraming,
    Size,
    StakeholderRating,
    Stance,
)
from braid.partners.selectors import sector_codes

vocabulary(
    {
        "organisation.created": gettext_lazy("%(name)s added to the register"),
        "organisation.updated": gettext_lazy("%(name)s edited: %(fields)s"),
        "organisation.status_changed": gettext_lazy(
            "%(name)s moved from %(before_label)s to %(after_label)s"
        ),
        "organisation.level_recorded": gettext_lazy(
            "Level of collaboration %(after)s recorded for %(name)s"
        ),
        "framing.saved": gettext_lazy("Framing for the sector %(sector)s saved"),
        "context.deleted": gettext_lazy("Context factor “%(title)s” removed"),
        "context.added": gettext_lazy("Context factor “%(title)s” (%(date)s) added"),
        "contact.added": gettext_lazy("Contact %(name)s added to %(organisation)s"),
        "contact.removed": gettext_lazy("Contact %(name)s removed from %(organisation)s"),
        "contact.restored": gettext_lazy("Contact %(name)s of %(organisation)s restored"),
        "outreach.logged": gettext_lazy("Contact with %(name)s logged (%(channel)s)"),
        "outreach.followed_up": gettext_lazy("Follow-up with %(name)s done"),
        "rating.recorded": gettext_lazy(
            "%(name)s rated: influence %(influence)s, proximity %(proximity)s, %(stance)s"
        ),
        "sector.added": gettext_lazy("Sector “%(label)s” added"),
    },
    labels={"before": PartnerStatus, "after": PartnerStatus},
)

PROFILE_FIELDS = (
    "name",
    "sector",
    "role",
    "mandate",
    "priorities",
    "website",
    "size",
    "notes",
    "joined_on",
    "left_on",
)
# Text fields whose length the model limits.
TEXT_FIELDS = ("name", "sector", "website")
# What a partner may change on its own organisation's profile (not its status or role).
PARTNER_EDITABLE = ("name", "sector", "mandate", "priorities", "website", "size")


def _problem(field: str, message: str) -> FieldProblem:
    return FieldProblem(field=field, message=message)


@exempt("checks fields, writes nothing")
def validate_profile(
    access: Access, data: dict[str, Any], *, exclude_pk: int | None = None
) -> list[FieldProblem]:
    """Check an organisation's fields; returns every problem (empty when all is well)."""
    problems: list[FieldProblem] = []
    # Lengths as the model declares them (choices are checked below, with this module's words).
    texts = {k: str(v).strip() for k, v in data.items() if k in TEXT_FIELDS and v is not None}
    problems += model_field_problems(Organisation, texts, texts)
    if "name" in data:
        name = str(data["name"] or "").strip()
        if not name:
            problems.append(_problem("name", _("Enter the organisation's name.")))
        elif not any(p.field == "name" for p in problems):
            problems += _duplicate_problems(access, name, exclude_pk)
    if "sector" in data and data["sector"] not in sector_codes(access.collaborative.pk):
        problems.append(
            _problem(
                "sector",
                _("“%(value)s” is not a sector of this collaborative; choose one of: %(codes)s.")
                % {
                    "value": data["sector"],
                    "codes": ", ".join(sector_codes(access.collaborative.pk)),
                },
            )
        )
    for field, choices in (("role", PartnerRole), ("size", Size), ("status", PartnerStatus)):
        if data.get(field) and data[field] not in choices.values:
            problems.append(
                _problem(
                    field,
                    _("“%(value)s” is not allowed here; use one of: %(codes)s.")
                    % {"value": data[field], "codes": ", ".join(choices.values)},
                )
            )
    if data.get("website"):
        try:
            URLValidator()(data["website"])
        except ValidationError:
            problems.append(
                _problem("website", _("Enter a full web address, starting with https://."))
            )
    joined, left = data.get("joined_on"), data.get("left_on")
    if joined and left and left < joined:
        problems.append(_problem("left_on", _("The date it left comes before the date it joined.")))
    return problems


def _duplicate_problems(access: Access, name: str, exclude_pk: int | None) -> list[FieldProblem]:
    organisations = access.scope(Organisation)
    if exclude_pk is not None:
        organisations = organisations.exclude(pk=exclude_pk)
    others = organisations.values_list("name", flat=True)
    match = closest(name, others)
    if match is None:
        return []
    if normalise_name(match) == normalise_name(name):
        message = _("“%(match)s” is already in the register: open it instead of adding it again.")
    else:
        message = _(
            "Did you mean “%(match)s”, already in the register? If it is another organisation, make the name more distinct."
        )
    return [_problem("name", message % {"match": match})]


def _raise_if(problems: list[FieldProblem]) -> None:
    raise_problems(problems, _("Some fields need fixing: see each one."))


@transaction.atomic
def organisation_create(*, access: Access, **data: Any) -> Organisation:
    access.require_manage()
    data = {k: v for k, v in data.items() if k in PROFILE_FIELDS or k == "status"}
    data.setdefault("sector", "other")
    _raise_if(validate_profile(access, data))
    data["name"] = str(data["name"]).strip()
    organisation = Organisation.objects.create(
        collaborative=access.collaborative,
        normalised_name=normalise_name(data["name"]),
        **{k: v for k, v in data.items() if v is not None},
    )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="organisation.created",
        details={"organisation": organisation.pk, "name": organisation.name},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, access: Access, organisation_id: int, version: str | None = None, **data: Any
) -> Organisation:
    """Stewards change any field; a partner changes its own organisation's profile only.
    `version` (braid.core.forms.version_of, as the editor loaded it) refuses a save over a
    newer one: a ConflictError carries the current values, so the editor sees what changed."""
    organisation = access.get_owned(Organisation.objects.select_for_update(), pk=organisation_id)
    access.require_edit_for(organisation.pk)
    if version is not None and version != version_of(organisation):
        raise ConflictError(
            _(
                "Someone else saved this organisation while you were editing it. Nothing of "
                "yours was saved: reload it to see their changes, then make yours again."
            ),
            current={
                **{f: getattr(organisation, f) for f in PROFILE_FIELDS},
                "version": version_of(organisation),
            },
        )
    allowed = PROFILE_FIELDS if access.is_steward else PARTNER_EDITABLE
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise ServiceError(_("You may not change: %(fields)s.") % {"fields": ", ".join(refused)})
    _raise_if(validate_profile(access, data, exclude_pk=organisation.pk))
    before = {k: str(getattr(organisation, k)) for k in data}
    for key, value in data.items():
        setattr(organisation, key, value.strip() if isinstance(value, str) else value)
    changed = {
        k: {"before": before[k], "after": str(getattr(organisation, k))}
        for k in data
        if before[k] != str(getattr(organisation, k))
    }
    if changed:  # nothing written when nothing changes
        organisation.normalised_name = normalise_name(organisation.name)
        organisation.updated_at = timezone.now()
        organisation.save()
        audit_record(
            collaborative=access.collaborative,
            actor=access.user,
            action="organisation.updated",
            details={
                "organisation": organisation.pk,
                "name": organisation.name,
                "fields": sorted(changed),
                "changes": changed,
            },
        )
    return organisation


@transaction.atomic
def organisation_set_status(
    *, access: Access, organisation_id: int, status: str, on: dt.date | None = None
) -> Organisation:
    """Move an organisation along the pipeline; joining and leaving dates follow the status."""
    access.require_manage()
    if status not in PartnerStatus.values:
        raise ServiceError.on(
            "status", _("Choose one of: %(codes)s.") % {"codes": ", ".join(PartnerStatus.values)}
        )
    organisation = access.get_owned(Organisation.objects.select_for_update(), pk=organisation_id)
    before = organisation.status
    day = on or timezone.localdate()
    organisation.status = status
    if status == PartnerStatus.PARTNER:
        organisation.joined_on = organisation.joined_on or day
        organisation.left_on = None
        organisation.role = organisation.role or PartnerRole.PARTNER
    elif status == PartnerStatus.INACTIVE and before == PartnerStatus.PARTNER:
        organisation.left_on = day
    organisation.updated_at = timezone.now()
    organisation.save()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="organisation.status_changed",
        details={
            "organisation": organisation.pk,
            "name": organisation.name,
            "before": before,
            "after": status,
        },
    )
    return organisation


def _valid_contact(email: str, language: str, **texts: str) -> list[FieldProblem]:
    """The problems of a contact's fields; `texts`: its name, role and phone, as given."""
    problems = model_field_problems(
        Contact, {"email": email, **{k: v.strip() for k, v in texts.items()}}, ["email", *texts]
    )
    if email and not problems:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _problem("email", _("“%(value)s” is not an e-mail address.") % {"value": email})
            )
    if language not in ("en", "fr"):
        problems.append(_problem("preferred_language", _("Preferred language must be en or fr.")))
    return problems


@transaction.atomic
def contact_add(
    *,
    access: Access,
    organisation_id: int,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    preferred_language: str = "en",
) -> Contact:
    organisation = access.get_owned(Organisation, pk=organisation_id)
    access.require_edit_for(organisation.pk)
    problems = _valid_contact(email.strip(), preferred_language, name=name, role=role, phone=phone)
    if not name.strip():
        problems.insert(0, _problem("name", _("Enter the contact's name.")))
    _raise_if(problems)
    contact = Contact.objects.create(
        collaborative=access.collaborative,
        organisation=organisation,
        name=name.strip(),
        role=role.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        preferred_language=preferred_language,
    )
    record(access, "contact.added", name=contact.name, organisation=organisation.name)
    return contact


@transaction.atomic
def contact_remove(*, access: Access, contact_id: int) -> None:
    """Remove a contact (restorable for `removal.WINDOW`), never the chair of a governance
    body: the body would be left without one."""
    contact = access.get_owned(Contact, pk=contact_id)
    access.require_edit_for(contact.organisation_id)
    if chaired := governance_selectors.bodies_chaired_by(access, contact.pk):
        raise ConflictError(
            _(
                "%(name)s chairs %(bodies)s: choose another chair in Governance first, then"
                " remove them."
            )
            % {"name": contact, "bodies": ", ".join(chaired)}
        )
    record(access, "contact.removed", name=str(contact), organisation=str(contact.organisation))
    removal.remove(contact)


@transaction.atomic
def contact_restore(*, access: Access, contact_id: int) -> Contact:
    """Bring back a contact removed within the window, with the bodies and outreach entries
    that name them; who may remove it (its organisation's editors) may restore it."""
    contact = removal.get_removed(access, Contact, contact_id)
    access.require_edit_for(contact.organisation_id)
    removal.restore(contact)
    record(access, "contact.restored", name=str(contact), organisation=str(contact.organisation))
    return contact


@transaction.atomic
def outreach_log(
    *,
    access: Access,
    organisation_id: int,
    channel: str,
    date: dt.date | None = None,
    offered: str = "",
    asked: str = "",
    next_step: str = "",
    follow_up_on: dt.date | None = None,
    contact_id: int | None = None,
) -> OutreachEntry:
    """Record a contact made; a prospect becomes "contacted"."""
    access.require_manage()
    organisation = access.get_owned(Organisation.objects.select_for_update(), pk=organisation_id)
    if channel not in Channel.values:
        raise ServiceError.on(
            "channel",
            _("Choose how you reached them: %(codes)s.") % {"codes": ", ".join(Channel.values)},
        )
    date = date or timezone.localdate()
    if follow_up_on and follow_up_on < date:
        raise ServiceError.on(
            "follow_up_on", _("The follow-up date comes before the contact itself.")
        )
    contact = (
        access.get_owned(Contact, pk=contact_id, organisation=organisation) if contact_id else None
    )
    entry = OutreachEntry.objects.create(
        collaborative=access.collaborative,
        organisation=organisation,
        date=date,
        channel=channel,
        reached_out_by=access.user,
        contact=contact,
        offered=offered.strip(),
        asked=asked.strip(),
        next_step=next_step.strip(),
        follow_up_on=follow_up_on,
    )
    if organisation.status == PartnerStatus.PROSPECT:
        organisation.status = PartnerStatus.CONTACTED
        organisation.save(update_fields=["status"])
    record(access, "outreach.logged", name=organisation.name, channel=channel)
    return entry


@transaction.atomic
def outreach_follow_up_done(*, access: Access, entry_id: int) -> OutreachEntry:
    access.require_manage()
    entry = access.get_owned(OutreachEntry, pk=entry_id)
    entry.follow_up_done = True
    entry.save(update_fields=["follow_up_done"])
    record(access, "outreach.followed_up", name=str(entry.organisation))
    return entry


@transaction.atomic
def rating_record(
    *,
    access: Access,
    organisation_id: int,
    influence: int,
    proximity: int,
    stance: str,
    interests: str = "",
    apprehensions: str = "",
) -> StakeholderRating:
    """Add a rating; earlier ones stay as history (who rated, when)."""
    access.require_manage()
    organisation = access.get_owned(Organisation, pk=organisation_id)
    problems = [
        _problem(f, _("Rate from 1 to 5, not %(value)s.") % {"value": v})
        for f, v in (("influence", influence), ("proximity", proximity))
        if not isinstance(v, int) or not 1 <= v <= 5
    ]
    if stance not in Stance.values:
        problems.append(
            _problem(
                "stance", _("Choose a stance: %(codes)s.") % {"codes": ", ".join(Stance.values)}
            )
        )
    _raise_if(problems)
    record(
        access,
        "rating.recorded",
        name=organisation.name,
        influence=influence,
        proximity=proximity,
        stance=stance,
    )
    return StakeholderRating.objects.create(
        collaborative=access.collaborative,
        organisation=organisation,
        influence=influence,
        proximity=proximity,
        stance=stance,
        interests=interests.strip(),
        apprehensions=apprehensions.strip(),
        rated_by=access.user,
    )


@transaction.atomic
def framing_set(
    *, access: Access, sector: str, framing: str = "", framing_fr: str = ""
) -> SectorFraming:
    access.require_manage()
    if sector not in sector_codes(access.collaborative.pk):
        raise ServiceError.on("sector", _("Unknown sector “%(value)s”.") % {"value": sector})
    if not (framing.strip() or framing_fr.strip()):
        raise ServiceError.on(
            "framing", _("Write how this sector would put the issue, in English or in French.")
        )
    obj, _created = SectorFraming.objects.update_or_create(
        collaborative=access.collaborative,
        sector=sector,
        defaults={
            "framing": framing.strip(),
            "framing_fr": framing_fr.strip(),
            "updated_at": timezone.now(),
        },
    )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="framing.saved",
        details={"sector": sector},
    )
    return obj


@transaction.atomic
def custom_sector_add(*, access: Access, code: str, label: str) -> CustomSector:
    access.require_manage()
    from django.utils.text import slugify

    code = slugify(code or label).replace("-", "_")[:40]
    if not code or not label.strip():
        raise ServiceError.on("label", _("Give the sector a name."))
    if code in sector_codes(access.collaborative.pk):
        raise ServiceError.on("code", _("The sector “%(code)s” exists already.") % {"code": code})
    record(access, "sector.added", code=code, label=label.strip())
    return CustomSector.objects.create(
        collaborative=access.collaborative, code=code, label=label.strip()
    )


@transaction.atomic
def context_factor_add(
    *,
    access: Access,
    date: dt.date,
    category: str,
    title: str,
    effect: str,
    description: str = "",
    end_date: dt.date | None = None,
) -> ContextFactor:
    access.require_manage()
    problems = []
    if category not in Category.values:
        problems.append(_problem("category", _("Choose politics, people or power.")))
    if effect not in Effect.values:
        problems.append(_problem("effect", _("Say whether it opens or closes a window.")))
    if not title.strip():
        problems.append(_problem("title", _("Say what happens.")))
    if end_date and end_date < date:
        problems.append(_problem("end_date", _("The end comes before the start.")))
    _raise_if(problems)
    record(access, "context.added", title=title.strip(), date=date.isoformat())
    return ContextFactor.objects.create(
        collaborative=access.collaborative,
        date=date,
        end_date=end_date,
        category=category,
        title=title.strip(),
        description=description.strip(),
        effect=effect,
        created_by=access.user,
    )


@transaction.atomic
def context_factor_delete(*, access: Access, factor_id: int) -> None:
    access.require_manage()
    factor = access.get_owned(ContextFactor, pk=factor_id)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="context.deleted",
        details={"title": factor.title, "date": factor.date.isoformat()},
    )
    factor.delete()


@transaction.atomic
def level_report(
    *, access: Access, organisation_id: int, level: int | None, note: str = ""
) -> Organisation:
    """The steward records the level the partner reports (0 none .. 4 full collaboration)."""
    access.require_manage()
    if level is not None and not 0 <= level <= 4:
        raise ServiceError.on("level", _("A level is from 0 (none) to 4 (full collaboration)."))
    organisation = access.get_owned(Organisation.objects.select_for_update(), pk=organisation_id)
    before = organisation.reported_level
    organisation.reported_level = level
    organisation.reported_level_note = note.strip()
    organisation.save(update_fields=["reported_level", "reported_level_note"])
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="organisation.level_recorded",
        details={
            "organisation": organisation.pk,
            "name": organisation.name,
            "before": before,
            "after": level,
        },
    )
    return organisation

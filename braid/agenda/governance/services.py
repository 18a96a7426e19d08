"""Writes of governance: rules of procedure, bodies and the RACI matrix; leadership roles and
the backbone functions are in `roles` (re-exported here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Leadership roles and backbone functions live in `roles`; this module is still the interface.
from braid.agenda.governance.roles import backbone_assign as backbone_assign
from braid.agenda.governance.roles import leadership_delete as leadership_delete
from braid.agenda.governance.roles import leadership_save as leadership_save
from braid.agenda.models import (
    Activity,
    BodyKind,
    DecisionMethod,
    GovernanceBody,
    Raci,
    Responsibility,
    RulesOfProcedure,
)
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import FieldProblem, ServiceError, raise_problems, refuse_stale_row
from braid.partners.models import Contact, Organisation

vocabulary(
    {
        "rules.saved": gettext_lazy("Rules of procedure “%(name)s” saved"),
        "rules.deleted": gettext_lazy("Rules of procedure “%(name)s” deleted"),
        "body.saved": gettext_lazy("Governance body “%(name)s” saved (%(members)s organisations)"),
        "body.deleted": gettext_lazy("Governance body “%(name)s” deleted"),
        "raci.set": gettext_lazy("Responsibility of %(organisation)s for “%(activity)s”: %(role)s"),
    },
)


MAX_NOTICE_DAYS = 60


def _pct(value: int | None, field: str, what: str, problems: list[FieldProblem]) -> None:
    if value is not None and not 1 <= value <= 100:
        problems.append(
            FieldProblem(
                field,
                _("%(what)s is a share: enter a percentage from 1 to 100, not %(value)s.")
                % {"what": what, "value": value},
            )
        )


@transaction.atomic
def rules_save(
    *,
    access: Access,
    name: str,
    decision_method: str,
    quorum_pct: int | None = None,
    majority_pct: int | None = None,
    meeting_frequency: str = "",
    channels: str = "",
    agenda_drafted_by: str = "",
    agenda_notice_days: int | None = None,
    minutes_taken_by: str = "",
    notes: str = "",
    meeting_frequency_fr: str = "",
    channels_fr: str = "",
    notes_fr: str = "",
    rules_id: int | None = None,
    version: int | str | None = None,
) -> RulesOfProcedure:
    """Majority votes need a quorum and a majority, each 1–100 %; consensus and consent take
    neither (a quorum given with them is refused rather than silently ignored). `version` (the
    one the editor loaded) refuses a save over someone else's newer one."""
    access.require_manage()
    existing = (
        access.get_owned(RulesOfProcedure.objects.select_for_update(), pk=rules_id)
        if rules_id
        else None
    )
    if existing is not None:
        refuse_stale_row(version, existing, {"name": existing.name})
    problems: list[FieldProblem] = []
    if not (name or "").strip():
        problems.append(FieldProblem("name", _("Name the rules, e.g. “Steering committee rules”.")))
    if decision_method not in DecisionMethod.values:
        problems.append(
            FieldProblem("decision_method", _("Choose consensus, consent or majority vote."))
        )
    _pct(quorum_pct, "quorum_pct", _("Quorum"), problems)
    _pct(majority_pct, "majority_pct", _("The majority"), problems)
    if agenda_notice_days is not None and not 0 <= agenda_notice_days <= MAX_NOTICE_DAYS:
        problems.append(
            FieldProblem(
                "agenda_notice_days",
                _("Enter a number of days from 0 to %(max)s, e.g. 7, or leave it empty.")
                % {"max": MAX_NOTICE_DAYS},
            )
        )
    if decision_method == DecisionMethod.MAJORITY:
        if quorum_pct is None:
            problems.append(
                FieldProblem(
                    "quorum_pct",
                    _("A majority vote needs a quorum: the share of members who must be present."),
                )
            )
        if majority_pct is None:
            problems.append(
                FieldProblem(
                    "majority_pct",
                    _(
                        "A majority vote needs the share of votes that carries a decision, e.g. 50 or 67."
                    ),
                )
            )
        elif majority_pct < 50:
            problems.append(
                FieldProblem("majority_pct", _("A majority is more than half: enter at least 50."))
            )
    elif decision_method in DecisionMethod.values and (quorum_pct or majority_pct):
        problems.append(
            FieldProblem(
                "quorum_pct" if quorum_pct else "majority_pct",
                _(
                    "Consensus and consent take no vote: leave quorum and majority empty, or choose a majority vote."
                ),
            )
        )
    raise_problems(problems)
    fields = {
        "name": name.strip()[:200],
        "decision_method": decision_method,
        "quorum_pct": quorum_pct,
        "majority_pct": majority_pct,
        "meeting_frequency": (meeting_frequency or "").strip()[:200],
        "channels": (channels or "").strip(),
        "agenda_drafted_by": (agenda_drafted_by or "").strip()[:200],
        "agenda_notice_days": agenda_notice_days,
        "minutes_taken_by": (minutes_taken_by or "").strip()[:200],
        "notes": (notes or "").strip(),
        "meeting_frequency_fr": (meeting_frequency_fr or "").strip()[:200],
        "channels_fr": (channels_fr or "").strip(),
        "notes_fr": (notes_fr or "").strip(),
    }
    if existing is None:
        existing = RulesOfProcedure.objects.create(collaborative=access.collaborative, **fields)
    else:
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.version += 1
        existing.save()
    record(access, "rules.saved", name=existing.name)
    return existing


@transaction.atomic
def rules_delete(*, access: Access, rules_id: int) -> None:
    access.require_manage()
    rules = access.get_owned(RulesOfProcedure.objects.all(), pk=rules_id)
    record(access, "rules.deleted", name=rules.name)
    rules.delete()


@transaction.atomic
def body_save(
    *,
    access: Access,
    name: str,
    kind: str,
    purpose: str = "",
    purpose_fr: str = "",
    member_organisation_ids: Iterable[int] = (),
    member_contact_ids: Iterable[int] = (),
    chair_id: int | None = None,
    rules_id: int | None = None,
    body_id: int | None = None,
    version: int | str | None = None,
) -> GovernanceBody:
    """A body and its members; `version` (the one the editor loaded) refuses a save over
    someone else's newer one."""
    access.require_manage()
    existing = (
        access.get_owned(GovernanceBody.objects.select_for_update(), pk=body_id)
        if body_id
        else None
    )
    if existing is not None:
        refuse_stale_row(version, existing, {"name": existing.name, "purpose": existing.purpose})
    problems: list[FieldProblem] = []
    if not (name or "").strip():
        problems.append(FieldProblem("name", _("Name the body, e.g. “Steering committee”.")))
    if kind not in BodyKind.values:
        problems.append(FieldProblem("kind", _("Choose the kind of body.")))
    orgs, missing = access.owned(
        Organisation,
        member_organisation_ids,
        field="member_organisation_ids",
        message=_("A member organisation is not in this collaborative."),
    )
    contacts, missing_contacts = access.owned(
        Contact,
        {*member_contact_ids, *([chair_id] if chair_id else [])},
        field="member_contact_ids",
        message=_("A person is not a contact of this collaborative."),
    )
    problems += missing + missing_contacts
    rules = None
    if rules_id:
        rules = access.scope(RulesOfProcedure).filter(pk=rules_id).first()
        if rules is None:
            problems.append(
                FieldProblem("rules_id", _("Those rules are not in this collaborative."))
            )
    raise_problems(problems)
    fields = {
        "name": name.strip()[:200],
        "kind": kind,
        "purpose": (purpose or "").strip(),
        "purpose_fr": (purpose_fr or "").strip(),
        "chair_id": chair_id,
        "rules": rules,
    }
    if existing is None:
        body = GovernanceBody.objects.create(collaborative=access.collaborative, **fields)
    else:
        body = existing
        for k, v in fields.items():
            setattr(body, k, v)
        body.version += 1
        body.save()
    body.member_organisations.set(orgs)
    # The chair sits on the body.
    body.member_contacts.set(contacts)
    record(access, "body.saved", name=body.name, members=len(orgs))
    return body


@transaction.atomic
def body_delete(*, access: Access, body_id: int) -> None:
    access.require_manage()
    body = access.get_owned(GovernanceBody.objects.all(), pk=body_id)
    record(access, "body.deleted", name=body.name)
    body.delete()


@transaction.atomic
def raci_set(
    *, access: Access, activity_id: int, organisation_id: int, role: str
) -> Responsibility | None:
    """Set one cell of the matrix; an empty role clears it."""
    access.require_manage()
    activity = access.get_owned(Activity.objects.all(), pk=activity_id)
    organisation = access.get_owned(Organisation.objects.all(), pk=organisation_id)
    role = (role or "").strip().upper()
    if role and role not in Raci.values:
        raise ServiceError.on(
            "role",
            _("Use R (responsible), A (accountable), C (consulted), I (informed), or nothing."),
        )
    current = Responsibility.objects.filter(activity=activity, organisation=organisation).first()
    if not role and current is None:
        return None
    record(access, "raci.set", activity=activity.title, organisation=organisation.name, role=role)
    if not role:
        current.delete()  # type: ignore[union-attr]
        return None
    if current:
        current.role = role
        current.save(update_fields=["role"])
        return current
    return Responsibility.objects.create(
        collaborative=access.collaborative, activity=activity, organisation=organisation, role=role
    )

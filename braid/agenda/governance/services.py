"""Writes of governance: rules of procedure, bodies, the RACI matrix, leadership roles and the
backbone functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import (
    Activity,
    BackboneAssignment,
    BackboneFunction,
    BodyKind,
    DecisionMethod,
    GovernanceBody,
    LeadershipRole,
    LeadershipTitle,
    Raci,
    Responsibility,
    RulesOfProcedure,
)
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, record, vocabulary
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.partners.models import Contact, Organisation

vocabulary(
    {
        "backbone.assigned": gettext_lazy("%(function_label)s assigned to %(who)s"),
        "backbone.unassigned": gettext_lazy("%(function_label)s no longer assigned to %(who)s"),
    },
    labels={"function": BackboneFunction},
)
vocabulary(
    {
        "rules.saved": gettext_lazy("Rules of procedure “%(name)s” saved"),
        "rules.deleted": gettext_lazy("Rules of procedure “%(name)s” deleted"),
        "body.saved": gettext_lazy("Governance body “%(name)s” saved (%(members)s organisations)"),
        "body.deleted": gettext_lazy("Governance body “%(name)s” deleted"),
        "raci.set": gettext_lazy("Responsibility of %(organisation)s for “%(activity)s”: %(role)s"),
        "leadership.saved": gettext_lazy("%(person)s recorded as %(title_label)s"),
        "leadership.deleted": gettext_lazy("%(person)s no longer %(title_label)s"),
    },
    labels={"title": LeadershipTitle},
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
) -> RulesOfProcedure:
    """Majority votes need a quorum and a majority, each 1–100 %; consensus and consent take
    neither (a quorum given with them is refused rather than silently ignored)."""
    access.require_manage()
    existing = access.get_owned(RulesOfProcedure.objects.all(), pk=rules_id) if rules_id else None
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
) -> GovernanceBody:
    access.require_manage()
    existing = access.get_owned(GovernanceBody.objects.all(), pk=body_id) if body_id else None
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


@transaction.atomic
def leadership_save(
    *,
    access: Access,
    title: str,
    person: str,
    organisation_id: int | None,
    term_start: dt.date | None,
    term_end: dt.date | None = None,
    body_id: int | None = None,
    role_id: int | None = None,
) -> LeadershipRole:
    access.require_manage()
    existing = access.get_owned(LeadershipRole.objects.all(), pk=role_id) if role_id else None
    problems: list[FieldProblem] = []
    if title not in LeadershipTitle.values:
        problems.append(
            FieldProblem(
                "title", _("Choose the role: chair, co-chair, working-group lead or other.")
            )
        )
    if not (person or "").strip():
        problems.append(FieldProblem("person", _("Name the person who holds the role.")))
    org = access.scope(Organisation).filter(pk=organisation_id).first() if organisation_id else None
    if org is None:
        problems.append(
            FieldProblem("organisation_id", _("Choose the organisation the person comes from."))
        )
    body = None
    if body_id:
        body = access.scope(GovernanceBody).filter(pk=body_id).first()
        if body is None:
            problems.append(FieldProblem("body_id", _("That body is not in this collaborative.")))
    if term_start is None:
        problems.append(FieldProblem("term_start", _("Give the date the term starts.")))
    elif term_end is not None and term_end < term_start:
        problems.append(
            FieldProblem(
                "term_end",
                _("The term cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": term_end.isoformat(), "start": term_start.isoformat()},
            )
        )
    raise_problems(problems)
    fields = {
        "title": title,
        "person": person.strip()[:200],
        "organisation": org,
        "body": body,
        "term_start": term_start,
        "term_end": term_end,
    }
    if existing is None:
        existing = LeadershipRole.objects.create(collaborative=access.collaborative, **fields)
    else:
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.save()
    record(access, "leadership.saved", person=existing.person, title=title)
    return existing


@transaction.atomic
def leadership_delete(*, access: Access, role_id: int) -> None:
    access.require_manage()
    role = access.get_owned(LeadershipRole.objects.all(), pk=role_id)
    record(access, "leadership.deleted", person=role.person, title=role.title)
    role.delete()


@transaction.atomic
def backbone_assign(
    *,
    access: Access,
    function: str,
    assignee: str,
    organisation_id: int | None = None,
    notes: str = "",
) -> BackboneAssignment | None:
    """Assign one of the six backbone functions; an empty assignee leaves it unassigned."""
    access.require_manage()
    if function not in BackboneFunction.values:
        raise ServiceError.on("function", _("Unknown backbone function: choose one of the six."))
    org = None
    if organisation_id:
        org = access.scope(Organisation).filter(pk=organisation_id).first()
        if org is None:
            raise ServiceError.on(
                "organisation_id", _("That organisation is not in this collaborative.")
            )
    assignee = (assignee or "").strip()
    current = access.scope(BackboneAssignment).filter(function=function).first()
    if not assignee:
        if current:
            record(access, "backbone.unassigned", function=str(function), who=current.assignee)
            current.delete()
        return None
    if current is None:
        current = BackboneAssignment(collaborative=access.collaborative, function=function)
    current.assignee, current.organisation, current.notes = (
        assignee[:200],
        org,
        (notes or "").strip(),
    )
    current.save()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="backbone.assigned",
        details={"function": str(function), "who": assignee},
    )
    return current

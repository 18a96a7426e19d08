"""Writes of governance's people: leadership roles (who chairs, co-chairs, leads a working
group, for which term) and the six backbone functions,"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import (
    BackboneAssignment,
    BackboneFunction,
    GovernanceBody,
    LeadershipRole,
    LeadershipTitle,
)
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, record, vocabulary
from braid.core.errors import FieldProblem, ServiceError, raise_problems, refuse_stale_row
from braid.partners.models import Organisation

vocabulary(
    {
        "backbone.assigned": gettext_lazy("%(function_label)s assigned to %(who)s"),
        "backbone.unassigned": gettext_lazy("%(function_label)s no longer assigned to %(who)s"),
    },
    labels={"function": BackboneFunction},
)
vocabulary(
    {
        "leadership.saved": gettext_lazy("%(person)s recorded as %(title_label)s"),
        "leadership.deleted": gettext_lazy("%(person)s no longer %(title_label)s"),
    },
    labels={"title": LeadershipTitle},
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
    version: int | str | None = None,
) -> LeadershipRole:
    """A leadership role; `version` (the one the editor loaded) refuses a save over someone
    else's newer one."""
    access.require_manage()
    existing = (
        access.get_owned(LeadershipRole.objects.select_for_update(), pk=role_id)
        if role_id
        else None
    )
    if existing is not None:
        refuse_stale_row(version, existing, {"person": existing.person, "title": existing.title})
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
        existing.version += 1
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

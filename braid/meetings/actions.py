"""Action items: from a meeting, a decision or standalone; an owner (a member and the
organisation they act for), a due date, a status and a short log of updates; reminders
before the due date (three days by default) and once overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Activity
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.collaboratives.models import Membership
from braid.core.errors import FieldProblem, ServiceError, raise_problems
from braid.measures.models import Indicator
from braid.meetings.models import ActionItem, ActionStatus, ActionUpdate, Decision, Meeting
from braid.partners.models import Organisation

vocabulary(
    {
        "action.created": gettext_lazy("Action “%(title)s” assigned to %(owner)s, due %(due)s"),
        "action.updated": gettext_lazy("Action “%(title)s”: %(status_label)s"),
        "action.archived": gettext_lazy("Action “%(title)s” archived"),
    },
    labels={"status": ActionStatus},
)

REMIND_DAYS = 3


def may_edit(access: Access, action: ActionItem) -> bool:
    return (
        access.can_manage()
        or action.owner_id == access.user.pk
        or action.created_by_id == access.user.pk
        or (action.organisation_id is not None and access.can_edit_for(action.organisation_id))
    )


@transaction.atomic
def action_create(
    *,
    access: Access,
    title: str,
    owner_id: int | None = None,
    organisation_id: int | None = None,
    due_on: dt.date | None = None,
    meeting_id: int | None = None,
    decision_id: int | None = None,
    indicator_id: int | None = None,
    activity_id: int | None = None,
) -> ActionItem:
    """Stewards assign actions to anyone; a partner to people of its own organisation."""
    problems: list[FieldProblem] = []
    title = (title or "").strip()
    if not title:
        problems.append(
            FieldProblem(
                "title", _("Say what is to be done, e.g. “Draft the data-sharing protocol”.")
            )
        )
    owner_membership = None
    if owner_id:
        owner_membership = access.scope(Membership).filter(user_id=owner_id).first()
        if owner_membership is None:
            problems.append(
                FieldProblem(
                    "owner_id",
                    _("The owner must be a member of this collaborative: invite them first."),
                )
            )
    org = None
    if organisation_id:
        org = access.scope(Organisation).filter(pk=organisation_id).first()
        if org is None:
            problems.append(
                FieldProblem(
                    "organisation_id", _("That organisation is not in this collaborative.")
                )
            )
    elif owner_membership is not None and owner_membership.organisation_id:
        org = owner_membership.organisation
    if not owner_id and org is None:
        problems.append(
            FieldProblem(
                "owner_id", _("Give the action an owner: a person, an organisation or both.")
            )
        )
    links = {}
    for field, model, value in (
        ("meeting_id", Meeting, meeting_id),
        ("decision_id", Decision, decision_id),
        ("indicator_id", Indicator, indicator_id),
        ("activity_id", Activity, activity_id),
    ):
        if value:
            found = access.scope(model).filter(pk=value).first()
            if found is None:
                problems.append(
                    FieldProblem(field, _("Not in this collaborative: %(ids)s.") % {"ids": value})
                )
            links[field.removesuffix("_id")] = found
    raise_problems(problems)
    if not access.can_manage():
        access.require_edit_for(org.pk if org else None)
    action = ActionItem.objects.create(
        collaborative=access.collaborative,
        title=title[:300],
        owner_id=owner_id,
        organisation=org,
        due_on=due_on,
        created_by=access.user,
        **links,
    )
    owner = owner_membership.user if owner_membership else None
    record(
        access,
        "action.created",
        title=action.title,
        owner=(owner.full_name or owner.email) if owner else (org.name if org else ""),
        due=due_on.isoformat() if due_on else "—",
    )
    from braid.meetings import notifications

    notifications.action_event(action, "action.assigned")
    return action


@transaction.atomic
def action_update(
    *, access: Access, action_id: int, text: str = "", status: str | None = None
) -> ActionItem:
    """Add a line to the action's log, optionally changing its status."""
    action = access.get_owned(ActionItem.objects.select_for_update(), pk=action_id)
    if not may_edit(access, action):
        access.require_edit_for(action.organisation_id)
    if action.archived_at is not None:
        raise ServiceError(_("This action is archived: restore it before updating it."))
    problems: list[FieldProblem] = []
    if status is not None and status not in ActionStatus.values:
        problems.append(FieldProblem("status", _("Choose open, done or dropped.")))
    text = (text or "").strip()
    if not text and (status is None or status == action.status):
        problems.append(FieldProblem("text", _("Write the update, or change the status.")))
    raise_problems(problems)
    if status is not None and status != action.status:
        action.status = status
        action.done_at = timezone.now() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "done_at"])
    ActionUpdate.objects.create(
        collaborative=access.collaborative,
        action=action,
        author=access.user,
        text=text,
        status=status or "",
    )
    record(access, "action.updated", title=action.title, status=action.status)
    return action


@transaction.atomic
def action_archive(*, access: Access, action_id: int, archived: bool = True) -> ActionItem:
    """Put a finished action out of the way (or back); open actions stay in the lists."""
    action = access.get_owned(ActionItem.objects.select_for_update(), pk=action_id)
    if not may_edit(access, action):
        access.require_edit_for(action.organisation_id)
    if archived and action.status == ActionStatus.OPEN:
        raise ServiceError(_("Only a done or dropped action can be archived."))
    action.archived_at = timezone.now() if archived else None
    action.save(update_fields=["archived_at"])
    record(access, "action.archived", title=action.title)
    return action

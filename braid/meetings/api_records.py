"""The meetings API: the decisions register, action items, calendar feeds and notification
preferences. Its routes are on the meetings router (api.py)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Schema, Status
from ninja.pagination import paginate

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.schemas import Date, FromModel, Id, In, OneOf
from braid.meetings import actions, calendar, decisions, documents, notifications, selectors
from braid.meetings.api import BASE, router
from braid.meetings.documents import decision_out
from braid.meetings.models import (
    ActionItem,
    Decision,
    NotificationPreference,
)

# --- Decisions -----------------------------------------------------------------------------


class ObjectionSchema(In):
    text: str
    organisation_id: Id | None = None
    resolution: str = ""


class DecisionIn(In):
    title: Annotated[str, FromModel(Decision, "title")] = ""  # this, title_fr or both
    title_fr: Annotated[str, FromModel(Decision, "title_fr")] = ""
    method: Annotated[str, FromModel(Decision, "method")]
    meeting_id: Id | None = None
    item_id: Id | None = None
    text: str = ""
    text_fr: str = ""
    decided_on: Date | None = None
    votes_for: Annotated[int | None, FromModel(Decision, "votes_for")] = None
    votes_against: Annotated[int | None, FromModel(Decision, "votes_against")] = None
    votes_abstain: Annotated[int | None, FromModel(Decision, "votes_abstain")] = None
    objections: list[ObjectionSchema] = []
    dissenting_ids: list[Id] = []
    activity_ids: list[Id] = []
    indicator_ids: list[Id] = []
    agenda_version_ids: list[Id] = []
    terms_version_ids: list[Id] = []
    changes: str = ""
    changes_fr: str = ""
    supersedes_id: Id | None = None


class DecisionOut(Schema):
    id: int
    number: int
    title: str
    title_fr: str  # each text in French too, when written (ADR 0015)
    text: str
    text_fr: str
    changes: str
    changes_fr: str
    method: str
    status: str
    reason: str
    decided_on: dt.date
    meeting_id: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    present: int | None
    members: int | None
    supersedes_id: int | None
    superseded_by_id: int | None
    activity_ids: list[int]
    indicator_ids: list[int]
    agenda_version_ids: list[int]
    terms_version_ids: list[int]
    dissenting_ids: list[int]
    action_ids: list[int]


class RevokeIn(In):
    reason: str


@router.get(
    BASE + "/decisions",
    response={200: list[DecisionOut], **ERRORS},
    operation_id="braid_meetings_api_list_decisions",
)
@paginate(Page)
def list_decisions(
    request: HttpRequest,
    slug: str,
    status: Annotated[str, FromModel(Decision, "status", blank=True)] = "",
) -> Any:
    """The register, newest first; never deleted (superseded and revoked ones stay)."""
    return documents.decision_rows(access_for(request.user, slug), status)


@router.post(
    BASE + "/decisions",
    response={201: DecisionOut, **ERRORS},
    operation_id="braid_meetings_api_record_decision",
)
def record_decision(request: HttpRequest, slug: str, payload: DecisionIn) -> Any:
    """A vote needs the meeting (with attendance) and the three counts; counts above the
    members present are refused (400); without quorum or majority it is recorded with status
    `not_adopted` and the reason. Consent: objections without a resolution → not adopted."""
    access = access_for(request.user, slug)
    data = payload.dict()
    data["objections"] = [decisions.ObjectionIn(**o) for o in data["objections"]]
    return Status(201, decision_out(decisions.decision_record(access=access, **data)))


@router.get(
    BASE + "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    operation_id="braid_meetings_api_get_decision",
)
def get_decision(request: HttpRequest, slug: str, decision_id: int) -> Any:
    access = access_for(request.user, slug)
    return decision_out(access.get_owned(selectors.register(access), pk=decision_id))


@router.post(
    BASE + "/decisions/{decision_id}/revoke",
    response={200: DecisionOut, **ERRORS},
    operation_id="braid_meetings_api_revoke_decision",
)
def revoke_decision(request: HttpRequest, slug: str, decision_id: int, payload: RevokeIn) -> Any:
    access = access_for(request.user, slug)
    return decision_out(
        decisions.decision_revoke(access=access, decision_id=decision_id, reason=payload.reason)
    )


# --- Action items --------------------------------------------------------------------------


class ActionIn(In):
    title: Annotated[str, FromModel(ActionItem, "title")]
    owner_id: Id | None = None
    organisation_id: Id | None = None
    due_on: Date | None = None
    meeting_id: Id | None = None
    decision_id: Id | None = None
    indicator_id: Id | None = None
    activity_id: Id | None = None


class ActionUpdateIn(In):
    text: str = ""
    status: Annotated[str | None, FromModel(ActionItem, "status")] = None


class ArchiveIn(In):
    archived: bool = True


class ActionOut(Schema):
    id: int
    title: str
    owner_id: int | None
    organisation_id: int | None
    due_on: dt.date | None
    status: str
    overdue: bool
    archived: bool
    meeting_id: int | None
    decision_id: int | None
    indicator_id: int | None
    activity_id: int | None


def action_out(a: ActionItem, today: dt.date) -> dict[str, Any]:
    return {
        **{
            f: getattr(a, f)
            for f in (
                "title",
                "owner_id",
                "organisation_id",
                "due_on",
                "status",
                "meeting_id",
                "decision_id",
                "indicator_id",
                "activity_id",
            )
        },
        "id": a.pk,
        "overdue": a.status == "open" and a.due_on is not None and a.due_on < today,
        "archived": a.archived_at is not None,
    }


@router.get(
    BASE + "/my-actions",
    response={200: list[ActionOut], **ERRORS},
    operation_id="braid_meetings_api_list_my_actions",
)
def list_my_actions(
    request: HttpRequest,
    slug: str,
    whose: Annotated[str, OneOf(["assigned", "created"])] = "assigned",
    state: Annotated[str, OneOf(["open", "done", "archived"])] = "open",
) -> Any:
    """My action items (at most 500, soonest due first)."""
    access = access_for(request.user, slug)
    today = selectors.today()
    rows = selectors.my_actions(access, whose=whose, state=state)[:500]
    return [action_out(a, today) for a in rows]


@router.get(
    BASE + "/actions/open-by-organisation",
    response={200: dict[str, list[ActionOut]], **ERRORS},
    operation_id="braid_meetings_api_open_by_organisation",
)
def open_by_organisation(request: HttpRequest, slug: str) -> Any:
    """Stewards: every open action, keyed by organisation id."""
    access = access_for(request.user, slug)
    access.require_manage()
    today = selectors.today()
    return {
        str(k): [action_out(a, today) for a in v]
        for k, v in selectors.open_actions_by_organisation(access.collaborative).items()
    }


@router.post(
    BASE + "/actions",
    response={201: ActionOut, **ERRORS},
    operation_id="braid_meetings_api_create_action",
)
def create_action(request: HttpRequest, slug: str, payload: ActionIn) -> Any:
    access = access_for(request.user, slug)
    return Status(
        201, action_out(actions.action_create(access=access, **payload.dict()), selectors.today())
    )


@router.get(
    BASE + "/actions/{action_id}",
    response={200: ActionOut, **ERRORS},
    operation_id="braid_meetings_api_get_action",
)
def get_action(request: HttpRequest, slug: str, action_id: int) -> Any:
    access = access_for(request.user, slug)
    return action_out(access.get_owned(ActionItem, pk=action_id), selectors.today())


@router.post(
    BASE + "/actions/{action_id}/updates",
    response={200: ActionOut, **ERRORS},
    operation_id="braid_meetings_api_update_action",
)
def update_action(request: HttpRequest, slug: str, action_id: int, payload: ActionUpdateIn) -> Any:
    access = access_for(request.user, slug)
    a = actions.action_update(
        access=access, action_id=action_id, text=payload.text, status=payload.status
    )
    return action_out(a, selectors.today())


@router.post(
    BASE + "/actions/{action_id}/archive",
    response={200: ActionOut, **ERRORS},
    operation_id="braid_meetings_api_archive_action",
)
def archive_action(request: HttpRequest, slug: str, action_id: int, payload: ArchiveIn) -> Any:
    access = access_for(request.user, slug)
    a = actions.action_archive(access=access, action_id=action_id, archived=payload.archived)
    return action_out(a, selectors.today())


# --- Calendars and notifications -----------------------------------------------------------


class FeedIn(In):
    body_id: Id | None = None


class FeedOut(Schema):
    id: int
    body_id: int | None
    url: str


@router.post(
    BASE + "/calendar-feeds",
    response={201: FeedOut, **ERRORS},
    operation_id="braid_meetings_api_create_feed",
)
def create_feed(request: HttpRequest, slug: str, payload: FeedIn) -> Any:
    """A secret feed address (shown once): your meetings, or a body's."""
    access = access_for(request.user, slug)
    feed, secret = calendar.feed_create(access=access, body_id=payload.body_id)
    return Status(
        201, {"id": feed.pk, "body_id": feed.body_id, "url": calendar.feed_url(slug, secret)}
    )


@router.delete(
    BASE + "/calendar-feeds/{feed_id}",
    response={204: None, **ERRORS},
    operation_id="braid_meetings_api_revoke_feed",
)
def revoke_feed(request: HttpRequest, slug: str, feed_id: int) -> Any:
    calendar.feed_revoke(access=access_for(request.user, slug), feed_id=feed_id)
    return Status(204, None)


class PrefsIn(In):
    preferences: dict[str, Annotated[str, FromModel(NotificationPreference, "frequency")]]


@router.get(
    BASE + "/notification-preferences",
    response={200: dict[str, str], **ERRORS},
    operation_id="braid_meetings_api_get_preferences",
)
def get_preferences(request: HttpRequest, slug: str) -> Any:
    """Each kind of news → immediate / daily / weekly / none (daily by default)."""
    access = access_for(request.user, slug)
    return notifications.preferences(access.user)


@router.put(
    BASE + "/notification-preferences",
    response={200: dict[str, str], **ERRORS},
    operation_id="braid_meetings_api_put_preferences",
)
def put_preferences(request: HttpRequest, slug: str, payload: PrefsIn) -> Any:
    access = access_for(request.user, slug)
    notifications.preferences_save(access=access, chosen=payload.preferences)
    return notifications.preferences(access.user)

"""The rules every meeting write shares: its title, its body, its times, its video link and its
invitees, checked the same way for a one-off meeting, a series and an update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from braid.agenda.models import Activity, GovernanceBody
from braid.collaboratives.access import Access
from braid.collaboratives.models import Membership
from braid.core.errors import FieldProblem
from braid.measures.models import Indicator
from braid.meetings.models import (
    Gathering,
    Meeting,
    Purpose,
)
from braid.meetings.timing import local_date
from braid.partners.models import Organisation, PartnerStatus


def label(meeting: Meeting) -> str:
    return local_date(meeting).isoformat()


def check_times(
    day: dt.date | None, start: dt.time | None, end: dt.time | None, problems: list[FieldProblem]
) -> None:
    if day is None:
        problems.append(FieldProblem("date", _("Give the date of the meeting (YYYY-MM-DD).")))
    if start is None:
        problems.append(
            FieldProblem("start_time", _("Give the time the meeting starts, e.g. 09:30."))
        )
    if end is None:
        problems.append(FieldProblem("end_time", _("Give the time the meeting ends, e.g. 11:00.")))
    if start is not None and end is not None and end <= start:
        problems.append(
            FieldProblem(
                "end_time",
                _("The meeting ends (%(end)s) before it starts (%(start)s): give a later end time.")
                % {"end": end.strftime("%H:%M"), "start": start.strftime("%H:%M")},
            )
        )


def clean_title(title: str, problems: list[FieldProblem], field: str = "title") -> str:
    title = (title or "").strip()
    if not title:
        problems.append(FieldProblem(field, _("Give a title, e.g. “Steering committee”.")))
    return title[:300]


def body_for(
    access: Access, gathering: str, body_id: int | None, problems: list[FieldProblem]
) -> Any:
    if gathering not in Gathering.values:
        problems.append(
            FieldProblem(
                "gathering", _("Choose a governance body, all partners or a community forum.")
            )
        )
        return None
    if gathering != Gathering.BODY:
        if body_id:
            problems.append(
                FieldProblem("body_id", _("Only a meeting of a governance body names a body."))
            )
        return None
    if not body_id:
        problems.append(FieldProblem("body_id", _("Choose the governance body that meets.")))
        return None
    body = access.scope(GovernanceBody).filter(pk=body_id).first()
    if body is None:
        problems.append(
            FieldProblem(
                "body_id",
                _(
                    "Governance body %(id)s is not one of this collaborative's: choose one of its bodies."
                )
                % {"id": body_id},
            )
        )
    return body


def members(
    access: Access, user_ids: Iterable[int], field: str
) -> tuple[list[Any], list[FieldProblem]]:
    wanted = sorted(set(user_ids))
    found = {
        m.user_id: m.user
        for m in access.scope(Membership).filter(user_id__in=wanted).select_related("user")
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        return list(found.values()), [
            FieldProblem(
                field,
                _(
                    "Not members of this collaborative: %(ids)s. Invite them to the collaborative first."
                )
                % {"ids": ", ".join(map(str, missing))},
            )
        ]
    return [found[i] for i in wanted], []


def clean_url(value: str, problems: list[FieldProblem]) -> str:
    value = (value or "").strip()
    if value and not value.startswith(("https://", "http://")):
        problems.append(
            FieldProblem(
                "video_url",
                _("The video link must start with https://, e.g. https://meet.example.org/abc."),
            )
        )
    return value[:500]


def default_invitees(access: Access, gathering: str, body: Any) -> list[Organisation]:
    if gathering == Gathering.BODY and body is not None:
        return list(body.member_organisations.all())
    if gathering == Gathering.ALL_PARTNERS:
        return list(access.scope(Organisation).filter(status=PartnerStatus.PARTNER))
    return []


def invite(
    access: Access,
    organisation_ids: list[int] | None,
    user_ids: list[int] | None,
    problems: list[FieldProblem],
) -> tuple[list[Organisation] | None, list[Any]]:
    orgs: list[Organisation] | None = None
    if organisation_ids is not None:
        orgs, p = access.owned(
            Organisation,
            organisation_ids,
            field="organisation_ids",
            message=_("Organisations not in this collaborative: %(ids)s."),
        )
        problems.extend(p)
    users, p2 = members(access, user_ids or [], "user_ids")
    problems.extend(p2)
    return orgs, users


def item_fields(
    access: Access,
    problems: list[FieldProblem],
    *,
    purpose: str,
    minutes_allotted: int | None,
    owner_id: int | None,
    owner_organisation_id: int | None,
    indicator_id: int | None,
    activity_id: int | None,
) -> dict[str, Any]:
    """An agenda item's purpose, time and links, checked (each problem added to `problems`)."""
    if purpose not in Purpose.values:
        problems.append(FieldProblem("purpose", _("Choose information, discussion or decision.")))
    if minutes_allotted is not None and not 1 <= minutes_allotted <= 600:
        problems.append(
            FieldProblem("minutes_allotted", _("Give the time allotted in minutes, from 1 to 600."))
        )
    owner = None
    if owner_id:
        found, p = members(access, [owner_id], "owner_id")
        problems.extend(p)
        owner = found[0] if found else None
    org = None
    if owner_organisation_id:
        org = access.scope(Organisation).filter(pk=owner_organisation_id).first()
        if org is None:
            problems.append(
                FieldProblem(
                    "owner_organisation_id", _("That organisation is not in this collaborative.")
                )
            )
    indicator = None
    if indicator_id:
        indicator = access.scope(Indicator).filter(pk=indicator_id).first()
        if indicator is None:
            problems.append(
                FieldProblem("indicator_id", _("That indicator is not in this collaborative."))
            )
    activity = None
    if activity_id:
        activity = access.scope(Activity).filter(pk=activity_id).first()
        if activity is None:
            problems.append(
                FieldProblem("activity_id", _("That activity is not in this collaborative."))
            )
    return {
        "purpose": purpose,
        "minutes_allotted": minutes_allotted,
        "owner": owner,
        "owner_organisation": org,
        "indicator": indicator,
        "activity": activity,
    }

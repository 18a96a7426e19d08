"""Building rounds and answering them through the real services, for the surveys tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from braid.collaboratives.access import access_for
from braid.surveys import links, rules, services
from braid.surveys.models import Invitation, LinkToken
from braid.surveys.rounds import services as round_services

FACTORS = "braid-factors@1"
BARRIERS = "braid-barriers@1"
CONDITIONS = "braid-conditions@1"
NETWORK = "braid-network@1"
READINESS = "braid-readiness@1"
SELF_EVAL = "braid-self-evaluation@1"


def steward_access(collaborative: Any, steward: Any) -> Any:
    return access_for(steward, collaborative.slug)


def open_round(access: Any, refs: list[str], *, title: str = "Check-up", days: int = 14) -> Any:
    today = timezone.localdate()
    round_ = round_services.round_create(
        access=access,
        title=title,
        opens_on=today,
        closes_on=today + dt.timedelta(days=days),
        instruments=refs,
    )
    return round_services.round_open(access=access, round_id=round_.pk)


def invite(access: Any, round_: Any, people: list[tuple[str, Any]]) -> dict[str, str]:
    """Add and invite (email, organisation) pairs; returns {email: token}."""
    round_services.respondents_add(
        access=access,
        round_id=round_.pk,
        people=[round_services.Person(email, org.pk) for email, org in people],
    )
    tokens: dict[str, str] = {}
    real = links.issue_link

    def keep(inv: Invitation) -> str:
        token = real(inv)
        tokens[inv.email] = token
        return token

    links.issue_link = keep  # type: ignore[assignment]
    try:
        round_services.invitations_send(access=access, round_id=round_.pk)
    finally:
        links.issue_link = real  # type: ignore[assignment]
    return tokens


def answer(token: str, answers: dict[str, dict[str, Any]], *, finish: bool = True) -> Invitation:
    inv = rules.invitation_for(token)
    assert inv is not None
    services.draft_save(invitation_id=inv.pk, page=1, answers=answers)
    if finish:
        services.response_finish(invitation_id=inv.pk)
    inv.refresh_from_db()
    return inv


def token_count(invitation: Invitation) -> int:
    return LinkToken.objects.filter(invitation=invitation).count()

"""What a link, a round's status and an answer may be: the rules the services, the pages and
the API share (no writes here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.core.errors import FieldProblem
from braid.surveys.definitions import DIMENSIONS, Instrument
from braid.surveys.models import Invitation, LinkToken, Round, RoundStatus


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """128 bits from the system's CSPRNG, 22 URL-safe characters."""
    return secrets.token_urlsafe(16)


def link_url(token: str) -> str:
    return f"{settings.SITE_URL}/s/{token}/"


def effective_status(round_: Round, today: dt.date | None = None) -> str:
    """Open rounds close on their date by themselves; a draft is never open."""
    today = today or timezone.localdate()
    if round_.status == RoundStatus.OPEN and today > round_.closes_on:
        return RoundStatus.CLOSED
    return round_.status


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link opens, or None (unknown, or malformed: the same answer)."""
    if not token or len(token) > 64:
        return None
    row = (
        LinkToken.objects.filter(digest=digest(token))
        .select_related("invitation__round__collaborative", "invitation__organisation")
        .first()
    )
    return row.invitation if row else None


def _number(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError


def clean_answers(
    inst: Instrument, answers: Mapping[str, Any], *, items: Iterable[str] | None = None
) -> tuple[dict[str, int | None], list[FieldProblem]]:
    """Scale answers of one instrument: every item known, every value on the scale."""
    allowed = set(items) if items is not None else set(inst.item_map)
    out: dict[str, int | None] = {}
    problems = []
    for key, raw in answers.items():
        if key not in allowed:
            problems.append(
                FieldProblem(key, _("“%(item)s” is not a question of this page.") % {"item": key})
            )
            continue
        try:
            value = _number(raw)
        except ValueError:
            value = inst.scale.min - 1
        if value is not None and not inst.scale.min <= value <= inst.scale.max:
            problems.append(
                FieldProblem(
                    key,
                    _("Choose an answer from %(lo)s to %(hi)s.")
                    % {"lo": inst.scale.min, "hi": inst.scale.max},
                )
            )
            continue
        out[key] = value
    return out, problems


def clean_network(
    inst: Instrument, answers: Mapping[str, Any], org_ids: set[int]
) -> tuple[dict[str, dict[str, int | None]], list[FieldProblem]]:
    """Network answers: {organisation id: {"level": 0..4, dimension: 1..4}}."""
    dim_scale = inst.dimension_scale
    assert dim_scale is not None
    out: dict[str, dict[str, int | None]] = {}
    problems = []
    for key, row in answers.items():
        try:
            org_id = int(key)
        except (TypeError, ValueError):
            org_id = 0
        if org_id not in org_ids or not isinstance(row, Mapping):
            problems.append(FieldProblem(str(key), _("Rate only the organisations listed.")))
            continue
        clean: dict[str, int | None] = {}
        for name, raw in row.items():
            scale = inst.scale if name == "level" else dim_scale
            if name != "level" and name not in DIMENSIONS:
                problems.append(FieldProblem(f"{key}.{name}", _("Unknown question.")))
                continue
            try:
                value = _number(raw)
            except ValueError:
                value = scale.min - 1
            if value is not None and not scale.min <= value <= scale.max:
                problems.append(
                    FieldProblem(
                        f"{key}.{name}",
                        _("Choose an answer from %(lo)s to %(hi)s.")
                        % {"lo": scale.min, "hi": scale.max},
                    )
                )
                continue
            clean[name] = value
        out[str(org_id)] = clean
    return out, problems

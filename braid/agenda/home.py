"""The agenda module's cards on a collaborative's home page, and its sidebar links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import Activity, ActivityStatus, AgendaVersion, Endorsement
from braid.agenda.selectors import uncovered_objectives
from braid.collaboratives.stages import Card
from braid.partners.models import Organisation, PartnerStatus


def cards(access: Any) -> list[Card]:
    slug = access.collaborative.slug
    current = access.scope(AgendaVersion).order_by("-number").first()
    partners = access.scope(Organisation).filter(status=PartnerStatus.PARTNER).count()
    endorsed = access.scope(Endorsement).filter(version=current).count() if current else 0
    agenda = Card(
        title=_("Common agenda"),
        url=reverse("agenda:agenda", args=[slug]),
        figures=[
            (_("version"), current.number if current else "—"),
            (_("endorsed by"), f"{endorsed}/{partners}"),
        ],
        empty_hint="" if current else _("Write the problem, vision and North Star goal."),
    )
    counts = access.scope(Activity).aggregate(
        total=Count("pk"),
        under_way=Count("pk", filter=Q(status=ActivityStatus.UNDER_WAY)),
        stalled=Count("pk", filter=Q(status=ActivityStatus.STALLED)),
    )
    uncovered = uncovered_objectives(access).count()
    plan = Card(
        title=_("Action plan"),
        url=reverse("agenda:plan", args=[slug]),
        figures=[
            (_("activities"), counts["total"]),
            (_("under way"), counts["under_way"]),
            (_("stalled"), counts["stalled"]),
            (_("objectives without activity"), uncovered),
        ],
        empty_hint=""
        if counts["total"]
        else _("Add the activities partners lead, and the objectives they serve."),
    )
    return [agenda, plan]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    links = [
        (_("Common agenda"), reverse("agenda:agenda", args=[slug])),
        (_("Results chain"), reverse("agenda:results", args=[slug])),
        (_("Action plan"), reverse("agenda:plan", args=[slug])),
        (_("Duplication and gaps"), reverse("agenda:alignment", args=[slug])),
    ]
    if access.organisation_id:
        links.append((_("What we committed to"), reverse("agenda:my_commitments", args=[slug])))
    return links

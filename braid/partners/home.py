"""The Diagnose module's cards on a collaborative's home page, and its sidebar links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.stages import Card, NextItem
from braid.partners.models import ContextFactor, Organisation, OutreachEntry, StakeholderRating


def cards(access: Any) -> list[Card]:
    slug = access.collaborative.slug
    counts = access.scope(Organisation).aggregate(
        total=Count("pk"),
        partners=Count("pk", filter=Q(status="partner")),
        prospects=Count("pk", filter=Q(status__in=["prospect", "contacted", "in_discussion"])),
    )
    rated = access.scope(StakeholderRating).values("organisation").distinct().count()
    due = (
        access.scope(OutreachEntry)
        .filter(follow_up_done=False, follow_up_on__lte=timezone.localdate())
        .count()
    )
    today = timezone.localdate()
    windows = (
        access.scope(ContextFactor)
        .filter(effect="opens", date__lte=today)
        .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, date=today))
        .count()
    )
    register = Card(
        title=_("Partners and outreach"),
        url=reverse("partners:list", args=[slug]),
        figures=[
            (_("partners"), counts["partners"]),
            (_("in the pipeline"), counts["prospects"]),
            (_("follow-ups due"), due),
        ],
        empty_hint=""
        if counts["total"]
        else _("Start the register: add the organisations with a stake in the issue."),
    )
    analysis = Card(
        title=_("Stakeholder analysis"),
        url=reverse("partners:stakeholders", args=[slug]),
        figures=[(_("rated"), f"{rated}/{counts['total']}"), (_("windows open"), windows)],
        empty_hint=""
        if rated >= 5
        else _("Rate at least five organisations on influence and proximity."),
    )
    if not access.audience.shows_stakeholder_analysis:
        return [register]
    return [register, analysis]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Organisations"), reverse("partners:list", args=[slug])),
        (_("Pipeline"), reverse("partners:board", args=[slug])),
        (_("Stakeholder grid"), reverse("partners:stakeholders", args=[slug])),
        (_("Sector framings"), reverse("partners:framings", args=[slug])),
        (_("Context scan"), reverse("partners:context", args=[slug])),
        (_("Levels of collaboration"), reverse("partners:levels", args=[slug])),
    ]


def next_items(access: Any) -> list[NextItem]:
    """For the stewards, who do the outreach: follow-ups due within a week (late ones first)."""
    if not access.can_manage():
        return []
    from django.utils import formats
    from django.utils.translation import gettext

    from braid.partners.selectors import follow_ups_due

    today = timezone.localdate()
    items = []
    for entry in follow_ups_due(access, within_days=7)[:5]:
        assert entry.follow_up_on is not None
        items.append(
            NextItem(
                gettext("Follow up with %(org)s (%(date)s).")
                % {
                    "org": entry.organisation.name,
                    "date": formats.date_format(entry.follow_up_on, "DATE_FORMAT"),
                },
                reverse("partners:detail", args=[access.collaborative.slug, entry.organisation_id]),
                due=entry.follow_up_on,
                late=entry.follow_up_on < today,
            )
        )
    return items

"""The meetings card on the Implement stage, and the sidebar links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from braid.meetings import selectors


def cards(access: Any) -> list[Any]:
    from braid.collaboratives.stages import Card

    upcoming = selectors.next_meeting(access.collaborative)
    figures: list[tuple[Any, Any]] = []
    if upcoming:
        figures.append(
            (_("next meeting"), formats.date_format(upcoming.starts_at, "SHORT_DATE_FORMAT"))
        )
    return [
        Card(
            title=_("Meetings and decisions"),
            url=reverse("meetings:list", args=[access.collaborative.slug]),
            summary=upcoming.title if upcoming else "",
            figures=figures,
            empty_hint="" if upcoming else _("Schedule the steering committee's meetings."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Meetings"), reverse("meetings:list", args=[slug])),
        (_("Decisions register"), reverse("meetings:decisions", args=[slug])),
        (_("My action items"), reverse("meetings:my_actions", args=[slug])),
    ]


NEWS_DAYS = 30


def news(access: Any) -> list[Any]:
    """What happened in the meetings lately that this reader may see: meetings held, minutes
    approved (as `Audience.sees_minutes` allows), decisions recorded, and action items newly
    assigned to them."""
    from django.utils import timezone
    from django.utils.translation import gettext

    from braid.collaboratives.stages import NewsItem

    since = timezone.now() - dt.timedelta(days=NEWS_DAYS)
    slug = access.collaborative.slug
    items = []
    for m in selectors.recent_meetings(access, since):
        url = reverse("meetings:detail", args=[slug, m.pk])
        if m.ends_at >= since:
            items.append(NewsItem(m.ends_at, gettext("Meeting held: %(t)s") % {"t": m.title}, url))
        approved = m.minutes_approved_at
        if (
            approved
            and approved >= since
            and access.audience.sees_minutes(m.minutes_status, attendee=False)
        ):
            items.append(
                NewsItem(approved, gettext("Minutes approved: %(t)s") % {"t": m.title}, url)
            )
    for d in selectors.register(access).filter(created_at__gte=since)[:10]:
        text = gettext("Decision D-%(n)s: %(t)s") % {"n": d.number, "t": d.shown_title}
        items.append(NewsItem(d.created_at, text, reverse("meetings:decision", args=[slug, d.pk])))
    for a in selectors.my_actions(access).filter(created_at__gte=since)[:10]:
        text = gettext("New action item for you: %(t)s") % {"t": a.title}
        items.append(NewsItem(a.created_at, text, reverse("meetings:action", args=[slug, a.pk])))
    return items

"""The resources card on the Design stage, and its sidebar links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import Contribution, FundingDeadline
from braid.collaboratives.stages import Card
from braid.core.formatting import money


def cards(access: Any) -> list[Card]:
    total = access.scope(Contribution).aggregate(total=Sum("value"))["total"]
    today = timezone.localdate()
    deadlines = access.scope(FundingDeadline).filter(done=False)
    overdue = deadlines.filter(due_on__lt=today).count()
    soon = deadlines.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=30)).count()
    return [
        Card(
            title=_("Resources and funders"),
            url=reverse("agenda:res_contributions", args=[access.collaborative.slug]),
            figures=[
                (_("pooled"), money(total or 0)),
                (_("deadlines overdue"), overdue),
                (_("due in 30 days"), soon),
            ],
            empty_hint=""
            if total
            else _("Record what each partner contributes, and every funder's deadlines."),
        )
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Resources"), reverse("agenda:res_contributions", args=[slug])),
        (_("Funders and deadlines"), reverse("agenda:res_deadlines", args=[slug])),
    ]

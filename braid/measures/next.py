"""What the shared measures put in the home page's "Next for you": for a partner, the reports
it owes (late first) and those returned to it; for a steward, the reports waiting for review
and the organisations late with theirs; for a reader who neither reports nor reviews, the
latest period whose figures were approved."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from braid.collaboratives.stages import NextItem
from braid.measures.models import Period, Submission, SubmissionStatus
from braid.measures.selectors import owed, reports_owed

DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def next_items(access: Any) -> list[NextItem]:
    slug = access.collaborative.slug
    today = timezone.localdate()
    items: list[NextItem] = []
    mine = access.audience.reports_for(None)
    if mine is not None:
        for o in owed(access, mine):
            if o.status in DONE:
                continue
            url = reverse("measures:entry", args=[slug, o.period.pk])
            due = formats.date_format(o.period.due_date, "DATE_FORMAT")
            if o.status == SubmissionStatus.RETURNED:
                text = _("Your %(period)s report was returned: correct it and submit it again.")
            elif o.period.due_date < today:
                text = _("Your %(period)s report was due on %(date)s.")
            else:
                text = _("Your %(period)s report is due on %(date)s.")
            items.append(
                NextItem(
                    text % {"period": o.period.code, "date": due},
                    url,
                    due=o.period.due_date,
                    late=o.period.due_date < today or o.status == SubmissionStatus.RETURNED,
                )
            )
    if access.can_manage():
        review = reverse("measures:review", args=[slug])
        waiting = access.scope(Submission).filter(status=SubmissionStatus.SUBMITTED).count()
        if waiting:
            items.append(
                NextItem(
                    ngettext(
                        "%(n)s report waits for your review.",
                        "%(n)s reports wait for your review.",
                        waiting,
                    )
                    % {"n": waiting},
                    review,
                    weight=10,
                )
            )
        past = list(access.scope(Period).filter(due_date__lt=today, closed=False))
        done = set(
            access.scope(Submission)
            .filter(period__in=past, status__in=DONE)
            .values_list("organisation_id", "period_id")
        )
        late = {org for org, period in reports_owed(access, past) - done}
        if late:
            items.append(
                NextItem(
                    ngettext(
                        "%(n)s organisation is late with a report.",
                        "%(n)s organisations are late with a report.",
                        len(late),
                    )
                    % {"n": len(late)},
                    review,
                    late=True,
                )
            )
    elif mine is None:
        latest = (
            access.scope(Submission)
            .filter(status=SubmissionStatus.APPROVED)
            .select_related("period")
            .order_by("-period__end")
            .first()
        )
        if latest is not None:
            items.append(
                NextItem(
                    _("Figures for %(period)s are approved: see the scorecard.")
                    % {"period": latest.period.code},
                    reverse("measures:scorecard", args=[slug]),
                    weight=20,
                )
            )
    return items

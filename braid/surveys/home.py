"""The Assess stage's surveys card on a collaborative's home page, and the sidebar links."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.stages import Card
from braid.surveys import rules, selectors
from braid.surveys.models import RoundStatus


def cards(access: Any) -> list[Card]:
    slug = access.collaborative.slug
    rounds = list(selectors.rounds(access.collaborative))
    open_now = [r for r in rounds if rules.effective_status(r) == RoundStatus.OPEN]
    latest = rounds[0] if rounds else None
    figures: list[tuple[Any, Any]] = [(_("rounds"), len(rounds)), (_("open now"), len(open_now))]
    if latest is not None:
        figures.append(
            (
                _("latest response"),
                f"{getattr(latest, 'finished', 0)}/{getattr(latest, 'invited', 0)}",
            )
        )
    from braid.surveys.principles import checklist

    where = checklist(access)
    step = where.next_step
    return [
        Card(
            title=_("Where the collaboration stands"),
            url=reverse("surveys:principles", args=[slug]),
            summary=_("Next step: %(step)s") % {"step": step.title} if step else "",
            figures=[
                (_("principles in place"), f"{where.held}/10"),
                (_("stage"), where.stage.title if where.stage else _("all done")),
            ],
        ),
        Card(
            title=_("Partnership surveys"),
            url=reverse("surveys:rounds", args=[slug]),
            figures=figures,
            empty_hint=""
            if rounds
            else _("Ask partners how ready they are: open a readiness round."),
        ),
    ]


def nav(access: Any) -> list[tuple[Any, str]]:
    slug = access.collaborative.slug
    return [
        (_("Partnership surveys"), reverse("surveys:rounds", args=[slug])),
        (_("Ten principles"), reverse("surveys:principles", args=[slug])),
    ]

"""Report sections from the meetings, networks and surveys modules, read only through their
selectors and as the scope's reader may see them (the disclosure policy decides: the public
reads public lessons and wins only, no decisions register, survey results above the floor)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.core import bilingual
from braid.reports.sections import (
    Content,
    Scope,
    Section,
    day,
    register,
    table,
    written,
)


def _number(value: float | None, places: int = 1) -> str:
    return "—" if value is None else number_format(round(value, places), places)


def _change(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + _number(value, 2)


def _decisions(scope: Scope) -> Content:
    from braid.meetings import selectors

    if not scope.reader.audience.reads_members_records:
        return {"empty": _("The decisions register is kept for members.")}
    found = selectors.decisions_between(scope.reader.collaborative, scope.start, scope.end)
    if not found:
        return {"empty": _("No decision was recorded in this period.")}
    return {
        "total": len(found),
        "decisions": table(
            [_("Decision"), _("What was decided"), _("Decided on"), _("Method"), _("Status")],
            [
                [
                    f"D-{d.number}",
                    written(d, "title"),
                    day(d.decided_on),
                    d.get_method_display(),
                    d.get_status_display(),
                ]
                for d in found
            ],
        ),
    }


def _network(scope: Scope) -> Content:
    from braid.networks import selectors

    network = selectors.network_of(scope.reader, selectors.ACTIVITIES)
    m = network.measures
    signals = selectors.health_overall(scope.reader)
    return {
        "title": network.title,
        "svg": selectors.svg(network) if network.ties else "",
        "notes": list(network.notes),
        "measures": table(
            [_("Measure"), _("Value")],
            [
                [_("Organisations"), str(m.nodes)],
                [_("Ties"), str(m.ties)],
                [_("Density"), _number(m.density, 2)],
                [_("Groups not tied to each other"), str(len(m.components))],
            ],
            numeric=(1,),
        ),
        "health": table(
            [_("Signal"), _("Value"), _("How it is computed")],
            [[s.label, s.value, s.definition] for s in signals],
        ),
    }


def _surveys(scope: Scope) -> Content:
    from braid.surveys import selectors

    found = selectors.period_results(
        scope.reader.audience, scope.reader.collaborative, scope.start, scope.end
    )
    if not found:
        return {"empty": _("No partnership survey closed in this period.")}
    results: list[dict[str, Any]] = []
    for r in found:
        results.append(
            {
                "title": written(r, "round_title"),  # the round's, in both languages
                "instrument": r.instrument,
                "closed": day(r.closes_on),
                "respondents": r.respondents if r.shown else None,
                "factors": table(
                    [_("Factor"), _("Mean"), _("Change since the last round")],
                    [[name, _number(mean, 2), _change(change)] for name, mean, change in r.factors],
                    numeric=(1, 2),
                ),
            }
        )
    return {"results": results}


def _lessons(scope: Scope) -> Content:
    from braid.networks import selectors

    if scope.reader.audience.reads_members_records:
        found: list[Any] = list(selectors.log_entries(scope.reader))
    else:
        found = selectors.public_lessons_and_wins(scope.reader.collaborative)
    kept = sorted(
        (e for e in found if scope.start <= e.happened_on <= scope.end),
        key=lambda e: (e.happened_on, bilingual.sort_key(e, "title")),
    )
    if not kept:
        return {"empty": _("No lesson or win was logged in this period.")}
    labels = {"win": _("Win"), "lesson": _("Lesson learned")}
    return {
        "entries": [
            {
                "kind": labels.get(e.kind, e.kind),
                "title": written(e, "title"),
                "on": day(e.happened_on),
                "what": written(e, "what_happened"),
                "learned": written(e, "learned"),
                "differently": written(e, "do_differently"),
            }
            for e in kept
        ]
    }


for _section in (
    Section(
        "decisions",
        gettext_lazy("Decisions of the period"),
        _decisions,
        55,
        gettext_lazy("The decisions register: what was decided, when and how."),
    ),
    Section(
        "network",
        gettext_lazy("Network map and collaboration health"),
        _network,
        70,
        gettext_lazy("Who works with whom on the action plan; the collaborative's health signals."),
    ),
    Section(
        "surveys",
        gettext_lazy("Partnership survey results"),
        _surveys,
        75,
        gettext_lazy("Rounds closed in the period: factor scores above the privacy floor."),
    ),
    Section(
        "lessons",
        gettext_lazy("Lessons and wins"),
        _lessons,
        80,
        gettext_lazy("What went well and what did not (the public sees the public ones only)."),
        public=True,
    ),
):
    register(_section)

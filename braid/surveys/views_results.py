"""A round's results: the page (its tables kept per reader, `seen`), the CSV/XLSX export, and
the one-click proposal of a low statement for the next meeting's agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.surveys import rules, selectors
from braid.surveys.models import Round


@collaborative_view()
def round_results(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    from django.template.backends.utils import csrf_input
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from braid.surveys import results, seen

    round_ = access.get_owned(Round, pk=pk)
    audience = access.audience
    if not results.may_read(audience, round_):
        return render(request, "surveys/results.html", {"round": round_, "not_yet": True})

    def body() -> tuple[str, bool]:
        blocks = _result_blocks(results.round_results(audience, round_))
        context = {
            "current_collaborative": access.collaborative,
            "round": round_,
            "blocks": blocks,
            "status": rules.effective_status(round_),
            "can_propose": access.can_edit_for(access.organisation_id),
            "can_keep_lesson": access.can_contribute(),
            "csrf_input": mark_safe(CSRF_MARK),  # noqa: S308 (a fixed comment)
        }
        return render_to_string("surveys/results_body.html", context), bool(blocks)

    html, has_blocks = seen.remember(audience, round_, "page", body)
    return render(
        request,
        "surveys/results.html",
        {
            "round": round_,
            "body": mark_safe(html.replace(CSRF_MARK, str(csrf_input(request)))),  # noqa: S308
            "has_blocks": has_blocks,
        },
    )


CSRF_MARK = "<!--csrf-->"


def _result_blocks(shown: list[Any]) -> list[dict[str, Any]]:
    from braid.surveys import results

    return [
        {
            "r": r,
            "chart": results.chart(r),
            "chart_id": f"chart-{n}",
            "factors": _factor_rows(r),
            "groups": _group_tables(r),
            "counts": _count_rows(r),
            "lowest": [
                {"text": str(r.instrument.item_map[s.key].text), "score": s} for s in r.lowest_items
            ],
        }
        for n, r in enumerate(shown)
    ]


def _factor_rows(r: Any) -> list[dict[str, Any]]:
    if r.scored is None or r.instrument.kind != "scale":
        return []
    inst = r.instrument
    bands = {b.key: str(b.label) for b in inst.bands}
    return [
        {
            "title": inst.factor_title(s.key),
            "category": inst.category_title(
                next((f.category for f in inst.factors if f.key == s.key), "")
            ),
            "s": s,
            "shown": r.shown_score(s),
            "band": bands.get(s.band, ""),
            "change": r.changes.get(s.key),
        }
        for s in r.scored.factors
    ]


def _group_tables(r: Any) -> list[dict[str, Any]]:
    """By sector and by organisation type: one column per category (or factor)."""
    if r.scored is None:
        return []
    inst = r.instrument
    use_categories = bool(inst.categories) and inst.kind == "scale"
    keys = [k for k, _t in inst.categories] if use_categories else [f.key for f in inst.factors]
    titles = [inst.category_title(k) if use_categories else inst.factor_title(k) for k in keys]
    tables = []
    for caption, groups in ((_("By sector"), r.sectors), (_("By organisation type"), r.org_types)):
        rows = []
        for g in groups:
            cells: list[Any] = []
            if g.scored is not None:
                if inst.kind == "scale":
                    found = {
                        s.key: s
                        for s in (g.scored.categories if use_categories else g.scored.factors)
                    }
                    cells = [
                        found[k].mean
                        if k in found
                        and found[k].mean is not None
                        and found[k].respondents >= r.floor
                        else None
                        for k in keys
                    ]
                else:
                    flag = inst.flag_value
                    found_c = {c.key: c for c in g.scored.factor_counts}
                    cells = [
                        found_c[k].share(flag) if k in found_c and flag is not None else None
                        for k in keys
                    ]
            rows.append({"g": g, "cells": cells})
        tables.append(
            {"caption": caption, "titles": titles, "rows": rows, "percent": inst.kind == "counts"}
        )
    return tables


def _count_rows(r: Any) -> list[dict[str, Any]]:
    if r.scored is None or r.instrument.kind != "counts":
        return []
    inst = r.instrument
    points = list(reversed(inst.scale.points))
    out = []
    factor_counts = {c.key: c for c in r.scored.factor_counts}
    for f in inst.factors:
        fc = factor_counts[f.key]
        out.append(
            {
                "title": str(f.title),
                "is_factor": True,
                "counts": [fc.counts.get(p, 0) for p in points],
                "flagged": fc.flagged,
                "answered": fc.answered,
            }
        )
        for c in r.scored.item_counts:
            if inst.item_map[c.key].factor == f.key:
                out.append(
                    {
                        "title": str(inst.item_map[c.key].text),
                        "is_factor": False,
                        "counts": [c.counts.get(p, 0) for p in points],
                        "flagged": c.flagged,
                        "answered": c.answered,
                    }
                )
    return out


@collaborative_view()
def results_export(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """The results page's figures as CSV or XLSX: aggregates only, the floor applied."""
    from braid.core.http import spreadsheet_response
    from braid.lib.tabular import write_table
    from braid.surveys import documents, results

    round_ = access.get_owned(Round, pk=pk)
    if not results.may_read(access.audience, round_):
        raise PermissionDenied("The results are shared once the round is closed.")
    rows = documents.result_table(access.audience, round_)

    def write(fmt: str, fileobj: Any) -> None:
        write_table(rows, documents.EXPORT_COLUMNS, fileobj, fmt=fmt, sheet_title="results")

    return spreadsheet_response(
        write, request.GET.get("format", "csv"), f"survey-results-{round_.pk}"
    )


def _statement(request: HttpRequest, access: Access, round_: Round) -> tuple[Any, Any] | None:
    """The instrument and item a proposal names, if they are among the round's results the
    reader may read."""
    from braid.surveys import results

    inst = selectors.instrument(access.collaborative, request.POST.get("instrument", ""))
    item = inst.item_map.get(request.POST.get("item", "")) if inst else None
    if (
        inst is None
        or item is None
        or inst.ref not in selectors.round_refs(round_)
        or not results.may_read(access.audience, round_)
    ):
        messages.error(request, _("This statement is not among the round's results."))
        return None
    return inst, item


def _note(round_: Round, inst: Any) -> str:
    return _("Among the lowest-rated statements of “%(round)s” (%(instrument)s).") % {
        "round": round_.shown_title,
        "instrument": str(inst.title),
    }


@require_POST
@collaborative_view()
def propose_item(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """One click: a low-scoring statement of a round's results goes to the next meeting's
    agenda (the meetings module's `agenda_item_propose`), with a link back to the results."""
    from braid.meetings.selectors import next_meeting
    from braid.meetings.services import agenda_item_propose

    round_ = access.get_owned(Round, pk=pk)
    back = reverse("surveys:results", args=[access.collaborative.slug, round_.pk])
    found = _statement(request, access, round_)
    if found is None:
        return redirect(back)
    inst, item = found
    meeting = next_meeting(access.collaborative)
    if meeting is None:
        messages.error(request, _("No meeting is scheduled: schedule the next one, then add it."))
        return redirect(back)
    title = (_("Survey: %(text)s") % {"text": str(item.text)})[:200]
    try:
        agenda_item_propose(
            access=access,
            meeting=meeting,
            title=title,
            purpose="discussion",
            note=_note(round_, inst),
            link=(round_.shown_title, back),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Added to the agenda of %(meeting)s.") % {"meeting": meeting.title}
        )
    return redirect(back)


@require_POST
@collaborative_view()
def propose_lesson(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """One click: a low-scoring statement becomes a lesson (the networks module's lessons and
    wins, `entry_add`), opened for its author to say what was learned."""
    from braid.networks.models import EntryKind
    from braid.networks.services import entry_add

    round_ = access.get_owned(Round, pk=pk)
    back = reverse("surveys:results", args=[access.collaborative.slug, round_.pk])
    found = _statement(request, access, round_)
    if found is None:
        return redirect(back)
    inst, item = found
    try:
        entry = entry_add(
            access=access,
            kind=EntryKind.LESSON,
            title=(_("Survey: %(text)s") % {"text": str(item.text)})[:200],
            happened_on=min(round_.closes_on, timezone.localdate()),
            what_happened=_note(round_, inst),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Kept as a lesson: say what was learned."))
    return redirect(reverse("networks:lesson_edit", args=[access.collaborative.slug, entry.pk]))

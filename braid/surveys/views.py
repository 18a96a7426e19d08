"""Pages of the surveys module: rounds (stewards run them, members follow the response), and
the respondent's pages behind a personal link (no account, no collaborative navigation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.selectors import partner_members
from braid.core.errors import FieldProblem, ServiceError
from braid.core.forms import apply_service_error
from braid.partners.models import Organisation
from braid.partners.selectors import contacts_with_email
from braid.surveys import answering, forms, rules, selectors, services
from braid.surveys.definitions import DIMENSIONS
from braid.surveys.models import Invitation, InvitationStatus, Round, RoundStatus

# Stewards and members -------------------------------------------------------------------------


def _round_row(round_: Round) -> dict[str, Any]:
    refs = selectors.round_refs(round_)
    known = selectors.instruments(round_.collaborative_id)
    return {
        "round": round_,
        "status": rules.effective_status(round_),
        "instruments": [known[r] for r in refs if r in known],
        "invited": getattr(round_, "invited", 0),
        "finished": getattr(round_, "finished", 0),
    }


@collaborative_view()
def round_list(request: HttpRequest, access: Access) -> HttpResponse:
    rows = [_round_row(r) for r in selectors.rounds(access.collaborative)]
    return render(request, "surveys/rounds.html", {"rows": rows, "statuses": RoundStatus})


@collaborative_view(manage=True)
def round_new(request: HttpRequest, access: Access) -> HttpResponse:
    choices = [
        (ref, f"{inst.title} ({ref})")
        for ref, inst in selectors.instruments(access.collaborative).items()
    ]
    initial = {"instruments": request.GET.getlist("instrument")} if request.GET else None
    form = forms.RoundForm(request.POST or None, instruments=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Round created. Add respondents, then open it and send the links.")
            )
            return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)
    return render(request, "surveys/round_form.html", {"form": form})


def _respondents_form(access: Access, data: Any = None) -> forms.RespondentsForm:
    orgs = list(access.scope(Organisation).order_by("name").values_list("pk", "name"))
    return forms.RespondentsForm(data, organisations=orgs)


@collaborative_view()
def round_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    round_ = access.get_owned(selectors.rounds(access.collaborative), pk=pk)
    context: dict[str, Any] = {
        **_round_row(round_),
        "rates": selectors.response_rates(access.collaborative, round_.pk),
        "shows_people": access.audience.shows_steward_fields,
    }
    if context["shows_people"]:
        context["people"] = (
            access.scope(Invitation).filter(round=round_).select_related("organisation")
        )
        context["respondents_form"] = _respondents_form(access)
        context["reopen_form"] = forms.ReopenForm()
    return render(request, "surveys/round.html", context)


@require_POST
@collaborative_view(manage=True)
def round_action(request: HttpRequest, access: Access, pk: int, action: str) -> HttpResponse:
    round_ = access.get_owned(Round, pk=pk)
    try:
        if action == "open":
            services.round_open(access=access, round_id=round_.pk)
            messages.success(request, _("The round is open. Send the invitations when ready."))
        elif action == "send":
            n = services.invitations_send(access=access, round_id=round_.pk)
            messages.success(request, _("Personal links sent to %(n)s people.") % {"n": n})
        elif action == "remind":
            done = services.reminders_send(access=access, round_id=round_.pk)
            messages.success(
                request,
                _(
                    "Reminders sent to %(sent)s people who have not finished "
                    "(%(capped)s already reminded %(cap)s times, %(soon)s reminded in the last "
                    "%(gap)s days)."
                )
                % {
                    "sent": done.sent,
                    "capped": done.capped,
                    "soon": done.too_soon,
                    "cap": services.REMINDER_CAP,
                    "gap": services.REMINDER_GAP_DAYS,
                },
            )
        elif action == "close":
            services.round_close(access=access, round_id=round_.pk)
            messages.success(request, _("The round is closed; its links no longer take answers."))
        elif action == "reopen":
            form = forms.ReopenForm(request.POST)
            if not form.is_valid():
                raise ServiceError(
                    _("Give a new closing date and the reason to reopen."),
                    [FieldProblem(k, str(v[0])) for k, v in form.errors.items()],
                )
            services.round_reopen(access=access, round_id=round_.pk, **form.cleaned_data)
            messages.success(request, _("The round is open again; the reopening is in the log."))
        else:
            raise ServiceError(_("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)


def _others(text: str, access: Access) -> tuple[list[services.Person], list[str]]:
    by_name = {o.name.strip().lower(): o.pk for o in access.scope(Organisation)}
    people, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        email, _sep, org = (part.strip() for part in line.partition(","))
        org_id = by_name.get(org.lower())
        if not org_id:
            problems.append(
                _(
                    "Line %(n)s: no organisation “%(org)s” in the register; write its name as listed."
                )
                % {"n": n, "org": org}
            )
            continue
        people.append(services.Person(email, org_id))
    return people, problems


@require_POST
@collaborative_view(manage=True)
def round_respondents(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    round_ = access.get_owned(Round, pk=pk)
    form = _respondents_form(access, request.POST)
    if form.is_valid():
        org_ids = [int(v) for v in form.cleaned_data["organisations"]]
        people = [
            services.Person(c.email, c.organisation_id, c.name, c.preferred_language)
            for c in contacts_with_email(access, org_ids)
        ] + [
            services.Person(
                m.user.email, m.organisation_id, m.user.full_name, m.user.preferred_language
            )
            for m in partner_members(access, org_ids)
            if m.organisation_id
        ]
        more, problems = _others(form.cleaned_data["others"], access)
        if problems:
            for text in problems:
                messages.error(request, text)
        else:
            try:
                n = services.respondents_add(
                    access=access, round_id=round_.pk, people=people + more
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
                for p in exc.problems[1:]:
                    messages.error(request, p.message)
            else:
                messages.success(request, _("%(n)s respondents added.") % {"n": n})
    return redirect("surveys:round", slug=access.collaborative.slug, pk=round_.pk)


# The respondent's pages -----------------------------------------------------------------------

MISSES_ALLOWED = 20  # unknown links from one address in ten minutes before it is slowed down


def _client_key(request: HttpRequest) -> str:
    return f"surveys:miss:{request.META.get('REMOTE_ADDR', '')}"


def _no_survey(request: HttpRequest, status: int = 404) -> HttpResponse:
    """The same page for an unknown, malformed or over-guessed link: it reveals nothing."""
    return render(
        request, "surveys/respond/no_survey.html", {"form": forms.ResendForm()}, status=status
    )


def _language(request: HttpRequest, invitation: Invitation) -> str:
    offered = invitation.round.languages.split(",")
    asked = request.GET.get("lang", "")
    if asked in offered:
        request.session["survey_lang"] = asked
    chosen = request.session.get("survey_lang") or invitation.language
    return chosen if chosen in offered else offered[0]


def _answers_from_post(page: answering.Page, post: Any, org_ids: list[int]) -> dict[str, Any]:
    inst = page.instrument
    assert inst is not None
    if page.kind == "section" and page.section is not None:
        return {
            inst.ref: {
                i.key: post.get(f"a-{i.key}", "")
                for i in page.section.items
                if f"a-{i.key}" in post
            }
        }
    rows: dict[str, dict[str, Any]] = {}
    for org_id in org_ids:
        row = {
            name: post.get(f"n-{org_id}-{name}", "")
            for name in ("level", *DIMENSIONS)
            if f"n-{org_id}-{name}" in post
        }
        if row:
            rows[str(org_id)] = row
    return {inst.ref: rows}


def _page_context(
    invitation: Invitation,
    pages: list[answering.Page],
    n: int,
    typed: Any,
    problems: dict[str, str],
) -> dict[str, Any]:
    page = pages[n]
    draft = invitation.draft or {}
    ctx: dict[str, Any] = {
        "invitation": invitation,
        "round": invitation.round,
        "collaborative": invitation.round.collaborative,
        "page": page,
        "n": n,
        "total": len(pages) - 1,
        "floor": invitation.round.collaborative.min_group_size,
        "problems": problems,
    }
    inst = page.instrument
    if page.kind == "section" and inst is not None and page.section is not None:
        given = draft.get(inst.ref) or {}
        ctx["points"] = [(p, inst.scale.label(p)) for p in inst.scale.points]
        ctx["items"] = [
            {
                "item": i,
                "name": f"a-{i.key}",
                "value": str(
                    typed.get(f"a-{i.key}", given.get(i.key, ""))
                    if typed
                    else given.get(i.key, "") or ""
                ),
                "error": problems.get(i.key, ""),
            }
            for i in page.section.items
        ]
    elif page.kind == "network" and inst is not None:
        given = draft.get(inst.ref) or {}
        ctx["already_rated"] = answering.organisation_has_rated(invitation)
        ctx["levels"] = [(p, inst.scale.label(p)) for p in inst.scale.points]
        dim_scale = inst.dimension_scale
        assert dim_scale is not None
        ctx["dim_points"] = [(p, dim_scale.label(p)) for p in dim_scale.points]
        ctx["orgs"] = [
            {
                "org": o,
                "level": str(
                    (given.get(str(o.pk)) or {}).get("level", "")
                    if (given.get(str(o.pk)) or {}).get("level") is not None
                    else ""
                ),
                "dims": [
                    {
                        "dim": d,
                        "name": f"n-{o.pk}-{d.key}",
                        "value": str((given.get(str(o.pk)) or {}).get(d.key) or ""),
                    }
                    for d in inst.dimensions
                ],
                "error": problems.get(str(o.pk), ""),
            }
            for o in answering.network_organisations(invitation)
        ]
    elif page.kind == "review":
        ctx["summary"] = [
            {
                "title": str(p.instrument.title) if p.instrument else "",
                "section": str(p.section.title) if p.section else _("Organisations"),
                "answered": _answered(draft, p),
                "asked": len(p.section.items) if p.section else None,
                "n": k,
            }
            for k, p in enumerate(pages)
            if p.kind in ("section", "network")
        ]
    return ctx


def _answered(draft: dict[str, Any], page: answering.Page) -> int:
    if page.instrument is None:
        return 0
    given = draft.get(page.instrument.ref) or {}
    if page.section is None:
        return sum(1 for row in given.values() if (row or {}).get("level") is not None)
    return sum(1 for i in page.section.items if given.get(i.key) is not None)


@ratelimit(key="ip", rate="120/m", block=False)
def respond(request: HttpRequest, token: str) -> HttpResponse:
    if (
        getattr(request, "limited", False)
        or (cache.get(_client_key(request)) or 0) >= MISSES_ALLOWED
    ):
        return _no_survey(request, status=429)
    invitation = rules.invitation_for(token)
    if invitation is None:
        key = _client_key(request)
        cache.set(key, (cache.get(key) or 0) + 1, 600)
        return _no_survey(request)
    language = _language(request, invitation)
    translation.activate(language)
    request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
    base = {
        "invitation": invitation,
        "round": invitation.round,
        "collaborative": invitation.round.collaborative,
        "token": token,
        "other_languages": [
            (code, "Français" if code == "fr" else "English")
            for code in invitation.round.languages.split(",")
            if code != language
        ],
    }
    if invitation.status == InvitationStatus.FINISHED:
        return render(
            request, "surveys/respond/finished.html", {**base, "just_now": "done" in request.GET}
        )
    if rules.effective_status(invitation.round) != RoundStatus.OPEN:
        return render(request, "surveys/respond/closed.html", base, status=410)
    pages = answering.pages(invitation)
    last = len(pages) - 1

    def clamp(raw: Any, default: int) -> int:
        try:
            return max(0, min(last, int(raw)))
        except (TypeError, ValueError):
            return default

    n = clamp(request.GET.get("page"), invitation.page)
    if request.method == "POST":
        n = clamp(request.POST.get("page"), 0)
        go = request.POST.get("go", "")
        target = {"next": n + 1, "back": n - 1}.get(go, n)
        target = max(0, min(last, target))
        page = pages[n]
        org_ids = (
            [o.pk for o in answering.network_organisations(invitation)]
            if page.kind == "network"
            else []
        )
        answers = _answers_from_post(page, request.POST, org_ids) if page.instrument else {}
        autosave = request.POST.get("autosave") == "1"
        try:
            services.draft_save(
                invitation_id=invitation.pk, page=target if not autosave else n, answers=answers
            )
            if go == "finish":
                services.response_finish(invitation_id=invitation.pk)
                return redirect(reverse("survey_respond", args=[token]) + "?done=1")
        except ServiceError as exc:
            if exc.code in ("finished", "closed"):
                return redirect("survey_respond", token=token)
            problems = {p.field.split(".")[0]: p.message for p in exc.problems}
            if autosave:
                return JsonResponse(
                    {
                        "saved": False,
                        "detail": exc.message,
                        "errors": [{"field": p.field, "message": p.message} for p in exc.problems],
                    },
                    status=400,
                )
            invitation.refresh_from_db()
            ctx = _page_context(invitation, pages, n, request.POST, problems)
            ctx.update(base, error=exc.message)
            return render(request, "surveys/respond/page.html", ctx, status=400)
        if autosave:
            return JsonResponse({"saved": True})
        return redirect(reverse("survey_respond", args=[token]) + f"?page={target}")
    invitation.refresh_from_db()
    ctx = _page_context(invitation, pages, n, None, {})
    ctx.update(base)
    return render(request, "surveys/respond/page.html", ctx)


@ratelimit(key="ip", rate="10/h", block=False)
def resend(request: HttpRequest) -> HttpResponse:
    """ "Send me my link again": the same answer whether or not the address was invited."""
    form = forms.ResendForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        if not getattr(request, "limited", False):
            services.link_resend(email=form.cleaned_data["email"])
        sent = True
    return render(
        request,
        "surveys/respond/resend.html",
        {"form": form, "sent": sent, "site": settings.SITE_URL},
    )


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


@require_POST
@collaborative_view()
def propose_item(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """One click: a low-scoring statement of a round's results goes to the next meeting's
    agenda (the meetings module's `agenda_item_propose`), with a link back to the results."""
    from braid.meetings.selectors import next_meeting
    from braid.meetings.services import agenda_item_propose
    from braid.surveys import results

    round_ = access.get_owned(Round, pk=pk)
    back = reverse("surveys:results", args=[access.collaborative.slug, round_.pk])
    inst = selectors.instrument(access.collaborative, request.POST.get("instrument", ""))
    item = inst.item_map.get(request.POST.get("item", "")) if inst else None
    if (
        inst is None
        or item is None
        or inst.ref not in selectors.round_refs(round_)
        or not results.may_read(access.audience, round_)
    ):
        messages.error(request, _("This statement is not among the round's results."))
        return redirect(back)
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
            note=_("Among the lowest-rated statements of “%(round)s” (%(instrument)s).")
            % {"round": round_.title, "instrument": str(inst.title)},
            link=(round_.title, back),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Added to the agenda of %(meeting)s.") % {"meeting": meeting.title}
        )
    return redirect(back)


@collaborative_view()
def principles_page(request: HttpRequest, access: Access) -> HttpResponse:
    from braid.surveys.principles import checklist

    return render(
        request,
        "surveys/principles.html",
        {"checklist": checklist(access), "can_tick": access.can_manage()},
    )


@require_POST
@collaborative_view(manage=True)
def principle_tick(request: HttpRequest, access: Access) -> HttpResponse:
    try:
        services.principle_check(
            access=access,
            key=request.POST.get("key", ""),
            done=request.POST.get("done") == "1",
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Checklist saved."))
    return redirect("surveys:principles", slug=access.collaborative.slug)

"""Pages of the surveys module: the respondent's pages behind a personal link (no account, no
collaborative navigation) and the ten-principles checklist. A round's pages are in
`views_rounds`, its results in `views_results`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.http import downloadable
from braid.surveys import answering, downloads, forms, rules, services
from braid.surveys.definitions import DIMENSIONS
from braid.surveys.models import Invitation, InvitationStatus, RoundStatus

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


# The ten principles ----------------------------------------------------------------------------


@collaborative_view()
@downloadable(downloads.principles)
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

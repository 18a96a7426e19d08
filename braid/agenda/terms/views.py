"""Pages of the terms of reference: the current version, earlier ones, issue, sign, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda import downloads
from braid.agenda.models import TermsVersion
from braid.agenda.terms import document, forms, selectors, services
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ConflictError, ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable, int_or_none


def _page(request: HttpRequest, access: Access, terms: TermsVersion | None) -> HttpResponse:
    lang = request.GET.get("lang", "")
    if lang not in document.LANGUAGES:  # the document is read in the page's language
        lang = (translation.get_language() or "en")[:2]
    ctx: dict[str, object] = {
        "terms": terms,
        "versions": access.scope(TermsVersion).order_by("-number"),
        "lang": lang if lang in document.LANGUAGES else "en",
        "sign_form": forms.SignForm(initial={"signatory": getattr(access.user, "full_name", "")}),
        "is_current": terms is not None and terms == selectors.current(access),
    }
    if terms is not None:
        with translation.override(lang):
            ctx["document_html"] = render_to_document(terms)
        rows = selectors.signature_rows(terms)
        ctx["rows"] = rows
        ctx["signed"] = sum(1 for r in rows if r.signature)
        ctx["can_sign_own"] = access.is_partner and any(
            r.organisation_id == access.organisation_id and not r.signature for r in rows
        )
        ctx["unsigned"] = [(r.organisation_id, r.name) for r in rows if not r.signature]
    return render(request, "agenda/terms/page.html", ctx)


def render_to_document(terms: TermsVersion) -> str:
    from django.template.loader import render_to_string

    return render_to_string("agenda/terms/_document.html", document.context(terms))


@collaborative_view()
@downloadable(downloads.signatures)
def terms_current(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access, selectors.current(access))


@collaborative_view()
@downloadable(downloads.version_signatures)
def terms_version(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    return _page(request, access, access.get_owned(TermsVersion.objects.all(), number=number))


@collaborative_view()
def terms_pdf(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    terms = access.get_owned(TermsVersion.objects.all(), number=number)
    lang = request.GET.get("lang") or translation.get_language() or "en"
    response = HttpResponse(document.render_pdf(terms, lang), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{access.collaborative.slug}-terms-v{terms.number}-{lang}.pdf"'
    )
    return response


def _confirmation(access: Access, latest: TermsVersion, cleaned: dict[str, Any]) -> dict[str, Any]:
    """What the steward reads before confirming: the signatures that restart, the changes."""
    return {
        "signed": latest.signatures.count(),
        "parties": len(latest.snapshot.get("partners", [])),
        "changes": selectors.changes_since(latest, selectors.snapshot(access), cleaned),
        "next": latest.number + 1,
    }


@collaborative_view(manage=True)
def terms_issue(request: HttpRequest, access: Access) -> HttpResponse:
    """Issue a new version. When the current one has signatures, say first what the new
    version changes and that every partner signs again, and issue only once confirmed."""
    latest = selectors.current(access)
    initial = {}
    if latest:
        initial = {
            "title": latest.title,
            "title_fr": latest.title_fr,
            "data_sharing": latest.data_sharing,
            "term_and_exit": latest.term_and_exit,
            "data_sharing_fr": latest.data_sharing_fr,
            "term_and_exit_fr": latest.term_and_exit_fr,
            "effective_to": latest.effective_to,
        }
    form = forms.IssueForm(request.POST or None, initial=initial)
    ctx: dict[str, object] = {"form": form, "latest": latest}
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("confirm", "")
        try:
            terms = services.terms_issue(
                access=access,
                confirm=int(confirm) if confirm.isdigit() else None,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            if latest and {p.field for p in exc.problems} == {"confirm"}:
                ctx["confirm"] = _confirmation(access, latest, form.cleaned_data)
                return render(request, "agenda/terms/issue.html", ctx)
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Version %s issued: partners can now sign it.") % terms.number
            )
            return redirect("agenda:terms", slug=access.collaborative.slug)
    return render(request, "agenda/terms/issue.html", ctx)


@require_POST
@collaborative_view()
def terms_sign(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    """Signing in two steps: the name, title and organisation are checked and shown with what
    is signed; only the confirmed second post records the signature."""
    organisation_id = int_or_none(request.POST.get("organisation_id"))
    form = forms.SignForm(request.POST)
    given = {
        "signatory": request.POST.get("signatory", ""),
        "signatory_title": request.POST.get("signatory_title", ""),
    }
    ctx: dict[str, object] = {"form": form, "number": number, "organisation_id": organisation_id}
    try:
        signing = services.terms_sign_check(
            access=access, number=number, organisation_id=organisation_id, **given
        )
        ctx["signing"] = signing
        if request.POST.get("confirmed") == "1":
            services.terms_sign(
                access=access, number=number, organisation_id=organisation_id, **given
            )
            messages.success(
                request,
                _("Signature recorded: %(name)s, %(title)s, for %(org)s.")
                % {
                    "name": signing.signatory,
                    "title": signing.signatory_title,
                    "org": signing.organisation,
                },
            )
            return redirect("agenda:terms_version", slug=access.collaborative.slug, number=number)
    except ConflictError as exc:
        messages.error(request, exc.message)
        return redirect("agenda:terms_version", slug=access.collaborative.slug, number=number)
    except ServiceError as exc:
        form.is_valid()
        for problem in exc.problems:  # the form's own check may have said it already
            if (
                problem.field not in form.errors
                or problem.message not in form.errors[problem.field]
            ):
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )
        ctx["terms"] = access.get_owned(TermsVersion.objects.all(), number=number)
        return render(request, "agenda/terms/sign.html", ctx, status=400)
    return render(request, "agenda/terms/sign.html", ctx)

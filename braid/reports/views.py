"""Pages of reports: the list, the builder (settings, narrative autosaved as typed), the
preview, the PDF, publish and unpublish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.agenda.resources.selectors import funding_sources
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ConflictError, ServiceError
from braid.core.forms import apply_service_error, save_changed, track_what_was_loaded
from braid.core.http import downloadable
from braid.measures.selectors import indicators
from braid.reports import document, downloads, forms, selectors, services
from braid.reports import sections as registry
from braid.reports.models import Report


def _form(access: Access, data: Any = None, initial: Any = None) -> forms.ReportForm:
    return forms.ReportForm(
        data,
        initial=initial,
        sections=[(s.key, str(s.title)) for s in registry.all_sections(access)],
        indicators=[(i.pk, f"{i.code} · {i.name}") for i in indicators(access).order_by("code")],
        funders=[(f.pk, f.funder) for f in funding_sources(access)],
    )


@collaborative_view()
@downloadable(downloads.reports)
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    reports = list(selectors.reports(access))
    return render(
        request, "reports/list.html", {"reports": reports, "can_manage": access.can_manage()}
    )


def _initial(query: Any) -> dict[str, Any]:
    """The form as a link prefills it (a deadline's "start the report": template, funder,
    period, title); the annual template otherwise."""
    initial: dict[str, Any] = {"template": query.get("template") or "annual"}
    for key in ("title", "period", "funding_source_id"):
        if query.get(key):
            initial[key] = query[key]
    return initial


@collaborative_view(manage=True)
def report_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = _form(access, request.POST or None, initial=_initial(request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(access=access, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Report created. Write the narrative of each section."))
            return redirect("reports:edit", slug=access.collaborative.slug, pk=report.pk)
    return render(request, "reports/new.html", {"form": form})


def _report_form(access: Access, report: Report, data: Any = None) -> forms.ReportForm:
    fields = ("title", "title_fr", "period", "template", "funding_source_id", "sections")
    initial = {f: getattr(report, f) for f in (*fields, "indicator_ids")}
    return _form(access, data, initial=initial)


@collaborative_view(manage=True)
def report_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report(access, pk)
    form = _report_form(access, report, request.POST or None)
    if request.method == "POST" and not report.published and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["sections"]:
            data["sections"] = registry.template_sections(data["template"])
        try:
            services.report_update(
                access=access, report=report, version=_int(request.POST.get("version")), **data
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Report saved."))
            return redirect("reports:edit", slug=access.collaborative.slug, pk=report.pk)
    return _edit_page(request, access, report, form)


def _edit_page(
    request: HttpRequest,
    access: Access,
    report: Report,
    form: forms.ReportForm,
    typed: dict[str, str] | None = None,
    theirs: dict[str, str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "form": form,
            "narratives": _narratives(report, typed or {}, theirs or {}),
            "publish_form": forms.PublishForm(),
        },
    )


def _narratives(
    report: Report, typed: dict[str, str], theirs: dict[str, str]
) -> list[dict[str, Any]]:
    """Each section's narrative in both languages as the builder shows it: the text (as typed,
    after a refused save), its version, and the other writer's text when it refused one."""
    rows = []
    for s in (registry.get(k) for k in report.sections):
        if s is None:
            continue
        row: dict[str, Any] = {"key": s.key, "title": s.title, "description": s.description}
        row["parts"] = [
            {
                "lang": lang,
                "name": name,
                "text": typed.get(name, stored.get(s.key, "")),
                "version": report.narrative_version(s.key, lang),
                "theirs": theirs.get(name),
            }
            for lang, name, stored in (
                ("en", f"narrative-{s.key}", report.narratives),
                ("fr", f"narrative-{s.key}-fr", report.narratives_fr),
            )
        ]
        rows.append(row)
    return rows


def _int(text: Any) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@require_POST
@collaborative_view(manage=True)
def narrative_save(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """The autosave (one section, from the page's script: JSON answer) and the form without
    JavaScript (every section at once: back to the builder). Each carries the version of the
    text it loaded: a stale one saves nothing and shows the other writer's text."""
    report = selectors.report(access, pk)
    if request.POST.get("section"):
        return _autosave(request, access, report)
    sent = [
        (key, lang, name, request.POST[name])
        for key in report.sections
        for lang, name in (("en", f"narrative-{key}"), ("fr", f"narrative-{key}-fr"))
        if name in request.POST
    ]
    typed = {name: text for _k, _l, name, text in sent}
    theirs: dict[str, str] = {}
    try:
        with transaction.atomic():
            for key, lang, name, text in sent:
                stored = report.narratives if lang == "en" else report.narratives_fr
                if text == stored.get(key, ""):
                    continue  # unchanged: nothing to write over anyone
                try:
                    report = services.report_narrative_save(
                        access=access,
                        report=report,
                        section=key,
                        text=text,
                        lang=lang,
                        version=request.POST.get(f"version-{name}"),
                    )
                except ConflictError as exc:
                    theirs[name], refused = str(exc.current.get("text", "")), exc.message
            if theirs:
                transaction.set_rollback(True)  # nothing of this save, not even the rest
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("reports:edit", slug=access.collaborative.slug, pk=pk)
    if theirs:
        messages.error(request, refused)
        report = selectors.report(access, pk)
        return _edit_page(request, access, report, _report_form(access, report), typed, theirs)
    messages.success(request, _("Narrative saved."))
    return redirect("reports:edit", slug=access.collaborative.slug, pk=pk)


def _autosave(request: HttpRequest, access: Access, report: Report) -> JsonResponse:
    """One section's text as typed; the answer carries its new version for the next save."""
    section, lang = request.POST["section"], request.POST.get("lang") or "en"
    try:
        report = services.report_narrative_save(
            access=access,
            report=report,
            section=section,
            text=request.POST.get("text", ""),
            lang=lang,
            version=request.POST.get("version"),
        )
    except ConflictError as exc:
        return JsonResponse({"detail": exc.message, "current": exc.current}, status=409)
    except ServiceError as exc:
        return JsonResponse({"detail": exc.message}, status=400)
    version = report.narrative_version(section, lang)
    return JsonResponse({"saved": True, "section": section, "lang": lang, "version": version})


@collaborative_view()
def report_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report(access, pk)
    lang = get_language() or "en"
    return render(
        request,
        "reports/report.html",
        {
            **document.context(report, access, lang, "web"),
            "can_manage": access.can_manage(),
            "publish_form": forms.PublishForm(),
        },
    )


@collaborative_view()
def report_pdf(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report(access, pk)
    lang = document.language(request.GET.get("lang") or get_language())
    pdf = document.render_pdf(report, access, lang)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"{report.title}-{report.period}-{lang}") or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_POST
@collaborative_view(manage=True)
def report_publish(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report(access, pk)
    form = forms.PublishForm(request.POST)
    public = form.is_valid() and form.cleaned_data["public"]
    try:
        services.report_publish(access=access, report=report, public=public)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Published and frozen: its figures stay as they are now. Every member can read it.")
            + (" " + _("It is on the public results page.") if public else ""),
        )
    return redirect("reports:detail", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view(manage=True)
def report_unpublish(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report = selectors.report(access, pk)
    try:
        services.report_unpublish(access=access, report=report)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Back to draft: members and the public no longer see it."))
    return redirect("reports:edit", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view(manage=True)
def report_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    report: Report = selectors.report(access, pk)
    try:
        services.report_delete(access=access, report=report)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("reports:detail", slug=access.collaborative.slug, pk=pk)
    messages.success(request, _("Report deleted."))
    return redirect("reports:list", slug=access.collaborative.slug)


@collaborative_view(manage=True)
def public_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """What the public results page shows, and the snippet to embed it elsewhere."""
    from braid.reports.public import section_labels

    page = selectors.public_page(access.collaborative.pk)
    initial: dict[str, Any] = (
        {f: getattr(page, f) for f in services.PUBLIC_FIELDS}
        if page
        else {"sections": ["purpose", "indicators", "reports"]}
    )
    initial["version"] = services.public_page_version(page)
    form = forms.PublicPageForm(
        request.POST or None,
        initial=initial,
        sections=list(section_labels().items()),
        indicators=[(i.pk, f"{i.code} · {i.name}") for i in indicators(access).order_by("code")],
    )
    track_what_was_loaded(form)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_changed(
            form,
            lambda version, changed: services.public_page_save(
                access=access,
                version=version,
                # The first save keeps the choices offered, changed or not.
                **(changed if page else {f: form.cleaned_data[f] for f in services.PUBLIC_FIELDS}),
            ),
        )
    ):
        messages.success(request, _("Public results page saved."))
        return redirect("reports:public_settings", slug=access.collaborative.slug)
    url = request.build_absolute_uri(reverse("public:page", args=[access.collaborative.slug]))
    embed = request.build_absolute_uri(reverse("public:embed", args=[access.collaborative.slug]))
    return render(
        request,
        "reports/public_settings.html",
        {
            "form": form,
            "page": page,
            "url": url,
            "snippet": f'<iframe src="{embed}" title="{access.collaborative.name}" '
            'width="100%" height="480" style="border:0" loading="lazy"></iframe>',
        },
    )


@collaborative_view(manage=True)
def collaborative_export(request: HttpRequest, access: Access) -> HttpResponse:
    """Everything of the collaborative as one zip, to archive it or move it to another
    installation (`braid import collaborative FILE.zip`)."""
    data, name = services.collaborative_export_file(access=access)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

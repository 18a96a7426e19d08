"""The public results page: no login, no JavaScript needed (charts are SVG drawn on the
server with their tables; with JavaScript an indicator's chart becomes interactive), a stable
address, an embeddable snippet, open data. Everything is read by the public reader."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from braid.core import bilingual
from braid.measures import present
from braid.networks.selectors import public_lessons_and_wins
from braid.reports import document, public, selectors
from braid.reports.models import Report


def _lang(request: HttpRequest) -> str:
    asked = request.GET.get("lang")
    return document.language(asked or translation.get_language() or "en")


def _html(request: HttpRequest, slug: str, what: str, template: str, build: Any) -> HttpResponse:
    found = public.find(slug)
    lang = _lang(request)

    def render() -> str:
        with translation.override(lang):
            return render_to_string(
                template, {**build(found), "public": found, "lang": lang, "path": request.path}
            )

    response = HttpResponse(public.cached(found, what, lang, render))
    response["Content-Language"] = lang
    response["Cache-Control"] = "public, max-age=60"
    return response


def _lines(found: public.Public) -> dict[str, Any]:
    rows = public.rows(found) if found.shows("indicators") else []
    words = present.Words()
    stories = public.latest_stories(found, [r.indicator.pk for r in rows])
    base = reverse("public:page", args=[found.collaborative.slug])
    return {
        "lines": [
            {
                "line": present.line(r, words),
                "story": stories.get(r.indicator.pk),
                "url": f"{base}i/{r.indicator.code}/",
            }
            for r in rows
        ],
        "headline": str(present.headline(rows)) if rows else "",
    }


def _page(found: public.Public) -> dict[str, Any]:
    return {
        **_lines(found),
        "purpose": public.purpose(found) if found.shows("purpose") else None,
        "partners": public.partners(found) if found.shows("partners") else None,
        "stories_shown": found.shows("stories"),
        "wins": public_lessons_and_wins(found.collaborative) if found.shows("stories") else None,
        "reports": list(selectors.public_reports(found.collaborative.pk))
        if found.shows("reports")
        else None,
    }


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return _html(request, slug, "page", "reports/public/page.html", _page)


@require_GET
@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A snippet for another site's page (an iframe): the headline indicators only."""
    return _html(request, slug, "embed", "reports/public/embed.html", _lines)


@require_GET
def indicator(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    def build(found: public.Public) -> dict[str, Any]:
        row = next((r for r in public.rows(found) if r.indicator.code == code), None)
        if row is None or not found.shows("indicators"):
            raise Http404("Not found.")
        story = public.latest_stories(found, [row.indicator.pk]).get(row.indicator.pk)
        return {
            "row": row,
            "verdict": present.verdict(row),
            "coverage": present.coverage(row),
            "chart": {
                "id": f"chart-{row.indicator.code}",
                "spec": present.chart_spec(row),
                "label": bilingual.pick(row.indicator, "name").text,
            },
            "table": [
                [
                    t["period"].code + (" ◐" if t["provisional"] else ""),
                    t["actual"],
                    t["forecast"],
                    t["target"],
                ]
                for t in present.table(row)
            ],
            "story": story,
        }

    return _html(request, slug, f"indicator:{code}", "reports/public/indicator.html", build)


@require_GET
def data_csv(request: HttpRequest, slug: str) -> HttpResponse:
    found = public.find(slug)
    text = public.cached(found, "csv", "en", lambda: public.open_csv(found))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-indicators.csv"'
    return response


@require_GET
def data_iati(request: HttpRequest, slug: str) -> HttpResponse:
    found = public.find(slug)
    url = request.build_absolute_uri(reverse("public:page", args=[slug]))
    body = public.cached(found, "iati", "en", lambda: public.iati_xml(found, url))
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-iati-results.xml"'
    return response


def _public_report(found: public.Public, pk: int) -> Report:
    report = selectors.public_reports(found.collaborative.pk).filter(pk=pk).first()
    if report is None:
        raise Http404("Not found.")
    return report


@require_GET
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def build(found: public.Public) -> dict[str, Any]:
        if not found.shows("reports"):
            raise Http404("Not found.")
        r = _public_report(found, pk)
        return document.context(r, found.reader, _lang(request), "public")

    return _html(request, slug, f"report:{pk}", "reports/public/report.html", build)


@require_GET
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = public.find(slug)
    if not found.shows("reports"):
        raise Http404("Not found.")
    r = _public_report(found, pk)
    lang = _lang(request)
    pdf = public.cached(
        found, f"pdf:{pk}", lang, lambda: document.render_pdf(r, found.reader, lang)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"{r.title}-{r.period}-{lang}") or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response

"""A report as a document: its sections built for a reader in a language, the frozen
snapshot of a published report, and the HTML and PDF renderings of either."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from braid.collaboratives.access import Access
from braid.collaboratives.models import AuditEvent
from braid.core.bilingual import pick
from braid.reports import sections as registry
from braid.reports.models import Report
from braid.reports.reader import public_reader

LANGUAGES = ("en", "fr")
SNAPSHOT_SCHEMA = 1


def language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "en"


def build(report: Report, reader: Access, lang: str) -> list[dict[str, Any]]:
    """Each chosen section of `report` as `reader` may see it now, written in `lang`."""
    with translation.override(language(lang)):
        scope = registry.Scope(reader, report.start, report.end, report.indicator_ids)
        out = []
        for key in report.sections:
            section = registry.get(key)
            if section is None:  # a module's section no longer installed
                continue
            texts = {
                "narrative": report.narratives.get(key, ""),
                "narrative_fr": report.narratives_fr.get(key, ""),
            }
            out.append(
                {
                    "key": key,
                    "title": str(section.title),
                    "narrative": registry.written(texts, "narrative"),
                    "content": section.build(scope),
                }
            )
        return out


def data_mark(collaborative_id: int) -> dict[str, Any]:
    """Which data a snapshot was taken from: the collaborative's latest audit line (every
    change to its data writes one) and when it was written."""
    last = (
        AuditEvent.objects.filter(collaborative_id=collaborative_id)
        .order_by("-pk")
        .values_list("pk", "created_at")
        .first()
    )
    if last is None:
        return {"audit_id": 0, "at": None}
    return {"audit_id": last[0], "at": last[1].isoformat()}


def freeze(report: Report) -> dict[str, Any]:
    """The snapshot of a published report: every section in both languages, read as the
    public may see it (approved figures, small counts hidden), with when and from which
    data. Later changes to the data leave it as it is."""
    reader = public_reader(report.collaborative)
    return {
        "schema": SNAPSHOT_SCHEMA,
        "frozen_at": timezone.now().isoformat(),
        "data": data_mark(report.collaborative_id),
        "languages": {lang: build(report, reader, lang) for lang in LANGUAGES},
    }


def content(report: Report, reader: Access, lang: str) -> list[dict[str, Any]]:
    """What a report shows: the frozen snapshot once published, else the live build."""
    if report.snapshot:
        return list(report.snapshot["languages"][language(lang)])
    return build(report, reader, lang)


def frozen_at(report: Report) -> Any:
    import datetime as dt

    if not report.snapshot:
        return None
    return dt.datetime.fromisoformat(report.snapshot["frozen_at"])


def data_at(report: Report) -> Any:
    import datetime as dt

    at = (report.snapshot or {}).get("data", {}).get("at")
    return dt.datetime.fromisoformat(at) if at else None


def context(report: Report, reader: Access, lang: str, mode: str) -> dict[str, Any]:
    """What the report templates read; mode is "web" (charts drawn in the browser, SVG
    without JavaScript), "pdf" or "public" (charts as SVG)."""
    return {
        "report": report,
        "title": pick(report, "title", language(lang)),
        "collaborative": report.collaborative,
        "parts": content(report, reader, lang),
        "mode": mode,
        "lang": language(lang),
        "frozen_at": frozen_at(report),
        "data_at": data_at(report),
        "data_audit_id": (report.snapshot or {}).get("data", {}).get("audit_id"),
    }


def render_html(report: Report, reader: Access, lang: str) -> str:
    """The report as one standalone HTML file (the CLI's --format html)."""
    with translation.override(language(lang)):
        return render_to_string("reports/pdf.html", context(report, reader, lang, "pdf"))


def render_pdf(report: Report, reader: Access, lang: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(report, reader, lang), base_url=None).write_pdf())

"""The reports API (mounted under /api/v1/ by config/api.py): reports and their content as
JSON (what the preview and the PDF show), narrative, publish and unpublish."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import StringConstraints

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS
from braid.core.schemas import FromModel, Id, In, OneOf, unset
from braid.reports import document, selectors, services
from braid.reports.models import Report
from braid.reports.sections import plain

router = Router(tags=["reports"])
BASE = "/collaboratives/{slug}/reports"

SectionKey = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class ReportOut(Schema):
    id: int
    title: str
    title_fr: str
    template: str
    period: str
    start: dt.date
    end: dt.date
    funding_source_id: int | None
    sections: list[str]
    indicator_ids: list[int]
    status: str
    public: bool
    published_at: dt.datetime | None
    frozen_data_audit_id: int | None
    version: int
    narrative_versions: dict[str, int]  # by "<lang>:<section>": send it back to save a text


class PartOut(Schema):
    key: str
    title: str
    narrative: str  # in the language asked, else the other's (ADR 0015)
    narrative_lang: str | None  # the language it is written in; None when there is none
    # Texts written in both languages appear as {"text", "lang", "fallback"}.
    content: dict[str, Any]


class ReportContentOut(ReportOut):
    lang: str
    parts: list[PartOut]


class ReportIn(In):
    title: Annotated[str, FromModel(Report, "title")]
    title_fr: Annotated[str, FromModel(Report, "title_fr")] = ""
    period: Annotated[str, StringConstraints(max_length=20)]
    template: Annotated[str, FromModel(Report, "template")] = "custom"
    sections: list[SectionKey] = []
    indicator_ids: list[Id] = []
    funding_source_id: Id | None = None


class ReportPatch(In):
    title: Annotated[str, FromModel(Report, "title")] = unset()
    title_fr: Annotated[str, FromModel(Report, "title_fr")] = unset()
    period: Annotated[str, StringConstraints(max_length=20)] = unset()
    template: Annotated[str, FromModel(Report, "template")] = unset()
    sections: list[SectionKey] = unset()
    indicator_ids: list[Id] = unset()
    funding_source_id: Id | None = unset()
    version: Annotated[int | None, FromModel(Report, "version")] = None


class NarrativeIn(In):
    text: Annotated[str, StringConstraints(max_length=services.NARRATIVE_MAX)]
    lang: Annotated[str, OneOf(document.LANGUAGES)] = "en"
    # The narrative's version as last read (`narrative_versions["<lang>:<section>"]`, 0 when
    # it was never saved): a save over someone else's newer text is refused (409).
    version: int | None = None


class PublishIn(In):
    public: bool = False


def _out(r: Report) -> dict[str, Any]:
    return {
        **{
            f: getattr(r, f)
            for f in (
                "id",
                "title",
                "title_fr",
                "template",
                "period",
                "start",
                "end",
                "funding_source_id",
                "sections",
                "indicator_ids",
                "status",
                "public",
                "published_at",
                "version",
                "narrative_versions",
            )
        },
        "frozen_data_audit_id": (r.snapshot or {}).get("data", {}).get("audit_id"),
    }


@router.get(BASE, response={200: list[ReportOut], **ERRORS})
def list_reports(request: HttpRequest, slug: str) -> Any:
    """Stewards list drafts and published reports; other members the published ones."""
    return [_out(r) for r in selectors.reports(access_for(request.user, slug))]


@router.post(BASE, response={201: ReportOut, **ERRORS})
def create_report(request: HttpRequest, slug: str, payload: ReportIn) -> Any:
    access = access_for(request.user, slug)
    return Status(201, _out(services.report_create(access=access, **payload.dict())))


@router.get(BASE + "/{report_id}", response={200: ReportContentOut, **ERRORS})
def get_report(
    request: HttpRequest,
    slug: str,
    report_id: Id,
    lang: Annotated[str, OneOf(document.LANGUAGES)] = "en",
) -> Any:
    """The report with every section's content as the preview and the PDF show it: frozen
    once published, else read live as the caller may see it."""
    access = access_for(request.user, slug)
    report = selectors.report(access, report_id)
    parts = [
        {
            **part,
            "narrative": plain(part["narrative"]),
            "narrative_lang": part["narrative"].get("lang")
            if isinstance(part["narrative"], dict)
            else (lang if part["narrative"] else None),
        }
        for part in document.content(report, access, lang)
    ]
    return {**_out(report), "lang": lang, "parts": parts}


@router.patch(BASE + "/{report_id}", response={200: ReportOut, **ERRORS})
def update_report(request: HttpRequest, slug: str, report_id: Id, payload: ReportPatch) -> Any:
    access = access_for(request.user, slug)
    report = selectors.report(access, report_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    return _out(services.report_update(access=access, report=report, version=version, **changes))


@router.put(BASE + "/{report_id}/narratives/{section}", response={200: ReportOut, **ERRORS})
def save_narrative(
    request: HttpRequest, slug: str, report_id: Id, section: SectionKey, payload: NarrativeIn
) -> Any:
    """Save one section's narrative in one language. Send the `version` you read (the
    report's `narrative_versions["<lang>:<section>"]`) to refuse overwriting someone else's
    newer text: a stale one is answered 409 with their text and version."""
    access = access_for(request.user, slug)
    report = selectors.report(access, report_id)
    return _out(
        services.report_narrative_save(
            access=access,
            report=report,
            section=section,
            text=payload.text,
            lang=payload.lang,
            version=payload.version,
        )
    )


@router.post(BASE + "/{report_id}/publish", response={200: ReportOut, **ERRORS})
def publish_report(request: HttpRequest, slug: str, report_id: Id, payload: PublishIn) -> Any:
    access = access_for(request.user, slug)
    report = selectors.report(access, report_id)
    return _out(services.report_publish(access=access, report=report, public=payload.public))


@router.post(BASE + "/{report_id}/unpublish", response={200: ReportOut, **ERRORS})
def unpublish_report(request: HttpRequest, slug: str, report_id: Id) -> Any:
    access = access_for(request.user, slug)
    report = selectors.report(access, report_id)
    return _out(services.report_unpublish(access=access, report=report))


@router.delete(BASE + "/{report_id}", response={204: None, **ERRORS})
def delete_report(request: HttpRequest, slug: str, report_id: Id) -> Any:
    access = access_for(request.user, slug)
    services.report_delete(access=access, report=selectors.report(access, report_id))
    return Status(204, None)


ZIP = {
    "description": "The collaborative as one zip: manifest.json (format, Braid's version, each "
    "app's latest migration, row counts) and data/*.json, as `braid import collaborative` "
    "reads it.",
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/collaboratives/{slug}/export",
    response={200: None, **ERRORS},
    tags=["export"],
    openapi_extra={"responses": {200: ZIP}},
)
def export_collaborative(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything of the collaborative in one file, to archive it or move it to another
    installation: every module's rows, its members' e-mail addresses and the history of
    changes. Stewards only; each download is written to the audit log."""
    access = access_for(request.user, slug)
    data, name = services.collaborative_export_file(access=access)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

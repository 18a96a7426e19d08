"""Writes of reports: create, change, the narrative as it is typed, publish (freeze) and
unpublish, delete; and the public page's choices."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import FundingSource
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.audit import exempt
from braid.core.bilingual import LANGUAGES, french
from braid.core.errors import (
    ConflictError,
    FieldProblem,
    ServiceError,
    raise_problems,
    refuse_stale,
)
from braid.measures.models import Indicator
from braid.reports import sections as registry
from braid.reports.document import freeze
from braid.reports.models import NARRATIVE_MAX, Report, Status, Template
from braid.reports.periods import parse_period
from braid.reports.selectors import funder_template

vocabulary(
    {
        "report.created": gettext_lazy("Report “%(title)s” for %(period)s created"),
        "report.changed": gettext_lazy("Report “%(title)s” for %(period)s changed"),
        "report.published": gettext_lazy("Report “%(title)s” for %(period)s published and frozen"),
        "report.unpublished": gettext_lazy(
            "Report “%(title)s” for %(period)s unpublished (back to draft)"
        ),
        "report.deleted": gettext_lazy("Report “%(title)s” for %(period)s deleted"),
        "public_page.saved": gettext_lazy("Public results page saved (%(state)s)"),
        "collaborative.exported": gettext_lazy(
            "Everything of the collaborative downloaded as one file (%(rows)s rows)"
        ),
    }
)

TITLE_MAX = Report._meta.get_field("title").max_length or 200


def _clean(
    access: Access,
    *,
    title: Any,
    title_fr: Any = "",
    period: Any,
    template: Any,
    sections: Any,
    indicator_ids: Any,
    funding_source_id: Any,
) -> dict[str, Any]:
    problems: list[FieldProblem] = []
    title = str(title or "").strip()
    if not title:
        problems.append(
            FieldProblem("title", _("Give the report a title, e.g. “Annual report 2026”."))
        )
    elif len(title) > TITLE_MAX:
        problems.append(
            FieldProblem("title", _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX})
        )
    title_fr = str(title_fr or "").strip()
    if len(title_fr) > TITLE_MAX:
        problems.append(
            FieldProblem("title_fr", _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX})
        )
    code, start, end = "", None, None
    try:
        code, start, end = parse_period(str(period or ""))
    except ServiceError as exc:
        problems.extend(exc.problems)
    if template not in Template.values:
        problems.append(
            FieldProblem(
                "template",
                _("Choose one of the templates: %(names)s.")
                % {"names": ", ".join(Template.values)},
            )
        )
    known = {s.key for s in registry.all_sections(access)}
    chosen = list(dict.fromkeys(str(k) for k in (sections or [])))
    unknown = [k for k in chosen if k not in known]
    if unknown:
        problems.append(
            FieldProblem(
                "sections",
                _("No such section: %(keys)s. Choose among: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(sorted(known))},
            )
        )
    elif not chosen:
        problems.append(FieldProblem("sections", _("Choose at least one section.")))
    ids = sorted({int(i) for i in (indicator_ids or [])})
    _found, missing = access.owned(
        Indicator,
        ids,
        field="indicator_ids",
        message=_("No such indicator in this collaborative: %(ids)s."),
    )
    problems += missing
    source = None
    if funding_source_id:
        found, missing = access.owned(
            FundingSource,
            [int(funding_source_id)],
            field="funding_source_id",
            message=_("No such funding source in this collaborative: %(ids)s."),
        )
        problems += missing
        source = found[0] if found else None
    raise_problems(problems)
    return {
        "title": title,
        "title_fr": title_fr,
        "period": code,
        "start": start,
        "end": end,
        "template": template,
        "sections": chosen,
        "indicator_ids": ids,
        "funding_source": source,
    }


@transaction.atomic
def report_create(
    *,
    access: Access,
    title: str,
    period: str,
    template: str = Template.CUSTOM,
    sections: list[str] | None = None,
    indicator_ids: list[int] | None = None,
    funding_source_id: int | None = None,
    title_fr: str = "",
) -> Report:
    """A draft report. Without sections, the template's own; a funder report without sections
    or indicators takes those of the funding source's last report (its template)."""
    access.require_manage()
    if template == Template.FUNDER and not sections and not indicator_ids:
        sections, indicator_ids = funder_template(access, funding_source_id)
    data = _clean(
        access,
        title=title,
        title_fr=title_fr,
        period=period,
        template=template,
        sections=sections if sections else registry.template_sections(template),
        indicator_ids=indicator_ids,
        funding_source_id=funding_source_id,
    )
    if access.scope(Report).filter(title=data["title"], period=data["period"]).exists():
        raise ServiceError.on(
            "title",
            _(
                "There is already a report “%(title)s” for %(period)s: open it or choose another title."
            )
            % {"title": data["title"], "period": data["period"]},
        )
    report = Report.objects.create(collaborative=access.collaborative, **data)
    record(access, "report.created", title=report.title, period=report.period)
    return report


def _editable(report: Report) -> None:
    if report.published:
        raise ServiceError(
            _("This report is published and frozen: unpublish it to change it."), code="frozen"
        )


@transaction.atomic
def report_update(
    *, access: Access, report: Report, version: int | None = None, **changes: Any
) -> Report:
    """Change a draft's title (in either language), period, template, sections, indicators
    or funder."""
    access.require_manage()
    report = access.get_owned(Report.objects.select_for_update(), pk=report.pk)
    _editable(report)
    if version is not None and version != report.version:
        raise ConflictError(
            _("Someone saved this report after you opened it: reload it to see their changes."),
            {"version": report.version},
        )
    current = {
        "title": report.title,
        "title_fr": report.title_fr,
        "period": report.period,
        "template": report.template,
        "sections": report.sections,
        "indicator_ids": report.indicator_ids,
        "funding_source_id": report.funding_source_id,
    }
    wanted = {**current, **{k: v for k, v in changes.items() if k in current}}
    data = _clean(access, **wanted)
    clash = (
        access.scope(Report)
        .filter(title=data["title"], period=data["period"])
        .exclude(pk=report.pk)
    )
    if clash.exists():
        raise ServiceError.on(
            "title",
            _("There is already a report “%(title)s” for %(period)s: choose another title.")
            % {"title": data["title"], "period": data["period"]},
        )
    for k, v in data.items():
        setattr(report, k, v)
    report.version += 1
    report.updated_at = timezone.now()
    report.save()
    record(access, "report.changed", title=report.title, period=report.period)
    return report


def _check_narrative(report: Report, section: str, lang: str, text: str) -> None:
    if section not in report.sections:
        raise ServiceError.on(
            "section",
            _("This report has no section “%(key)s”: add the section first.") % {"key": section},
        )
    if lang not in LANGUAGES:
        raise ServiceError.on(
            "lang",
            _("Write the narrative in one of: %(langs)s.") % {"langs": ", ".join(LANGUAGES)},
        )
    if len(text) > NARRATIVE_MAX:
        raise ServiceError.on(
            "text",
            _("Keep a section's narrative under %(n)s characters.") % {"n": f"{NARRATIVE_MAX:,}"},
        )


@exempt(
    "a draft's narrative as it is typed (autosaved every few seconds); the report's creation, "
    "changes and publication are audited, and its frozen text is in the snapshot",
    writes=True,
)
def report_narrative_save(
    *,
    access: Access,
    report: Report,
    section: str,
    text: str,
    lang: str = "en",
    version: int | str | None = None,
) -> Report:
    """Keep the narrative of one section of a draft, as typed, in English or in French
    (`lang`; ADR 0015: a reader gets their language, else the other, marked). `version`
    (Report.narrative_version, as the writer last loaded or saved it) refuses a save over
    someone else's newer text; each save answers the new one."""
    access.require_manage()
    with transaction.atomic():
        report = access.get_owned(Report.objects.select_for_update(), pk=report.pk)
        _editable(report)
        _check_narrative(report, section, lang, text)
        field = "narratives" if lang == "en" else french("narratives")
        now = report.narrative_version(section, lang)
        refuse_stale(
            version,
            now,
            _(
                "Someone else changed this text while you were writing it. Nothing of yours was "
                "saved: your text is still here; read theirs below, then save yours again."
            ),
            {"text": getattr(report, field).get(section, ""), "section": section, "lang": lang},
        )
        setattr(report, field, {**getattr(report, field), section: text})
        report.narrative_versions = {**report.narrative_versions, f"{lang}:{section}": now + 1}
        report.updated_at = timezone.now()
        report.save(update_fields=[field, "narrative_versions", "updated_at"])
    return report


@transaction.atomic
def report_publish(*, access: Access, report: Report, public: bool = False) -> Report:
    """Freeze the report: its sections in both languages, as the public may see them, kept
    as they are now whatever the data does later. Shared with every member; on the public
    page too when `public`."""
    access.require_manage()
    report = access.get_owned(Report.objects.select_for_update(), pk=report.pk)
    _editable(report)
    report.snapshot = freeze(report)
    report.status = Status.PUBLISHED
    report.public = bool(public)
    report.published_at = timezone.now()
    report.published_by = access.user
    report.version += 1
    report.save()
    record(access, "report.published", title=report.title, period=report.period, public=public)
    return report


@transaction.atomic
def report_unpublish(*, access: Access, report: Report) -> Report:
    """Back to a draft: off the viewers' list and the public page; the snapshot is dropped
    and the next publication freezes the data as it is then."""
    access.require_manage()
    report = access.get_owned(Report.objects.select_for_update(), pk=report.pk)
    if not report.published:
        raise ServiceError(_("This report is not published."), code="not_published")
    report.status = Status.DRAFT
    report.public = False
    report.snapshot = None
    report.published_at = None
    report.version += 1
    report.save()
    record(access, "report.unpublished", title=report.title, period=report.period)
    return report


@transaction.atomic
def report_delete(*, access: Access, report: Report) -> None:
    access.require_manage()
    report = access.get_owned(Report, pk=report.pk)
    if report.published:
        raise ServiceError(
            _("A published report cannot be deleted: unpublish it first."), code="frozen"
        )
    record(access, "report.deleted", title=report.title, period=report.period)
    report.delete()


def collaborative_export(*, access: Access, fh: Any) -> None:
    """The whole collaborative as one file for a steward (`braid import collaborative` reads
    it elsewhere): every module's rows and its members' e-mails, so the download is audited."""
    from braid.core.bundle.export import write_bundle

    access.require_manage()
    manifest = write_bundle(access.collaborative, fh)
    record(access, "collaborative.exported", rows=sum(manifest["counts"].values()))


def collaborative_export_file(*, access: Access) -> tuple[bytes, str]:
    """The export as the page and the API hand it over: the zip's bytes and its file name."""
    import io

    from django.utils.timezone import localdate

    fh = io.BytesIO()
    collaborative_export(access=access, fh=fh)
    return fh.getvalue(), f"{access.collaborative.slug}-{localdate():%Y-%m-%d}.zip"


# The public page's choices are written in their own module; the views and the demo call them
# from here.
from braid.reports.public_settings import PUBLIC_FIELDS as PUBLIC_FIELDS  # noqa: E402
from braid.reports.public_settings import public_page_save as public_page_save  # noqa: E402
from braid.reports.public_settings import public_page_version as public_page_version  # noqa: E402

"""Reads of reports: which a member may open, what the builder offers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.errors import ServiceError
from braid.reports import sections as registry
from braid.reports.models import PublicPage, Report, Status, Template
from braid.reports.periods import parse_period


def reports(access: Access) -> QuerySet[Report]:
    """Drafts are the stewards' work; every member reads the published reports."""
    qs = access.scope(Report).select_related("funding_source")
    if not access.can_manage():
        qs = qs.filter(status=Status.PUBLISHED)
    return qs.order_by("-end", "-pk")


def report(access: Access, pk: int) -> Report:
    return access.get_owned(reports(access), pk=pk)


def public_reports(collaborative_id: int) -> QuerySet[Report]:
    return Report.objects.filter(
        collaborative_id=collaborative_id, status=Status.PUBLISHED, public=True
    ).order_by("-end", "-pk")


def public_page(collaborative_id: int) -> PublicPage | None:
    return PublicPage.objects.filter(collaborative_id=collaborative_id).first()


def report_for_period(access: Access, period: str, template: str, title: str = "") -> Report:
    """The report of `template` for `period` a member may open (`braid report`): the one saved
    (published first, then the latest draft), or, if there is none, the template's report
    built on the spot and not saved."""
    if template not in Template.values:
        raise ServiceError.on(
            "template",
            _("Choose one of the templates: %(names)s.") % {"names": ", ".join(Template.values)},
        )
    code, start, end = parse_period(period)
    found = reports(access).filter(period=code, template=template)
    if title:
        found = found.filter(title=title)
    # "published" sorts after "draft": published first, then the latest.
    if (report := found.order_by("-status", "-pk").first()) is not None:
        return report
    label = Template(template).label
    return Report(
        collaborative=access.collaborative,
        title=title or f"{label} {code}",
        template=template,
        period=code,
        start=start,
        end=end,
        sections=registry.template_sections(template),
    )


def funder_template(access: Access, funding_source_id: int | None) -> tuple[list[str], list[int]]:
    """A funder's template: the sections and indicators of the last report made for that
    funding source (what it asked for last time), else the funder template's sections."""
    last = (
        access.scope(Report)
        .filter(funding_source_id=funding_source_id)
        .order_by("-end", "-pk")
        .values_list("sections", "indicator_ids")
        .first()
        if funding_source_id
        else None
    )
    if last is None:
        return registry.template_sections("funder"), []
    return list(last[0]), list(last[1])


def report_due(access: Access, funding_source_id: int, due_on: Any) -> Report | None:
    """The report a funder's deadline asks for: the latest made for that funding source whose
    period ends by the deadline."""
    return (
        reports(access)
        .filter(funding_source_id=funding_source_id, end__lte=due_on)
        .order_by("-end", "-pk")
        .first()
    )

"""Reads of reports: which a member may open, what the builder offers."""

from __future__ import annotations

from django.db.models import QuerySet

from braid.collaboratives.access import Access
from braid.reports.models import PublicPage, Report, Status


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

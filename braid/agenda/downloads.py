"""The Design module's lists as downloads (`braid.core.http.downloadable`): resources,
funders, deadlines, governance bodies, leadership and the signatures of the terms of
reference, each from the page's own selector for the same reader."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from braid.agenda.governance import selectors as governance
from braid.agenda.models import TermsVersion
from braid.agenda.resources import selectors as resources
from braid.agenda.terms import selectors as terms
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.http import Table


def _day(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]


def contributions(request: HttpRequest, access: Access) -> Table:
    headers = [_("Organisation"), _("Kind"), _("Description"), _("Value"), _("From"), _("To")]
    rows = (
        [
            c.organisation.name,
            c.get_kind_display(),
            c.description,
            c.value,
            _day(c.period_start),
            _day(c.period_end),
        ]
        for c in resources.contributions(access)
    )
    return "contributions", headers, rows


def funders(request: HttpRequest, access: Access) -> Table:
    headers = [_("Funder"), _("Programme"), _("Partner"), _("Mandate")]
    headers += [_("Reporting requirements"), _("Amount"), _("From"), _("To"), _("Deadlines")]
    rows = (
        [
            s.funder,
            s.programme,
            s.organisation.name if s.organisation else "",
            s.mandate,
            s.reporting_requirements,
            s.amount,
            _day(s.starts_on),
            _day(s.ends_on),
            "; ".join(f"{d.due_on.isoformat()} {d}" for d in s.deadlines.all()),
        ]
        for s in resources.funding_sources(access)
    )
    return "funders", headers, rows


def deadlines(request: HttpRequest, access: Access) -> Table:
    headers = [_("Due on"), _("Funder"), _("What is due"), _("Status")]

    def status(r: resources.DeadlineRow) -> str:
        return _("done") if r.deadline.done else _("overdue") if r.overdue else ""

    rows = (
        [_day(r.deadline.due_on), r.deadline.source.funder, str(r.deadline), status(r)]
        for _month, month_rows in resources.calendar(access)
        for r in month_rows
    )
    return "deadlines", headers, rows


def bodies(request: HttpRequest, access: Access) -> Table:
    headers = [_("Body"), _("Kind"), _("Purpose"), _("Chair"), _("Member organisations")]
    headers.append(_("Rules of procedure"))
    rows = (
        [
            b.name,
            b.get_kind_display(),
            bilingual.pick(b, "purpose").text,
            f"{b.chair.name} ({b.chair.organisation.name})" if b.chair else "",
            "; ".join(o.name for o in b.member_organisations.all()),
            b.rules.name if b.rules else "",
        ]
        for b in governance.bodies(access)
    )
    return "governance-bodies", headers, rows


def leadership(request: HttpRequest, access: Access) -> Table:
    headers = [_("Role"), _("Body"), _("Person"), _("Organisation"), _("From"), _("To")]
    data = governance.leadership(access)
    rows = (
        [
            r.get_title_display(),
            r.body.name if r.body else "",
            r.person,
            r.organisation.name,
            _day(r.term_start),
            _day(r.term_end),
        ]
        for r in [*data.current, *data.past]
    )
    return "leadership", headers, rows


def _signature_row(r: terms.SignatureRow) -> list[str]:
    if not r.signature:
        return [r.name, _("not yet"), "", "", ""]
    s = r.signature
    day = localtime(s.signed_at).date().isoformat()
    return [r.name, _("signed"), s.signatory, s.signatory_title, day]


def _signatures(version: TermsVersion | None) -> Table:
    headers = [_("Party"), _("Signed"), _("Signed by"), _("Title"), _("Signed on")]
    rows = (_signature_row(r) for r in (terms.signature_rows(version) if version else []))
    name = f"terms-v{version.number}-signatures" if version else "terms-signatures"
    return name, headers, rows


def signatures(request: HttpRequest, access: Access) -> Table:
    return _signatures(terms.current(access))


def version_signatures(request: HttpRequest, access: Access, number: int) -> Table:
    return _signatures(access.get_owned(TermsVersion.objects.all(), number=number))

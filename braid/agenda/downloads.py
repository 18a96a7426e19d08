"""The Design module's lists as downloads (`braid.core.http.downloadable`): resources,
funders, deadlines, governance bodies, rules of procedure, the responsibility matrix, the
backbone functions, leadership, the signatures of the terms of reference, an organisation's
commitments, duplication and gaps, and the common agenda's versions, each from the page's
own selector for the same reader."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from braid.agenda import selectors as design
from braid.agenda.governance import selectors as governance
from braid.agenda.models import AgendaVersion, TermsVersion
from braid.agenda.resources import selectors as resources
from braid.agenda.terms import selectors as terms
from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.http import Table
from braid.partners.models import Organisation


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


def rules(request: HttpRequest, access: Access) -> Table:
    headers = [_("Rules of procedure"), _("Decision method"), _("Quorum (%)"), _("Majority (%)")]
    headers += [_("Meeting frequency"), _("Communication channels"), _("Who drafts agendas")]
    headers += [_("Agenda circulated (days before)"), _("Who takes minutes"), _("Followed by")]
    rows = (
        [
            r.name,
            r.get_decision_method_display(),
            r.quorum_pct if r.decision_method == "majority" else "",
            r.majority_pct if r.decision_method == "majority" else "",
            bilingual.pick(r, "meeting_frequency").text,
            bilingual.pick(r, "channels").text,
            r.agenda_drafted_by,
            "" if r.agenda_notice_days is None else r.agenda_notice_days,
            r.minutes_taken_by,
            "; ".join(b.name for b in r.bodies.all()),
        ]
        for r in governance.rules(access).prefetch_related("bodies")
    )
    return "rules-of-procedure", headers, rows


def raci(request: HttpRequest, access: Access) -> Table:
    """The matrix as the page draws it: an activity a row, an organisation a column."""
    m = governance.raci_matrix(access)
    headers = [_("Activity"), *(o.name for o in m.organisations), _("Warnings")]
    rows = (
        [
            a.title,
            *(m.cells.get((a.pk, o.pk), "") for o in m.organisations),
            "; ".join(m.warnings.get(a.pk, [])),
        ]
        for a in m.activities
    )
    return "responsibility-matrix", headers, rows


def backbone(request: HttpRequest, access: Access) -> Table:
    headers = [_("Backbone function"), _("Assigned to"), _("Organisation"), _("How")]
    rows = (
        [
            label,
            a.assignee if a else _("unassigned"),
            a.organisation.name if a and a.organisation else "",
            a.notes if a else "",
        ]
        for _code, label, a in governance.backbone(access)
    )
    return "backbone-functions", headers, rows


def _commitment_rows(c: design.Commitments) -> list[list[object]]:
    rows: list[list[object]] = [
        [_("Leads"), a.title, a.get_status_display(), _day(a.start), _day(a.end)] for a in c.leads
    ]
    rows += [
        [_("Supports"), a.title, _("led by %s") % a.lead.name, _day(a.start), _day(a.end)]
        for a in c.supports
    ]
    rows += [[_("Due"), m.title, a.title, "", _day(m.due_on)] for a, m in c.upcoming]
    rows += [
        [_("Role in the matrix"), r.activity.title, r.get_role_display(), "", ""] for r in c.raci
    ]
    rows += [[_("Sits on"), b.name, "", "", ""] for b in c.bodies]
    rows += [
        [x.get_kind_display(), x.value, x.description, _day(x.period_start), _day(x.period_end)]
        for x in c.contributions
    ]
    return rows


def commitments(request: HttpRequest, access: Access, org: int) -> Table:
    organisation = access.get_owned(Organisation.objects.all(), pk=org)
    c = design.commitments(access, organisation)
    headers = [_("Commitment"), _("What"), _("Detail"), _("From"), _("To")]
    return f"commitments-{organisation.pk}", headers, _commitment_rows(c)


def alignment(request: HttpRequest, access: Access) -> Table:
    """The look-alike activities; `?list=gaps` the objectives no activity serves."""
    if request.GET.get("list") == "gaps":
        gaps = ([str(o), str(o.goal)] for o in design.gaps(access))  # as the page (ADR 0015)
        return "objectives-without-activity", [_("Objective"), _("Goal")], gaps
    headers = [_("Activity"), _("Lead organisation"), _("Looks like"), _("Its lead organisation")]
    headers += [_("Similarity (%)"), _("Objective both serve"), _("Shared words")]
    rows = (
        [
            o.first.title,
            o.first.lead.name,
            o.second.title,
            o.second.lead.name,
            round(o.score * 100),
            "; ".join(str(x) for x in o.shared_objectives),
            ", ".join(o.shared_terms),
        ]
        for o in design.overlaps(access)
    )
    return "look-alike-activities", headers, rows


def history(access: Access) -> list[tuple[AgendaVersion, list[design.FieldChange]]]:
    """The common agenda's versions, newest first, each with what changed since the one
    before: the history page and its download."""
    items = list(design.versions(access))
    return [
        (v, design.version_changes(items[i + 1] if i + 1 < len(items) else None, v))
        for i, v in enumerate(items)
    ]


def agenda_versions(request: HttpRequest, access: Access) -> Table:
    headers = [_("Version"), _("Saved on"), _("Author"), _("Endorsements"), _("What changed")]
    headers.append(_("Sections changed"))
    rows = (
        [
            v.number,
            localtime(v.created_at).isoformat(timespec="minutes"),
            (v.author.full_name or v.author.email) if v.author else "",
            v.endorsement_count,  # type: ignore[attr-defined]
            bilingual.pick(v, "change_note").text,
            "; ".join(str(c.label) for c in changes),
        ]
        for v, changes in history(access)
    )
    return "agenda-versions", headers, rows

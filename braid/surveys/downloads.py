"""The survey rounds and a round's response as downloads (`braid.core.http.downloadable`):
counts of who was invited and who finished, and for the stewards whom they invited, the
same as the pages show, and the checklist of the four stages and ten principles. Never an
answer: those are the results' (aggregated, suppressed)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.http import Table
from braid.surveys import rules, selectors
from braid.surveys.models import Invitation, Round
from braid.surveys.principles import Entry, checklist


def round_row(round_: Round) -> dict[str, Any]:
    """A round as the list and its page show it: status, instruments, invited and finished."""
    refs = selectors.round_refs(round_)
    known = selectors.instruments(round_.collaborative_id)
    return {
        "round": round_,
        "status": rules.effective_status(round_),
        "instruments": [known[r] for r in refs if r in known],
        "invited": getattr(round_, "invited", 0),
        "finished": getattr(round_, "finished", 0),
    }


def rounds(request: HttpRequest, access: Access) -> Table:
    status = {"open": _("Open for answers"), "closed": _("Closed")}
    headers = [_("Round"), _("Instruments"), _("Status"), _("Opens on"), _("Closes on")]
    headers += [_("Finished"), _("Invited")]
    rows = (
        [
            row["round"].shown_title,
            " · ".join(str(i.title) for i in row["instruments"]),
            status.get(row["status"], _("Draft")),
            row["round"].opens_on.isoformat() if row["round"].opens_on else "",
            row["round"].closes_on.isoformat() if row["round"].closes_on else "",
            row["finished"],
            row["invited"],
        ]
        for row in map(round_row, selectors.rounds(access.collaborative))
    )
    return "survey-rounds", headers, rows


def people(access: Access, round_: Round) -> Any:
    """Whom a round invited (stewards only: `audience.shows_steward_fields`)."""
    return access.scope(Invitation).filter(round=round_).select_related("organisation")


def _status(p: Invitation) -> str:
    if p.sent_count == 0 and p.status == "invited":
        return _("Not sent yet")
    return p.get_status_display()


def round_response(request: HttpRequest, access: Access, pk: int) -> Table:
    """The response by organisation and by sector; `?list=invitations` gives the stewards
    whom the round invited and whether each has finished (never what they answered)."""
    round_ = access.get_owned(selectors.rounds(access.collaborative), pk=pk)
    if request.GET.get("list") == "invitations" and access.audience.shows_steward_fields:
        headers = [_("E-mail"), _("Name"), _("Organisation"), _("Status"), _("Reminders")]
        invited = (
            [p.email, p.name, p.organisation.name, _status(p), p.reminders_sent]
            for p in people(access, round_)
        )
        return f"survey-{round_.pk}-invitations", headers, invited
    rates = selectors.response_rates(access.collaborative, round_.pk)
    headers = [_("By"), _("Name"), _("Finished"), _("Invited"), _("Rate")]
    rows = (
        [by, r.label, r.finished, r.invited, round(r.rate, 3) if r.rate is not None else ""]
        for by, group in ((_("Organisation"), rates.organisations), (_("Sector"), rates.sectors))
        for r in group
    )
    return f"survey-{round_.pk}-response", headers, rows


def _principle_status(e: Entry) -> str:
    if e.evidence:
        return _("in place, from Braid's data")
    return _("ticked by a steward") if e.ticked else _("not yet")


def principles(request: HttpRequest, access: Access) -> Table:
    """The checklist as its page shows it: the four stages, then the ten principles, each with
    its status, what Braid's data showed and the stewards' note."""
    found = checklist(access)
    headers = [_("Stage or principle"), _("Title"), _("Status"), _("Evidence"), _("Note")]
    stages = (
        [_("Stage"), str(e.title), _("done") if e.holds else _("not yet"), e.why, e.note]
        for e in found.stages
    )
    ten = (
        [_("Principle"), str(e.title), _principle_status(e), e.why, e.note]
        for e in found.principles
    )
    return "principles-checklist", headers, (*stages, *ten)

"""The Diagnose module's lists as downloads (`braid.core.http.downloadable`): each builds the
page's own rows, from the page's selector for the same reader, so a file never holds more
than the page shows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.core.http import Table
from braid.partners import selectors
from braid.partners.levels import partner_levels
from braid.partners.models import Organisation, Stance


def quadrant_labels() -> dict[str, str]:
    return {
        "engage_first": _("Engage first"),
        "build_proximity": _("Build proximity"),
        "keep_informed": _("Keep informed"),
        "monitor": _("Monitor"),
    }


def organisations(request: HttpRequest, access: Access) -> Table:
    """The register as the page lists it: its search, sector, status and order; the
    stakeholder scores only where the page shows them (`shows_stakeholder_analysis`)."""
    params = {k: request.GET.get(k, "") for k in ("q", "sector", "status", "sort")}
    orgs = selectors.organisations(access, **{k: v for k, v in params.items() if v})
    sectors = dict(selectors.sector_choices(access.collaborative.pk))
    scores = access.audience.shows_stakeholder_analysis
    headers = [_("Name"), _("Sector"), _("Status")]
    headers += [_("Influence"), _("Proximity")] if scores else []
    headers += [_("Contacts"), _("Last contact")]
    rows = (
        [
            o.name,
            str(sectors.get(o.sector, "")),
            o.get_status_display(),
            *([o.influence, o.proximity] if scores else []),  # type: ignore[attr-defined]
            o.contact_count,  # type: ignore[attr-defined]
            o.last_contact.isoformat() if o.last_contact else "",  # type: ignore[attr-defined]
        ]
        for o in orgs
    )
    return "organisations", headers, rows


def board(request: HttpRequest, access: Access) -> Table:
    rows = (
        [label, o.name, o.get_role_display() if o.role else ""]
        for _code, label, orgs in selectors.board(access)
        for o in orgs
    )
    return "pipeline", [_("Status"), _("Organisation"), _("Role")], rows


def follow_ups(request: HttpRequest, access: Access) -> Table:
    headers = [_("Follow up on"), _("Organisation"), _("Next step"), _("Last contact")]
    headers.append(_("Channel"))
    rows = (
        [
            e.follow_up_on.isoformat() if e.follow_up_on else "",
            e.organisation.name,
            e.next_step,
            e.date.isoformat(),
            e.get_channel_display(),
        ]
        for e in selectors.follow_ups_due(access, within_days=30)
    )
    return "follow-ups", headers, rows


def stakeholders(request: HttpRequest, access: Access) -> Table:
    headers = [_("Rank"), _("Organisation"), _("Influence"), _("Proximity"), _("Stance")]
    headers.append(_("Approach"))
    if not access.audience.shows_stakeholder_analysis:  # the page shows no grid either
        return "stakeholders", headers, []
    stances = {s.value: str(s.label) for s in Stance}
    quadrants = quadrant_labels()
    rows = (
        [
            r.rank,
            r.organisation.name,
            r.influence,
            r.proximity,
            stances.get(r.stance, ""),
            quadrants.get(r.quadrant, ""),
        ]
        for r in selectors.stakeholder_grid(access)
    )
    return "stakeholders", headers, rows


def context(request: HttpRequest, access: Access) -> Table:
    headers = [_("Date"), _("Until"), _("Category"), _("What"), _("Description"), _("Effect")]
    rows = (
        [
            f.date.isoformat(),
            f.end_date.isoformat() if f.end_date else "",
            f.get_category_display(),
            f.title,
            f.description,
            f.get_effect_display(),
        ]
        for f in selectors.context_factors(access)
    )
    return "context", headers, rows


def levels(request: HttpRequest, access: Access) -> Table:
    sectors = dict(selectors.sector_choices(access.collaborative.pk))
    headers = [_("Partner"), _("Sector"), _("Observed level"), _("Held back by")]
    headers.append(_("Reported level"))

    def reported(r: Any) -> str:
        if not r.reported_label:
            return ""
        return f"{r.organisation.reported_level} · {r.reported_label}"

    rows = (
        [
            r.organisation.name,
            str(sectors.get(r.organisation.sector, "")),
            f"{int(r.observed)} · {r.observed_label}",
            "; ".join(r.hold_back_text),
            reported(r),
        ]
        for r in partner_levels(access)
    )
    return "levels", headers, rows


def organisation(request: HttpRequest, access: Access, pk: int) -> Table:
    """One organisation's contacts, or with `?list=outreach` its outreach history, as its page
    shows them: e-mail addresses and phone numbers only where the page shows them
    (`shows_contact_details`)."""
    org = selectors.organisation_detail(access, pk)
    shows = access.audience.shows_contact_details(org.pk)

    def who(contact: Any) -> str:
        if contact is None:
            return ""
        return str(contact) if contact.name or shows else str(_("General address"))

    slug = f"organisation-{org.pk}"
    if request.GET.get("list") == "outreach":
        headers = [_("Date"), _("Channel"), _("By"), _("Contact"), _("Offered"), _("Asked")]
        headers += [_("Next step"), _("Follow up on"), _("Done")]
        rows: Any = (
            [
                e.date.isoformat(),
                e.get_channel_display(),
                e.reached_out_by.display_name if e.reached_out_by else "",
                who(e.contact),
                e.offered,
                e.asked,
                e.next_step,
                e.follow_up_on.isoformat() if e.follow_up_on else "",
                _("yes") if e.follow_up_done else "",
            ]
            for e in org.outreach.all()
        )
        return f"{slug}-outreach", headers, rows
    headers = [_("Contact"), _("Role"), _("Language")]
    headers += [_("E-mail"), _("Phone")] if shows else []
    rows = (
        [who(c), c.role, c.get_preferred_language_display(), *([c.email, c.phone] if shows else [])]
        for c in org.contacts.all()
    )
    return f"{slug}-contacts", headers, rows


def _or_none(organisations: list[Organisation]) -> list[Organisation | None]:
    """A sector's organisations, or one empty place for a sector that has none yet."""
    return [*organisations] if organisations else [None]


def framings(request: HttpRequest, access: Access) -> Table:
    """A row for each organisation under its sector's framing (a sector with a framing and no
    organisation yet, a row of its own), as the framings page lists them."""
    headers = [_("Sector"), _("Framing"), _("Organisation"), _("Priorities")]
    rows = (
        [
            str(r.label),
            r.framing.text if r.framing else "",
            o.name if o else "",
            o.priorities if o else "",
        ]
        for r in selectors.framing_rows(access)
        for o in _or_none(r.organisations)
    )
    return "sector-framings", headers, rows

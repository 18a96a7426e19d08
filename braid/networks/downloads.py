"""The Network module's lists as downloads (`braid.core.http.downloadable`): the map's
organisations and ties (`?list=ties`) with the map's filters, the pairs that see their
collaboration differently, the target levels, the lessons and wins log, the change between
two rounds' matched pairs and the collaboration health signals, each from the page's own
selector for the same reader."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from braid.collaboratives.access import Access
from braid.core import bilingual
from braid.core.http import Table, int_or_none
from braid.networks import selectors
from braid.networks.models import EntryKind
from braid.networks.present import map_context


def page_network(access: Access, request: HttpRequest) -> selectors.Network:
    """The network a map page asks for (`kind`, `round`), the activities' by default."""
    kind = request.GET.get("kind", selectors.ACTIVITIES)
    if kind not in selectors.KIND_LABELS:
        kind = selectors.ACTIVITIES
    return selectors.network_of(access, kind, int_or_none(request.GET.get("round")))


def map_page(access: Access, request: HttpRequest) -> dict[str, Any]:
    """What the map page shows, with its filters (network, round, sector, tie level, size)."""
    level = min(max(int_or_none(request.GET.get("level")) or 1, 1), 4)
    return map_context(
        page_network(access, request),
        sector=request.GET.get("sector", ""),
        min_strength=level,
        size_by=request.GET.get("size", "degree"),
    )


def _organisation_row(o: Any, ratings: bool) -> list[Any]:
    place = _("core") if o.core else _("periphery")
    row = [o.name, o.sector, o.degree, o.in_degree, o.out_degree]
    row += [round(o.betweenness, 3), round(o.closeness, 3), place]
    row.append(_("yes") if o.key_player else "")
    return row + ([o.trust_text, o.value_text] if ratings else [])


def network(request: HttpRequest, access: Access) -> Table:
    page = map_page(access, request)
    if request.GET.get("list") == "ties":
        headers = [_("From"), _("To"), _("Tie"), _("Count")]
        ties = ([t.source, t.target, t.label, t.count] for t in page["ties"])
        return "network-ties", headers, ties
    headers = [_("Organisation"), _("Sector"), _("Ties"), _("Named by"), _("Names")]
    headers += [_("Betweenness"), _("Closeness"), _("Place"), _("Key player")]
    if page["has_ratings"]:
        headers += [_("Trust"), _("Value")]
    rows = (_organisation_row(o, page["has_ratings"]) for o in page["organisations"])
    return "network-organisations", headers, rows


def pairs(request: HttpRequest, access: Access) -> Table:
    found = selectors.network_of(access, selectors.SURVEY, int_or_none(request.GET.get("round")))
    headers = [_("Organisation"), _("Rates the other"), _("Other organisation")]
    headers += [_("Rates the first"), _("Levels apart")]
    rows = (
        [p.a.name, p.a_rates_b, p.b.name, p.b_rates_a, p.gap]
        for p in selectors.disagreeing_pairs(found)
    )
    return "network-pairs", headers, rows


def targets(request: HttpRequest, access: Access) -> Table:
    from braid.networks.forms import LEVEL_CHOICES

    labels = dict(LEVEL_CHOICES)
    headers = [_("Partner or pair"), _("Target"), _("By"), _("Observed"), _("Reported")]
    headers += [_("Gap"), _("Note")]
    rows = (
        [
            r.who,
            str(labels.get(r.target.level, r.target.level)),
            r.target.by.isoformat() if r.target.by else "",
            f"{r.observed} · {r.observed_label}" if r.observed is not None else "",
            r.reported,
            r.gap,
            r.target.note,
        ]
        for r in selectors.target_rows(access, reported_pairs=selectors.latest_pair_levels(access))
    )
    return "network-targets", headers, rows


def lessons(request: HttpRequest, access: Access) -> Table:
    kind = request.GET.get("kind", "")
    kind = kind if kind in EntryKind.values else ""
    headers = [_("Kind"), _("Title"), _("When"), _("Organisation"), _("What happened")]
    headers += [_("What we learned"), _("What we will do differently"), _("Visibility")]
    rows = (
        [
            e.get_kind_display(),
            bilingual.pick(e, "title").text,
            e.happened_on.isoformat(),
            e.organisation.name if e.organisation else "",
            bilingual.pick(e, "what_happened").text,
            bilingual.pick(e, "learned").text,
            bilingual.pick(e, "do_differently").text,
            e.get_visibility_display(),
        ]
        for e in selectors.log_entries(access, kind=kind)
    )
    return "lessons-and-wins", headers, rows


def page_waves(
    access: Access, request: HttpRequest
) -> tuple[int | None, int | None, selectors.Waves | None]:
    """The two rounds the change page compares (`before`, `after`: the latest and the one
    before it by default) and their change, or None when there are not two."""
    networks = {n.round_id: n for n in selectors.survey_networks(access)}
    ids = list(networks)
    after_id = int_or_none(request.GET.get("after"))
    before_id = int_or_none(request.GET.get("before"))
    if after_id not in networks:
        after_id = ids[-1] if ids else None
    if before_id not in networks or before_id == after_id:
        position = ids.index(after_id) if after_id in ids else 0
        before_id = ids[position - 1] if position > 0 else None
    if before_id is None or after_id is None:
        return before_id, after_id, None
    return before_id, after_id, selectors.waves(networks[before_id], networks[after_id])


def change(request: HttpRequest, access: Access) -> Table:
    kinds = {"gained": _("gained"), "lost": _("lost"), "raised": _("raised")}
    kinds |= {"lowered": _("lowered"), "same": _("same")}
    _before, _after, result = page_waves(access, request)
    headers = [_("Organisation"), _("Other organisation"), _("Before"), _("After")]
    headers.append(pgettext("between rounds", "Change"))
    rows = (
        [c.a.name, c.b.name, round(c.before, 1), round(c.after, 1), kinds.get(c.kind, c.kind)]
        for c in (result.changes if result else [])
    )
    return "network-change", headers, rows


def health(request: HttpRequest, access: Access) -> Table:
    """The signals the health page shows this reader: the collaborative's, then each partner's
    it may see (`collaboration_health` decides which)."""
    from braid.networks.health import collaboration_health

    found = collaboration_health(access)
    groups = [(_("The collaborative as a whole"), found.overall)]
    groups += [(p.name, p.signals) for p in found.partners]
    headers = [_("Whose"), _("Signal"), _("Value"), _("Trend"), _("Needs attention")]
    headers += [_("Definition"), _("Source")]
    rows = (
        [who, s.label, s.value, s.trend_words, _("yes") if s.weak else "", s.definition, s.source]
        for who, signals in groups
        for s in signals
    )
    return "collaboration-health", headers, rows

"""The public results page (/p/<slug>/), its embeddable snippet and its open data.

Opt-in: nothing is public until a steward turns the page on, and then only the sections and
indicators chosen. Every figure is read by the public reader (`Audience.public`: approved
figures only, small counts hidden with their complements), through the same scorecard and
presentation as the members' pages. Pages are cached; the cache key holds the collaborative's
latest audit line, which every change to its data writes, so a change clears it.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from braid.collaboratives.freshness import data_mark
from braid.collaboratives.models import Collaborative
from braid.core import bilingual
from braid.measures import dimensions
from braid.reports.models import PublicPage
from braid.reports.reader import PublicReader, public_reader

# Sections of the public page, in their order, each opted in by the stewards.
PUBLIC_SECTIONS = ("purpose", "partners", "indicators", "stories", "reports")
CACHE_SECONDS = 24 * 3600


def section_labels() -> dict[str, str]:
    return {
        "purpose": _("Purpose: the problem, the vision, the North Star"),
        "partners": _("Partners"),
        "indicators": _("Headline indicators, with their charts and the story behind them"),
        "stories": _("Wins and lessons chosen for the public"),
        "reports": _("Published reports"),
    }


@dataclass(frozen=True)
class Public:
    collaborative: Collaborative
    page: PublicPage
    reader: PublicReader

    def shows(self, section: str) -> bool:
        return section in self.page.sections


def find(slug: str) -> Public:
    """The public page of `slug`, or 404 when there is none, it is off, or the collaborative
    is archived (the same answer: nothing says which)."""
    page = (
        PublicPage.objects.select_related("collaborative")
        .filter(collaborative__slug=slug, enabled=True, collaborative__archived_at__isnull=True)
        .first()
    )
    if page is None:
        raise Http404("Not found.")
    return Public(page.collaborative, page, public_reader(page.collaborative))


def cached(public: Public, what: str, lang: str, build: Any) -> Any:
    """`build()` once per change of the data (and of the page's choices)."""
    key = (
        f"reports:public:{public.collaborative.pk}:{data_mark(public.collaborative.pk)}:"
        f"{public.page.updated_at.timestamp()}:{what}:{lang}"
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found


# --- What the page shows -------------------------------------------------------------------


def rows(public: Public) -> list[Any]:
    """The chosen indicators' scorecard rows as the public may see them, in the scorecard's
    order."""
    from braid.measures.scorecard import scorecard

    chosen = set(public.page.indicator_ids)
    if not chosen:
        return []
    return [r for r in scorecard(public.reader) if r.indicator.pk in chosen]


def purpose(public: Public) -> dict[str, Any]:
    from braid.agenda.models import AgendaVersion
    from braid.agenda.selectors import versions

    current = versions(public.reader).first()
    fields = []
    if current is not None:
        fields = [
            {"label": AgendaVersion.label(f), "text": bilingual.pick(current, f)}
            for f in ("problem", "vision", "north_star")
            if not bilingual.is_blank(current, f)
        ]
    return {"issue": bilingual.pick(public.collaborative, "issue"), "fields": fields}


def partners(public: Public) -> list[dict[str, str]]:
    from braid.partners.models import Organisation, PartnerStatus
    from braid.partners.selectors import sector_choices, sector_label

    choices = sector_choices(public.collaborative.pk)
    return [
        {"name": o.name, "sector": sector_label(choices, o.sector)}
        for o in public.reader.scope(Organisation)
        .filter(status=PartnerStatus.PARTNER)
        .order_by("name")
    ]


def latest_stories(public: Public, indicator_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each indicator's latest story in the reader's language, or the other marked (ADR 0015):
    `text` whole, `short` its first 40 words for the scorecard."""
    from braid.measures.models import Story

    out: dict[int, dict[str, Any]] = {}
    for ind, code, text, text_fr in (
        public.reader.scope(Story)
        .filter(indicator_id__in=indicator_ids)
        .order_by("indicator_id", "-period__start")
        .values_list("indicator_id", "period__code", "text", "text_fr")
    ):
        if ind in out:
            continue
        shown = bilingual.pick({"text": text, "text_fr": text_fr}, "text")
        short = bilingual.Shown(Truncator(shown.text).words(40), shown.lang, shown.fallback)
        out[ind] = {"period": code, "text": shown, "short": short}
    return out


# --- Open data -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "indicator",
    "name",
    "definition",
    "unit",
    "percentage",
    "direction",
    "period",
    "start",
    "end",
    "dimension",
    "group",
    "actual",
    "complete",
    "baseline",
    "target",
    "name_fr",
    "definition_fr",
    "dimension_name",
    "dimension_name_fr",
    "group_name",
    "group_name_fr",
    "unit_fr",  # the unit in French (ADR 0015); last, so older files still line up
)
NO_GROUP = {"dimension_name": "", "dimension_name_fr": "", "group_name": "", "group_name_fr": ""}


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 6):g}"


def open_rows(public: Public) -> list[dict[str, str]]:
    """Every published indicator's figures per period, as the public may see them: a hidden
    figure is written as the page writes it ("< 5", "—"), never as its number. Breakdowns
    are given for each indicator's latest complete period (pooled across partners)."""
    from braid.measures.selectors import by_disaggregation

    out: list[dict[str, str]] = []
    for r in rows(public):
        ind = r.indicator
        common = {
            "indicator": ind.code,
            "name": ind.name,
            "definition": ind.definition,
            "name_fr": ind.name_fr,
            "definition_fr": ind.definition_fr,
            "unit": "%" if ind.is_percentage else (ind.unit or ""),
            "unit_fr": "%" if ind.is_percentage else (ind.unit_fr or ""),
            "percentage": "yes" if ind.is_percentage else "no",
            "direction": ind.direction,
            "baseline": _number(r.baseline),
        }
        for p in r.points:
            out.append(
                {
                    **common,
                    "period": p.period.code,
                    "start": p.period.start.isoformat(),
                    "end": p.period.end.isoformat(),
                    "dimension": "",
                    "group": "",
                    **NO_GROUP,
                    "actual": p.hidden or _number(p.actual),
                    "complete": "yes" if p.complete else "no",
                    "target": _number(p.target),
                }
            )
        latest = r.latest_period
        if latest is not None and ind.disaggregations:
            for dim, parts in by_disaggregation(public.reader, ind, latest).items():
                for part, shown, value in parts:
                    out.append(
                        {
                            **common,
                            "period": latest.code,
                            "start": latest.start.isoformat(),
                            "end": latest.end.isoformat(),
                            "dimension": dim,
                            "group": part,
                            **_group_names(ind, dim, part),
                            "actual": _number(value) if value is not None else shown,
                            "complete": "yes",
                            "target": "",
                        }
                    )
    return out


def _group_names(ind: Any, dim: str, group: str) -> dict[str, str]:
    """A breakdown row's dimension and group as named in each language (the codes stay in
    `dimension` and `group`, as the IATI file gives them)."""
    d, g = dimensions.names(ind, dim), dimensions.names(ind, dim, group)
    return {
        "dimension_name": d["en"],
        "dimension_name_fr": d["fr"],
        "group_name": g["en"],
        "group_name_fr": g["fr"],
    }


def _cell(value: str) -> str | float | int:
    """A figure as a number (so a negative one is not taken for a formula), text as text."""
    try:
        number = float(value) if value and value[0] in "-0123456789" else None
    except ValueError:
        return value
    if number is None:
        return value
    return int(number) if number.is_integer() else number


def open_csv(public: Public) -> str:
    """The open data as CSV: text a spreadsheet would run as a formula is neutralised."""
    from braid.lib.tabular import write_csv

    buffer = io.StringIO()
    write_csv(
        ([_cell(row[k]) for k in CSV_COLUMNS] for row in open_rows(public)), CSV_COLUMNS, buffer
    )
    return buffer.getvalue()


def iati_xml(public: Public, base_url: str) -> bytes:
    """The published indicators as IATI-style results (IATI 2.03 activity standard: one
    activity, one result per indicator, baseline, target and actual per period, with their
    dimensions). A hidden figure has no value, and a comment saying why."""
    from django.utils import timezone

    c = public.collaborative
    root = ET.Element(
        "iati-activities",
        {
            "version": "2.03",
            "generated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    activity = ET.SubElement(root, "iati-activity", {"default-currency": "CAD"})
    ET.SubElement(activity, "iati-identifier").text = f"braid-{c.slug}"
    _narrative(ET.SubElement(activity, "title"), c.name)
    if not bilingual.is_blank(c, "issue"):
        _narratives(ET.SubElement(activity, "description", {"type": "1"}), c, "issue")
    ET.SubElement(activity, "document-link", {"url": base_url, "format": "text/html"})
    by_period: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in open_rows(public):
        if row["dimension"]:
            by_period.setdefault((row["indicator"], row["period"]), []).append(row)
    for r in rows(public):
        ind = r.indicator
        result = ET.SubElement(
            activity,
            "result",
            {"type": "2" if ind.quadrant.startswith("better") else "1", "aggregation-status": "1"},
        )
        _narratives(ET.SubElement(result, "title"), ind, "name")
        indicator = ET.SubElement(
            result,
            "indicator",
            {
                "measure": "2" if ind.is_percentage else "1",
                "ascending": "1" if ind.direction == "up" else "0",
            },
        )
        _narratives(ET.SubElement(indicator, "title"), ind, "name")
        if not bilingual.is_blank(ind, "definition"):
            _narratives(ET.SubElement(indicator, "description"), ind, "definition")
        ET.SubElement(indicator, "reference", {"vocabulary": "99", "code": ind.code})
        if r.baseline is not None:
            base = ind.baseline_period
            attrs = {"value": _number(r.baseline)}
            if base is not None:
                attrs |= {"year": str(base.start.year), "iso-date": base.start.isoformat()}
            ET.SubElement(indicator, "baseline", attrs)
        for p in r.points:
            if p.actual is None and p.target is None and not p.hidden:
                continue
            period = ET.SubElement(indicator, "period")
            ET.SubElement(period, "period-start", {"iso-date": p.period.start.isoformat()})
            ET.SubElement(period, "period-end", {"iso-date": p.period.end.isoformat()})
            if p.target is not None:
                ET.SubElement(period, "target", {"value": _number(p.target)})
            if p.actual is not None or p.hidden:
                actual = ET.SubElement(
                    period, "actual", {"value": _number(p.actual)} if p.actual is not None else {}
                )
                if p.hidden:
                    _narrative(
                        ET.SubElement(actual, "comment"),
                        "Suppressed: a small count, or one that would reveal a small count.",
                    )
                elif not p.complete:
                    _narrative(
                        ET.SubElement(actual, "comment"),
                        "Provisional: not every partner has reported.",
                    )
            for part in by_period.get((ind.code, p.period.code), []):
                shown = part["actual"]
                known = bool(shown) and shown[0] in "-0123456789"
                actual = ET.SubElement(period, "actual", {"value": shown} if known else {})
                ET.SubElement(
                    actual, "dimension", {"name": part["dimension"], "value": part["group"]}
                )
                if not known:
                    _narrative(
                        ET.SubElement(actual, "comment"),
                        "Suppressed: a small count, or one that would reveal a small count.",
                    )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _narrative(parent: ET.Element, text: str, lang: str = "en") -> None:
    ET.SubElement(parent, "narrative", {"xml:lang": lang}).text = text


def _narratives(parent: ET.Element, source: object, field: str) -> None:
    """One narrative per language the text is written in (IATI allows several)."""
    for lang, name in (("en", field), ("fr", bilingual.french(field))):
        text = str(getattr(source, name, "") or "").strip()
        if text:
            _narrative(parent, text, lang)

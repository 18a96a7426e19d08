"""The terms of reference as a document: the frozen snapshot with its labels in the reader's
language, rendered as HTML for the page and as PDF (WeasyPrint) for signing and filing."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format

from braid.agenda.models import (
    BackboneFunction,
    BodyKind,
    ContributionKind,
    DecisionMethod,
    LeadershipTitle,
    Raci,
    TermsVersion,
)
from braid.agenda.terms.selectors import signature_rows
from braid.partners.selectors import sector_choices

LANGUAGES = ("en", "fr")


def _money(value: str) -> str:
    return number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)


def context(terms: TermsVersion) -> dict[str, Any]:
    """Call inside the language the document is read in: labels are translated here."""
    snap = copy.deepcopy(terms.snapshot)
    sectors = dict(sector_choices(terms.collaborative_id))
    raci_labels = dict(Raci.choices)
    partners = []
    for p in snap.get("partners", []):
        raci = p.get("raci", {})
        partners.append(
            {
                **p,
                "sector_label": sectors.get(p["sector"], p["sector"]),
                "raci_text": ", ".join(
                    f"{raci_labels[code]} × {n}" for code, n in raci.items() if code in raci_labels
                ),
            }
        )
    for b in snap.get("bodies", []):
        b["kind_label"] = dict(BodyKind.choices).get(b["kind"], b["kind"])
        if b.get("rules"):
            b["rules"]["method_label"] = dict(DecisionMethod.choices).get(
                b["rules"]["decision_method"], b["rules"]["decision_method"]
            )
    for r in snap.get("leaders", []):
        r["title_label"] = dict(LeadershipTitle.choices).get(r["title"], r["title"])
    for f in snap.get("backbone", []):
        f["label"] = dict(BackboneFunction.choices).get(f["function"], f["function"])
    resources = snap.get("resources", {})
    by_kind = [
        (dict(ContributionKind.choices).get(k, k), _money(v))
        for k, v in resources.get("by_kind", {}).items()
    ]
    snap.setdefault("resources", {})["by_partner"] = {
        name: _money(v) for name, v in resources.get("by_partner", {}).items()
    }
    return {
        "terms": terms,
        "snap": snap,
        "partners": partners,
        "signatures": signature_rows(terms),
        "resources_by_kind": by_kind,
        "resources_total": _money(resources.get("total", "0")),
        "lang": translation.get_language(),
    }


def render_pdf(terms: TermsVersion, lang: str) -> bytes:
    from weasyprint import HTML

    with translation.override(lang if lang in LANGUAGES else "en"):
        html = render_to_string("agenda/terms/pdf.html", context(terms))
    return bytes(HTML(string=html, base_url=None).write_pdf())

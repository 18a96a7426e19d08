"""The columns of a values file as people head them: Braid's own names, or headers in English,
in French or both ("Indicateur / Indicator"), recognised by `braid.lib.columns`; or a mapping
chosen on the upload page (`--map COLUMN=FIELD` on the command line)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from braid.lib.columns import fold, override_mapping, suggest_mapping
from braid.measures.rules import COLUMNS

ALIASES: dict[str, list[str]] = {
    "indicator": [
        *("indicator code", "indicator name", "measure", "code", "indicateur"),
        *("code de l'indicateur", "nom de l'indicateur", "mesure"),
    ],
    "organisation": [
        *("organization", "partner", "organisation name", "organisme", "partenaire"),
        *("nom de l'organisation", "nom de l'organisme"),
    ],
    "period": [
        *("reporting period", "quarter", "month", "year", "période", "trimestre", "mois"),
        *("année", "période de déclaration"),
    ],
    "disaggregation": ["breakdown", "group", "ventilation", "désagrégation", "groupe"],
    "value": ["figure", "count", "number", "total", "valeur", "chiffre", "nombre"],
    "numerator": ["numérateur"],
    "denominator": ["dénominateur"],
}
FIELD_LABELS = {
    "indicator": _("Indicator (code or name)"),
    "organisation": _("Organisation"),
    "period": _("Period"),
    "disaggregation": _("Breakdown"),
    "value": _("Value"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
}


def mapping_for(headers: Sequence[str]) -> list[str]:
    """Braid's reading of a file's columns: the field each header is, "" for none."""
    return suggest_mapping(headers, ALIASES)


# The headers of the template a partner fills in (`value_template`), in the reader's language:
# the code and the name of each indicator, then Braid's columns, then the previous figure.
TEMPLATE_LABELS = {
    "indicator": _("Indicator code"),
    "name": _("Indicator"),
    "organisation": _("Organisation"),
    "period": _("Period"),
    "disaggregation": _("Breakdown"),
    "value": _("Value"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
}


def template_headers(previous: str | None) -> list[str]:
    last = _("Previous (%(period)s)") % {"period": previous} if previous else _("Previous")
    return [str(label) for label in TEMPLATE_LABELS.values()] + [str(last)]


def _certain() -> set[str]:
    """Headers read without asking: Braid's names, and the template's in either language."""
    known = {*COLUMNS, "status", "name"}
    for language in ("en", "fr"):
        with translation.override(language):
            known |= {str(label) for label in TEMPLATE_LABELS.values()}
    return {fold(k) for k in known}


def is_braid_layout(headers: Sequence[str]) -> bool:
    """Whether every header is one Braid writes itself (its column names, the template's
    headers in English or French, an export's): no mapping step is needed."""
    certain = _certain()
    previous = (fold(str(_("Previous"))), "previous", "precedent")
    return bool(headers) and all(
        fold(h) in certain or fold(h).startswith(previous) for h in headers
    )


def named(headers: list[str], mapping: Sequence[str] | None) -> list[str]:
    """The field each column is read as: the mapping's (a column left out reads as none),
    else Braid's own names as they are, else Braid's reading of the headers."""
    if mapping is None:
        if all(h in COLUMNS for h in headers):
            return headers
        mapping = mapping_for(headers)
    return [m or f"\0{i}" for i, m in enumerate(mapping)] + [
        f"\0{i}" for i in range(len(mapping), len(headers))
    ]


def cli_mapping(headers: Sequence[str], given: Sequence[str]) -> list[str]:
    """Braid's reading corrected by `--map COLUMN=FIELD`; ValueError for a wrong one."""
    return override_mapping(headers, mapping_for(headers), given, COLUMNS)

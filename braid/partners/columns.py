"""How the organisation import reads the files people have: which column is which (English,
French or both in one header) and which choice a written value stands for (a code, a label in
either language, with spaces, hyphens or underscores, or a near synonym)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from braid.core.mapping import choice_options
from braid.lib.columns import ChoiceMatch, match_choice
from braid.partners.models import PartnerRole, PartnerStatus, Sector, Size, Stance
from braid.partners.selectors import sector_choices

# What each column is called in the files people bring (the column's own name always works).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "nom",
        "nom de l'organisation",
        "organisme",
        "nom de l'organisme",
        "raison sociale",
        "partner",
        "partenaire",
    ),
    "sector": ("secteur", "secteur d'activité", "type of organisation", "type d'organisme"),
    "status": ("statut", "état", "partner status", "statut du partenaire"),
    "role": ("rôle", "role in the collaborative", "rôle dans la collaboration"),
    "website": ("site web", "site internet", "site", "web", "url", "web site"),
    "size": ("taille", "staff", "effectif"),
    "mandate": ("mandat", "mission"),
    "priorities": ("priorités", "stated priorities", "priorités déclarées"),
    "notes": ("remarques", "comments", "commentaires", "note"),
    "joined_on": (
        "joined",
        "date joined",
        "member since",
        "membre depuis",
        "adhésion",
        "date d'adhésion",
        "joined on",
    ),
    "influence": ("influence score",),
    "proximity": ("proximité",),
    "stance": ("position", "posture", "attitude"),
    "contact_name": (
        "contact",
        "contact person",
        "nom du contact",
        "personne-ressource",
        "nom de la personne-ressource",
        "personne contact",
    ),
    "contact_role": (
        "title",
        "job title",
        "titre",
        "fonction",
        "poste",
        "rôle du contact",
        "contact title",
    ),
    "contact_email": (
        "email",
        "e-mail",
        "courriel",
        "adresse courriel",
        "mail",
        "adresse électronique",
        "email address",
        "contact e-mail",
        "courriel du contact",
    ),
    "contact_phone": (
        "phone",
        "téléphone",
        "tel",
        "tél",
        "phone number",
        "numéro de téléphone",
        "telephone",
    ),
    "contact_language": (
        "language",
        "langue",
        "preferred language",
        "langue préférée",
        "langue de préférence",
        "langue de correspondance",
    ),
}

# What a person picks in the mapping step, with the column's name in brackets.
FIELD_LABELS: dict[str, Any] = {
    "name": _("Organisation name"),
    "sector": _("Sector"),
    "status": _("Status"),
    "role": _("Role in the collaborative"),
    "website": _("Website"),
    "size": _("Size"),
    "mandate": _("Mandate"),
    "priorities": _("Stated priorities"),
    "notes": _("Notes"),
    "joined_on": _("Joined on"),
    "influence": _("Influence (1 to 5)"),
    "proximity": _("Proximity (1 to 5)"),
    "stance": _("Stance"),
    "contact_name": _("Contact's name"),
    "contact_role": _("Contact's role"),
    "contact_email": _("Contact's e-mail"),
    "contact_phone": _("Contact's phone"),
    "contact_language": _("Contact's language"),
}

# Near synonyms people write for the built-in sectors, in English and French.
SECTOR_SYNONYMS: dict[str, tuple[str, ...]] = {
    "government": (
        "gouvernement",
        "public sector",
        "secteur public",
        "municipal",
        "municipality",
        "municipalité",
        "ville",
        "city",
        "province",
        "provincial",
        "federal",
        "fédéral",
        "public administration",
        "administration publique",
    ),
    "nonprofit": (
        "non profit",
        "not for profit",
        "ngo",
        "ong",
        "charity",
        "organisme sans but lucratif",
        "organisme à but non lucratif",
        "osbl",
        "obnl",
        "sans but lucratif",
        "organisme communautaire",
    ),
    "business": (
        "entreprise",
        "entreprises",
        "private sector",
        "secteur privé",
        "company",
        "companies",
        "affaires",
        "industry",
        "industrie",
        "commerce",
        "employer",
        "employeur",
    ),
    "education": (
        "éducation",
        "school",
        "schools",
        "école",
        "écoles",
        "school board",
        "conseil scolaire",
        "commission scolaire",
        "centre de services scolaire",
        "university",
        "université",
        "college",
        "collège",
        "cégep",
        "enseignement",
    ),
    "police_justice": (
        "police",
        "justice",
        "law enforcement",
        "courts",
        "tribunaux",
        "sécurité publique",
        "public safety",
    ),
    "health": (
        "santé",
        "health care",
        "healthcare",
        "soins de santé",
        "hospital",
        "hôpital",
        "clinic",
        "clinique",
        "public health",
        "santé publique",
    ),
    "city_planning": (
        "urbanisme",
        "planning",
        "urban planning",
        "aménagement",
        "aménagement du territoire",
    ),
    "community": (
        "communauté",
        "residents",
        "résidents",
        "citoyens",
        "citizens",
        "community members",
    ),
    "philanthropy": (
        "philanthropie",
        "funder",
        "funders",
        "bailleur de fonds",
        "bailleurs de fonds",
        "foundation",
        "foundations",
        "fondation",
        "fondations",
    ),
    "other": ("autre", "autres"),
}
STATUS_SYNONYMS = {"partner": ("member", "membre"), "inactive": ("former", "ancien")}
SIZE_SYNONYMS = {
    "small": ("petite", "petit"),
    "medium": ("moyenne", "moyen"),
    "large": ("grande", "grand"),
}
LANGUAGES = {
    "en": ("english", "anglais", "en-ca", "en-us", "en-gb", "eng", "ang"),
    "fr": ("french", "français", "fr-ca", "fr-fr", "fra", "fre"),
}


CHOICES: dict[str, Any] = {
    "status": PartnerStatus,
    "role": PartnerRole,
    "size": Size,
    "stance": Stance,
}


class ChoiceReader:
    """Reads the choice columns of one import (sectors are the collaborative's own)."""

    def __init__(self, collaborative_id: int) -> None:
        self._sector_labels = dict(sector_choices(collaborative_id))
        sectors = choice_options(Sector, SECTOR_SYNONYMS)
        for code, label in self._sector_labels.items():
            sectors.setdefault(code, [label])
        self.options: dict[str, dict[str, list[str]]] = {
            "sector": sectors,
            "status": choice_options(PartnerStatus, STATUS_SYNONYMS),
            "role": choice_options(PartnerRole),
            "size": choice_options(Size, SIZE_SYNONYMS),
            "stance": choice_options(Stance),
            "contact_language": {code: list(names) for code, names in LANGUAGES.items()},
        }
        self._seen: dict[tuple[str, str], ChoiceMatch] = {}

    def read(self, column: str, value: str) -> ChoiceMatch:
        key = (column, value)
        if key not in self._seen:
            self._seen[key] = match_choice(value, self.options[column])
        return self._seen[key]

    def label(self, column: str, code: str) -> str:
        """The option's label in the current language."""
        if column == "sector":
            return self._sector_labels.get(code, code)
        if column in CHOICES:
            return str(dict(CHOICES[column].choices).get(code, code))
        return code

    def codes(self, column: str) -> list[str]:
        return list(self.options[column])

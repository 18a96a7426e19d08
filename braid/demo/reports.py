"""Demo data for reports: the annual report of last year, published and frozen, with its
narrative; and this year's annual report as a draft the steward is writing. Titles,
narratives and the public page's introduction are written in English and in French."""

from __future__ import annotations

from django.utils import timezone

from braid.accounts.models import User
from braid.collaboratives.access import access_for
from braid.collaboratives.models import Collaborative
from braid.reports import services
from braid.reports.models import Report

NARRATIVES = {
    "agenda": (
        "Partners renewed the common agenda in the spring: the vision did not change, the North "
        "Star now names the two neighbourhoods where most incidents happen."
    ),
    "headline": (
        "Outcomes first: fewer young people were charged, and more stayed in school. Not every "
        "curve is turning yet; the table says which, and the chosen indicators below say why."
    ),
    "indicators": (
        "Many partners shape each result: read the figures as our contribution together, not "
        "as any one programme's effect."
    ),
    "disaggregations": (
        "Girls and boys, and each age group, are shown separately; groups of fewer than five "
        "young people are hidden so that nobody can be recognised."
    ),
    "plan": (
        "What did not work: two activities stalled when a partner lost its youth worker. The "
        "steering committee moved their budget to the wraparound hubs."
    ),
    "resources": "Partners pooled staff time, space and money; the foundation's grant is the largest single part.",
    "engagement": "Most partners now report on time; the backbone follows up with the others each month.",
}

NARRATIVES_FR = {
    "agenda": (
        "Les partenaires ont renouvelé le programme commun au printemps\u00a0: la vision n’a pas "
        "changé, l’étoile du Nord nomme désormais les deux quartiers où ont lieu la plupart des "
        "incidents."
    ),
    "headline": (
        "Les résultats d’abord\u00a0: moins de jeunes ont été accusés, et plus sont restés à "
        "l’école. Toutes les courbes ne s’infléchissent pas encore\u00a0; le tableau dit "
        "lesquelles, et les indicateurs choisis ci-dessous disent pourquoi."
    ),
    "indicators": (
        "De nombreux partenaires façonnent chaque résultat\u00a0: lisez les chiffres comme notre "
        "contribution commune, non comme l’effet d’un seul programme."
    ),
    "disaggregations": (
        "Les filles et les garçons, et chaque groupe d’âge, sont présentés séparément\u00a0; les "
        "groupes de moins de cinq jeunes sont masqués pour que personne ne puisse être reconnu."
    ),
    "plan": (
        "Ce qui n’a pas marché\u00a0: deux activités se sont arrêtées quand un partenaire a perdu "
        "son intervenant jeunesse. Le comité directeur a reporté leur budget sur les pôles de "
        "soutien intégré."
    ),
    "resources": (
        "Les partenaires ont mis en commun du temps de personnel, des locaux et de l’argent\u00a0; "
        "la subvention de la fondation en est la plus grande part."
    ),
    "engagement": (
        "La plupart des partenaires déclarent maintenant à temps\u00a0; l’organisation de "
        "soutien relance les autres chaque mois."
    ),
}
TITLE_FR = "Rapport annuel"
INTRO = "Where the partnership stands on its shared results, updated as partners report."
INTRO_FR = (
    "Où en est le partenariat sur ses résultats communs, mis à jour au fil des déclarations "
    "des partenaires."
)


def seed(collaborative: Collaborative) -> None:
    steward = User.objects.get(email="steward@demo.braid")
    access = access_for(steward, collaborative.slug)
    year = timezone.localdate().year
    for period, publish in ((str(year - 1), True), (str(year), False)):
        title = "Annual report"
        report = Report.objects.filter(
            collaborative=collaborative, title=title, period=period
        ).first()
        if report is None:
            report = services.report_create(
                access=access, title=title, title_fr=TITLE_FR, period=period, template="annual"
            )
            for key in report.sections:
                for lang, texts in (("en", NARRATIVES), ("fr", NARRATIVES_FR)):
                    if key in texts:
                        report = services.report_narrative_save(
                            access=access, report=report, section=key, text=texts[key], lang=lang
                        )
        if publish and not report.published:
            services.report_publish(access=access, report=report, public=True)
    _public_page(access)


def _public_page(access) -> None:  # type: ignore[no-untyped-def]
    """The demo's public results page, on, with every section and its headline indicators."""
    from braid.measures.models import Indicator
    from braid.reports.models import PublicPage
    from braid.reports.public import PUBLIC_SECTIONS

    if PublicPage.objects.filter(collaborative=access.collaborative).exists():
        return
    headline = Indicator.objects.filter(collaborative=access.collaborative).order_by("pk")[:6]
    services.public_page_save(
        access=access,
        enabled=True,
        sections=list(PUBLIC_SECTIONS),
        indicator_ids=[i.pk for i in headline],
        intro=INTRO,
        intro_fr=INTRO_FR,
    )

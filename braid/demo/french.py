"""The demo's content in French (braid.core.bilingual: `field_fr` beside `field`). Everything
the annual report prints from a two-language field has its French, so the French report
carries no English (issue 15); the fallback and its marker are shown by the tests."""

from __future__ import annotations

ISSUE_FR = "Prévenir la violence chez les jeunes par un accompagnement global des jeunes à risque"
STORY_FR = (  # the story behind the charges curve
    "Les orientations vers la déjudiciarisation ont doublé après la directive du nouveau"
    " surintendant\u00a0; les accusations ont baissé les mois suivants."
)

AGENDA_V2_FR = {
    "problem_fr": (
        "La violence impliquant des jeunes de 12 à 24 ans dans l’est de la ville augmente depuis "
        "trois ans, et les blessures par agression vues aux urgences ont crû d’un cinquième. Les "
        "services existent, mais chacun ne voit qu’un fragment de la vie d’un jeune et les "
        "orientations se perdent entre la police, les écoles, la santé et les organismes."
    ),
    "vision_fr": (
        "Chaque jeune de l’est de la ville est en sécurité, entouré et a un avenir à viser."
    ),
    "mission_fr": (
        "Les partenaires partagent un seul plan, une seule série de mesures et un seul parcours "
        "d’orientation."
    ),
    "values_fr": (
        "La voix des jeunes\u00a0; la prévention d’abord\u00a0; une responsabilité partagée\u00a0; "
        "l’équité\u00a0; des données fiables."
    ),
    "north_star_fr": (
        "Réduire de 30\u00a0% en trois ans le nombre de jeunes accusés d’une infraction avec "
        "violence."
    ),
    "urgency_fr": (
        "Le plan de sécurité de la ville est renouvelé au printemps et le fonds jeunesse de la "
        "Fondation Lakeview ouvre au même moment\u00a0: un plan commun maintenant façonne les deux."
    ),
}

FRAMINGS_FR = {
    "education": "garder chaque élève en classe et sur la voie du diplôme, en sécurité",
    "police_justice": "prévenir la délinquance avant qu’elle commence et éviter les accusations",
    "health": "soutenir la santé mentale des jeunes et leur rétablissement après un trauma",
    "philanthropy": "financer une prévention éprouvée et mesurable, menée ensemble",
}

STEERING_RULES_FR = {
    "meeting_frequency_fr": "Toutes les six semaines, et au besoin",
    "channels_fr": (
        "Braid pour les documents et les décisions\u00a0; le courriel pour les avis\u00a0; un "
        "calendrier partagé."
    ),
    "notes_fr": (
        "On cherche d’abord le consensus\u00a0; on ne vote que si le consensus échoue deux fois."
    ),
}
WORKING_RULES_FR = {"meeting_frequency_fr": "Tous les mois"}

BODY_PURPOSE_FR = {
    "Steering committee": (
        "Donne la direction, approuve le plan et le budget, et lève les obstacles."
    ),
    "Referral and diversion working group": (
        "Gère le parcours d’orientation et le protocole de déjudiciarisation."
    ),
}

TERMS_FR = {
    "data_sharing_fr": (
        "Les partenaires déclarent les mesures communes dans Braid en effectifs et pourcentages "
        "agrégés\u00a0; aucun renseignement personnel ne quitte un partenaire. Les effectifs "
        "inférieurs à cinq sont masqués dans toute vue partagée. Chaque partenaire reste "
        "propriétaire de ses données et peut les retirer."
    ),
    "term_and_exit_fr": (
        "Ces modalités courent jusqu’à la fin de la période ci-dessus et sont revues chaque année "
        "par le comité directeur. Un partenaire peut se retirer avec un préavis écrit de 60 "
        "jours\u00a0; ses engagements au plan d’action sont transmis avant son départ."
    ),
}

# Every indicator's name (the scorecard, the reports and the public page print them all).
INDICATOR_NAMES_FR = {
    "youth-charged-violent": "Jeunes accusés d’une infraction avec violence",
    "ed-assault-visits": "Visites aux urgences pour blessures par agression, 12 à 24 ans",
    "violent-suspensions": "Suspensions pour incidents violents",
    "youth-enrolled": "Jeunes inscrits au soutien intégré",
    "case-plan-30d": "Jeunes ayant un plan d’intervention dans les 30 jours",
    "counselling-sessions": "Séances de counseling offertes",
    "counselling-wait": "Attente médiane pour le counseling",
    "youth-placed-jobs": "Jeunes placés dans un emploi rémunéré",
    "job-retention-3m": "Jeunes placés toujours en emploi après trois mois",
    "diversion-referrals": "Orientations vers la déjudiciarisation plutôt que des accusations",
    "program-hours": "Heures de programmes en soirée dans les centres communautaires",
    "program-attendance": "Jeunes participant aux programmes en soirée",
    "school-attendance-90": "Élèves présents à au moins 90\u00a0% des jours de classe",
    "new-police-contact": "Jeunes inscrits ayant un nouveau contact avec la police en six mois",
    "mentoring-matches": "Jumelages de mentorat actifs",
    "diversion-rereferral": "Jeunes orientés de nouveau dans les 90 jours suivant la déjudiciarisation",
}

# The headline measure's definition as the demo's history rewrites it.
CHARGED_DEFINITION_FR = (
    "Jeunes de 12 à 24 ans accusés d’une infraction avec violence dans le mois, chacun compté "
    "une fois, selon les déclarations du service de police."
)


def indicator_definition_fr(name_fr: str) -> str:
    return f"{name_fr}, tel que déclaré par les partenaires qui offrent ou observent le service."

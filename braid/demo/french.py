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
    "title_fr": "Mandat de collaboration du Partenariat pour la sécurité des jeunes d’Eastside",
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

# The names of the breakdowns' dimensions and groups, in both languages (the codes stay).
DIMENSION_LABELS = {
    "gender": {"en": "Gender", "fr": "Genre"},
    "gender=girls": {"en": "Girls", "fr": "Filles"},
    "gender=boys": {"en": "Boys", "fr": "Garçons"},
}

# The headline measure's definition as the demo's history rewrites it.
CHARGED_DEFINITION_FR = (
    "Jeunes de 12 à 24 ans accusés d’une infraction avec violence dans le mois, chacun compté "
    "une fois, selon les déclarations du service de police."
)


def indicator_definition_fr(name_fr: str) -> str:
    return f"{name_fr}, tel que déclaré par les partenaires qui offrent ou observent le service."


# The action plan in French (ADR 0015): activity and milestone titles by their English title.
ACTIVITY_TITLES_FR = {
    "Pre-charge diversion for first offences": "Déjudiciarisation avant accusation des premières"
    " infractions",
    "72-hour referral pathway": "Parcours d’orientation en 72\u00a0heures",
    "Hospital violence intervention programme": "Programme d’intervention en milieu hospitalier",
    "Restorative practices in four secondary schools": "Pratiques réparatrices dans quatre écoles"
    " secondaires",
    "After-school mentoring for youth at risk": "Mentorat après l’école pour les jeunes à risque",
    "Youth mentoring programme in community centres": "Programme de mentorat dans les centres"
    " communautaires",
    "Summer jobs for youth": "Emplois d’été pour les jeunes",
    "Employer network for second chances": "Réseau d’employeurs de la deuxième chance",
    "Late-night basketball": "Basketball de fin de soirée",
    "Neighbourhood safety walks": "Marches de sécurité dans les quartiers",
    "Shared data dashboard": "Tableau de bord des données partagées",
}
MILESTONE_TITLES_FR = {
    "Diversion protocol signed": "Protocole de déjudiciarisation signé",
    "Half of eligible cases diverted": "La moitié des cas admissibles déjudiciarisés",
    "Every eligible case offered diversion": "Déjudiciarisation offerte à chaque cas admissible",
    "Shared referral form in use": "Formulaire d’orientation commun en usage",
    "Triage call every weekday": "Appel de triage chaque jour de semaine",
    "Youth worker hired": "Intervenant jeunesse embauché",
    "First 50 young people followed": "50 premiers jeunes suivis",
    "Staff trained in two schools": "Personnel formé dans deux écoles",
    "Staff trained in four schools": "Personnel formé dans quatre écoles",
    "40 mentors trained": "40 mentors formés",
    "100 active matches": "100 jumelages actifs",
    "Mentor recruitment drive": "Campagne de recrutement de mentors",
    "30 employers signed up": "30 employeurs inscrits",
    "60 youth placed": "60 jeunes placés",
    "Ten employers commit": "Dix employeurs s’engagent",
    "Second gym opens": "Ouverture d’un deuxième gymnase",
    "First quarterly scorecard": "Premier tableau de bord trimestriel",
}
# What each funder expects, in French, by its English wording.
DEADLINE_TITLES_FR = {
    "Mid-year narrative report": "Rapport narratif de mi-année",
    "Annual scorecard and financial report": "Tableau de bord annuel et rapport financier",
    "Renewal application": "Demande de renouvellement",
    "Progress report to council": "Rapport d’étape au conseil municipal",
    "Plan renewal consultation": "Consultation sur le renouvellement du plan",
    "Quarterly diversion counts": "Décomptes trimestriels des déjudiciarisations",
}


# The results chain in French (ADR 0015): goals by their English title, and each objective's
# title, means and evaluation method by its English title.
GOAL_TITLES_FR = {
    "Fewer young people involved in violence": "Moins de jeunes impliqués dans la violence",
    "Young people connected to school, work and trusted adults": "Des jeunes liés à l’école, au"
    " travail et à des adultes de confiance",
}
OBJECTIVES_FR = {
    "Divert young people from charges to support": (
        "Orienter les jeunes vers du soutien plutôt que vers des accusations",
        "Agents de déjudiciarisation de la police\u00a0; un formulaire d’orientation commun\u00a0;"
        " des intervenants en accompagnement global.",
        "Orientations vers la déjudiciarisation et nouveaux contacts policiers des jeunes inscrits"
        " (mesures partagées).",
    ),
    "Reduce assault injuries among 12–24 year olds": (
        "Réduire les blessures par agression chez les 12 à 24\u00a0ans",
        "Intervenant en violence en milieu hospitalier\u00a0; entente de partage de données avec"
        " l’urgence.",
        "Visites à l’urgence pour blessures par agression, chaque trimestre, comparées à la"
        " prévision de référence.",
    ),
    "Keep at-risk students in school": (
        "Garder à l’école les élèves à risque",
        "Travailleurs sociaux scolaires\u00a0; formation du personnel aux pratiques réparatrices.",
        "Suspensions et assiduité, selon le conseil scolaire, à chaque étape.",
    ),
    "Match every enrolled young person with a mentor": (
        "Jumeler chaque jeune inscrit avec un mentor",
        "Mentors bénévoles, filtrage et formation\u00a0; une coordonnatrice au réseau.",
        "Jumelages actifs et sondage auprès des mentorés deux fois par année.",
    ),
    "Open paths to paid work": (
        "Ouvrir des chemins vers l’emploi rémunéré",
        "Employeurs partenaires\u00a0; accompagnement à l’emploi\u00a0; subventions salariales de"
        " la fondation.",
        "Placements et maintien en emploi, selon Pathways, chaque trimestre.",
    ),
    "Safe evening spaces in every east-side neighbourhood": (
        "Des lieux sûrs en soirée dans chaque quartier de l’est",
        "Personnel des parcs, intervenants jeunesse, locaux dans les centres communautaires.",
        "Heures de programme et fréquentation\u00a0; un sondage auprès des résidents.",
    ),
    "Bring youth voice into the partnership's decisions": (
        "Faire entendre la voix des jeunes dans les décisions du partenariat",
        "Honoraires pour les jeunes conseillers\u00a0; un intervenant jeunesse pour les soutenir.",
        "Présence des jeunes conseillers\u00a0; décisions modifiées après leurs avis.",
    ),
}

# The indicators' units in French, by their English unit ("%" is the same in both).
UNITS_FR = {
    "days": "jours",
    "hours": "heures",
    "matches": "jumelages",
    "referrals": "orientations",
    "sessions": "séances",
    "suspensions": "suspensions",
    "visits": "visites",
    "youth": "jeunes",
    "young people": "jeunes",
}

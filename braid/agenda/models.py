"""Design: the common agenda, its results chain, the action plan, governance, roles, rules of
procedure, resources and the terms of reference.

Everything here belongs to one collaborative (TenantModel). The common agenda and the terms of
reference are versioned: a save makes a new row and never edits an old one, so endorsements and
signatures always point at the exact text that was endorsed or signed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.removal import LiveUnderManager, Removable
from braid.collaboratives.tenancy import TenantModel
from braid.core import bilingual

USER = settings.AUTH_USER_MODEL


# --- Common agenda -------------------------------------------------------------------------


class AgendaVersion(TenantModel):
    """One saved version of the common agenda. The current agenda is the highest number."""

    number = models.PositiveIntegerField(_("version"))
    problem = models.TextField(_("problem statement"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    values = models.TextField(_("values"), blank=True)
    north_star = models.TextField(_("North Star goal"), blank=True)
    urgency = models.TextField(_("case for urgency"), blank=True)
    problem_fr = models.TextField(_("problem statement, in French"), blank=True)
    vision_fr = models.TextField(_("vision, in French"), blank=True)
    mission_fr = models.TextField(_("mission, in French"), blank=True)
    values_fr = models.TextField(_("values, in French"), blank=True)
    north_star_fr = models.TextField(_("North Star goal, in French"), blank=True)
    urgency_fr = models.TextField(_("case for urgency, in French"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    change_note_fr = models.CharField(_("what changed, in French"), max_length=300, blank=True)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Each is written in English and French (`problem`, `problem_fr`: braid.core.bilingual).
    TEXT_FIELDS = ("problem", "vision", "mission", "values", "north_star", "urgency")
    STORED_FIELDS = bilingual.both(TEXT_FIELDS)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="agenda_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @classmethod
    def label(cls, field: str) -> str:
        """The translated name of one of TEXT_FIELDS, as forms, history, conflicts, reports and
        the public page show it (capitalised: it heads what follows)."""
        return capfirst(str(cls._meta.get_field(field).verbose_name))  # type: ignore[union-attr]


class Endorsement(TenantModel):
    """A partner organisation's endorsement of one version of the common agenda."""

    version = models.ForeignKey(
        AgendaVersion, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="endorsements"
    )
    endorsed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    endorsed_by_name = models.CharField(_("endorsed by"), max_length=200)
    endorsed_at = models.DateTimeField(default=timezone.now)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["endorsed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "version", "organisation"],
                name="endorsement_once_per_version",
            )
        ]


# --- Results chain --------------------------------------------------------------------------


class Goal(TenantModel):
    # Written in both languages (ADR 0015): `x` in English, `x_fr` in French; one title will do.
    TEXTS = ("title", "description")
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description, in French"), blank=True)
    position = models.PositiveIntegerField(default=0)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["collaborative", "position"])]

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Objective(TenantModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    # Written in both languages (ADR 0015): `x` in English, `x_fr` in French; one title will do.
    TEXTS = ("title", "means", "evaluation_method")
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=300, blank=True)
    horizon = models.CharField(
        _("horizon"), max_length=8, choices=Horizon.choices, default=Horizon.SHORT
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    means = models.TextField(_("means and resources needed"), blank=True)
    means_fr = models.TextField(_("means and resources needed, in French"), blank=True)
    evaluation_method = models.TextField(_("evaluation method"), blank=True)
    evaluation_method_fr = models.TextField(_("evaluation method, in French"), blank=True)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["collaborative", "goal"])]

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


class ExpectedResult(TenantModel):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="expected_results"
    )
    text = models.CharField(_("expected result"), max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


# --- Governance -----------------------------------------------------------------------------


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    CONSENT = "consent", _("Consent (no reasoned objection)")
    MAJORITY = "majority", _("Majority vote with quorum")


class RulesOfProcedure(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    decision_method = models.CharField(
        _("decision method"), max_length=10, choices=DecisionMethod.choices
    )
    quorum_pct = models.PositiveSmallIntegerField(
        _("quorum (% of members present)"), null=True, blank=True
    )
    majority_pct = models.PositiveSmallIntegerField(
        _("majority needed (% of votes cast)"), null=True, blank=True
    )
    meeting_frequency = models.CharField(_("meeting frequency"), max_length=200, blank=True)
    meeting_frequency_fr = models.CharField(
        _("meeting frequency, in French"), max_length=200, blank=True
    )
    channels = models.TextField(_("communication channels"), blank=True)
    channels_fr = models.TextField(_("communication channels, in French"), blank=True)
    agenda_drafted_by = models.CharField(_("who drafts agendas"), max_length=200, blank=True)
    agenda_notice_days = models.PositiveSmallIntegerField(
        _("agenda circulated this many days before"), null=True, blank=True
    )
    minutes_taken_by = models.CharField(_("who takes minutes"), max_length=200, blank=True)
    notes = models.TextField(_("other rules"), blank=True)
    notes_fr = models.TextField(_("other rules, in French"), blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    STEERING = "steering", _("Steering committee")
    WORKING_GROUP = "working_group", _("Working group")
    ADVISORY = "advisory", _("Advisory group")
    OTHER = "other", _("Other body")


class GovernanceBody(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_fr = models.TextField(_("purpose, in French"), blank=True)
    member_organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="bodies", verbose_name=_("members")
    )
    member_contacts = models.ManyToManyField(
        "partners.Contact", blank=True, related_name="bodies", verbose_name=_("people")
    )
    chair = models.ForeignKey(
        "partners.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    rules = models.ForeignKey(
        RulesOfProcedure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("rules of procedure"),
    )

    class Meta:
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


# --- Action plan ----------------------------------------------------------------------------


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    STALLED = "stalled", _("Stalled")
    DROPPED = "dropped", _("Dropped")


class Activity(Removable):
    """One of the mutually reinforcing activities: led by one organisation, serving objectives.
    Removing one can be undone for a while (`Removable`); its milestones, notes and
    responsibilities hide with it (`LiveUnderActivity`)."""

    # The title in both languages (ADR 0015): `title` in English, `title_fr` in French; one will do.
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead organisation"),
    )
    supporters = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="supported_activities",
        verbose_name=_("supporting organisations"),
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="activities", verbose_name=_("objectives served")
    )
    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("owned by"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start", "title", "pk"]
        indexes = [models.Index(fields=["collaborative", "lead"])]

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


class MilestoneKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone")
    INTERIM_GOAL = "interim", _("Interim goal")


class LiveUnderActivity(LiveUnderManager):
    """The default manager of what hangs off an activity: a removed activity's milestones,
    notes and responsibilities leave every list with it and come back with it."""

    parent = "activity"


class Milestone(TenantModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    objects = LiveUnderActivity()  # type: ignore[misc]
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MilestoneKind.choices, default=MilestoneKind.MILESTONE
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


class ProgressNote(TenantModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    objects = LiveUnderActivity()  # type: ignore[misc]
    text = models.TextField(_("progress note"))
    status = models.CharField(max_length=10, choices=ActivityStatus.choices)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class Responsibility(TenantModel):
    """One cell of the responsibility matrix: an organisation's part in an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="responsibilities"
    )
    objects = LiveUnderActivity()  # type: ignore[misc]
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="responsibilities"
    )
    role = models.CharField(_("role"), max_length=1, choices=Raci.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "activity", "organisation"],
                name="one_raci_role_per_cell",
            )
        ]


# --- Roles and structure --------------------------------------------------------------------


class LeadershipTitle(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    WG_LEAD = "wg_lead", _("Working-group lead")
    OTHER = "other", _("Other leadership role")


class LeadershipRole(TenantModel):
    title = models.CharField(_("role"), max_length=10, choices=LeadershipTitle.choices)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leaders",
        verbose_name=_("body"),
    )
    person = models.CharField(_("person"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="leadership_roles",
        verbose_name=_("organisation"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        ordering = ["body", "title", "term_start", "pk"]


class BackboneFunction(models.TextChoices):
    VISION = "vision", _("Guide vision and strategy")
    ACTIVITIES = "activities", _("Support aligned activities")
    MEASUREMENT = "measurement", _("Establish shared measurement practices")
    PUBLIC_WILL = "public_will", _("Build public will")
    POLICY = "policy", _("Advance policy")
    FUNDING = "funding", _("Mobilise funding")


class BackboneAssignment(TenantModel):
    function = models.CharField(_("function"), max_length=12, choices=BackboneFunction.choices)
    assignee = models.CharField(_("assigned to"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    notes = models.TextField(_("how"), blank=True)

    class Meta:
        ordering = ["function"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "function"], name="one_assignee_per_backbone_function"
            )
        ]


# --- Resources ------------------------------------------------------------------------------


class ContributionKind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    STAFF = "staff", _("Staff time")
    IN_KIND = "in_kind", _("In-kind")
    DATA = "data", _("Data")
    SPACE = "space", _("Space")


class Contribution(TenantModel):
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ContributionKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    class Meta:
        ordering = ["period_start", "pk"]


class FundingSource(TenantModel):
    funder = models.CharField(_("funder"), max_length=200)
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    reporting_requirements = models.TextField(_("reporting requirements"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["funder", "pk"]

    def __str__(self) -> str:
        return self.funder


class FundingDeadline(TenantModel):
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="deadlines")
    # What is due in both languages (ADR 0015): `title` in English, `title_fr` in French.
    title = models.CharField(_("what is due"), max_length=300, blank=True)
    title_fr = models.CharField(_("what is due, in French"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


# --- Terms of reference ---------------------------------------------------------------------


class TermsVersion(TenantModel):
    """An issued version of the terms of reference: the collaborative's data at that moment,
    frozen in `snapshot`, plus the clauses only the terms themselves carry."""

    number = models.PositiveIntegerField(_("version"))
    # The title in both languages (ADR 0015): one of the two is required (the service checks).
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=200, blank=True)
    data_sharing = models.TextField(_("data sharing"), blank=True)
    data_sharing_fr = models.TextField(_("data sharing, in French"), blank=True)
    term_and_exit = models.TextField(_("term and exit"), blank=True)
    term_and_exit_fr = models.TextField(_("term and exit, in French"), blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    snapshot = models.JSONField(default=dict)
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="terms_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{bilingual.pick(self, 'title').text} v{self.number}"


class Signature(TenantModel):
    terms = models.ForeignKey(TermsVersion, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="signatures"
    )
    signed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    signatory = models.CharField(_("signed by"), max_length=200)
    signatory_title = models.CharField(_("title"), max_length=200, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "terms", "organisation"],
                name="one_signature_per_version",
            )
        ]

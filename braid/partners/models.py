"""Organisations around the issue: the register, contacts, outreach, stakeholder analysis,
sector framings, the context scan and reported levels of collaboration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.removal import Removable
from braid.collaboratives.tenancy import TenantModel


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NONPROFIT = "nonprofit", _("Non-profit")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education")
    POLICE_JUSTICE = "police_justice", _("Police and justice")
    HEALTH = "health", _("Health")
    CITY_PLANNING = "city_planning", _("City planning")
    COMMUNITY = "community", _("Community and residents")
    PHILANTHROPY = "philanthropy", _("Philanthropy and funders")
    OTHER = "other", _("Other")


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    PARTNER = "partner", _("Partner")
    INACTIVE = "inactive", _("Inactive")
    DECLINED = "declined", _("Declined")


class PartnerRole(models.TextChoices):
    BACKBONE = "backbone", _("Backbone")
    LEAD = "lead_partner", _("Lead partner")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    CHAMPION = "champion", _("Champion or sponsor")


class Size(models.TextChoices):
    SMALL = "small", _("Small (under 20 staff)")
    MEDIUM = "medium", _("Medium (20 to 199 staff)")
    LARGE = "large", _("Large (200 staff or more)")


class CustomSector(TenantModel):
    """A sector a collaborative adds to the built-in list (e.g. "faith communities")."""

    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "code"], name="custom_sector_code")
        ]

    def __str__(self) -> str:
        return self.label


class Organisation(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False)
    sector = models.CharField(_("sector"), max_length=40, default=Sector.OTHER)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.PROSPECT
    )
    role = models.CharField(
        _("role in the collaborative"), max_length=20, choices=PartnerRole.choices, blank=True
    )
    mandate = models.TextField(_("mandate"), blank=True)
    priorities = models.TextField(
        _("stated priorities"), blank=True, help_text=_("In the organisation's own words.")
    )
    website = models.URLField(_("website"), blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    reported_level = models.PositiveSmallIntegerField(_("reported level"), null=True, blank=True)
    reported_level_note = models.TextField(_("note on the reported level"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "normalised_name"], name="organisation_unique_name"
            )
        ]
        indexes = [models.Index(fields=["collaborative", "status"])]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Contact(Removable):
    """Someone to reach at an organisation. Removing one can be undone for a while
    (`Removable`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)  # blank: a general address
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["collaborative", "organisation"])]

    def __str__(self) -> str:
        return self.name or self.email or self.phone


class Channel(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class OutreachEntry(TenantModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outreach"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reached_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reached out by"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    offered = models.TextField(_("what we offered"), blank=True)
    asked = models.TextField(_("what we asked"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["collaborative", "organisation", "-date"]),
            models.Index(fields=["collaborative", "follow_up_done", "follow_up_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.date}"


class Stance(models.TextChoices):
    CHAMPION = "champion", _("Champion")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTIC = "sceptic", _("Sceptic")
    OPPONENT = "opponent", _("Opponent")


class StakeholderRating(TenantModel):
    """One rating of an organisation; ratings are never edited, so the history stays."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ratings")
    influence = models.PositiveSmallIntegerField(_("influence over the issue (1–5)"))
    proximity = models.PositiveSmallIntegerField(
        _("proximity to key stakeholders and institutions (1–5)")
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    interests = models.TextField(_("interests"), blank=True)
    apprehensions = models.TextField(_("apprehensions"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["collaborative", "organisation", "-rated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    influence__gte=1, influence__lte=5, proximity__gte=1, proximity__lte=5
                ),
                name="rating_between_1_and_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.influence}/{self.proximity}"


class SectorFraming(TenantModel):
    """How the collaborative's issue is put in one sector's own priorities (seed 003)."""

    sector = models.CharField(_("sector"), max_length=40)
    framing = models.TextField(
        _("framing"),
        help_text=_("E.g. for schools: “support students at risk whose housing is unstable”."),
    )
    framing_fr = models.TextField(_("framing, in French"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sector"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "sector"], name="framing_per_sector")
        ]

    def __str__(self) -> str:
        return self.sector


class Category(models.TextChoices):
    POLITICS = "politics", _("Politics")
    PEOPLE = "people", _("People")
    POWER = "power", _("Power")


class Effect(models.TextChoices):
    OPENS = "opens", _("Opens a window")
    CLOSES = "closes", _("Closes a window")


class ContextFactor(TenantModel):
    """A dated fact of the context: an election, a budget cycle, a new police chief, a crisis."""

    date = models.DateField(_("date"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    effect = models.CharField(_("effect"), max_length=8, choices=Effect.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["collaborative", "date"])]

    def __str__(self) -> str:
        return self.title

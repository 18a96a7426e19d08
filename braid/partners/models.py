"""Organisations around the issue: the register every other module points to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class Organisation(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False)
    sector = models.CharField(_("sector"), max_length=40, default=Sector.OTHER)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.PROSPECT
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "normalised_name"], name="organisation_unique_name"
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

"""The tenant (a collaborative), who belongs to it, invitations, the audit log and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.tenancy import TenantModel


class Role(models.TextChoices):
    STEWARD = "steward", _("Steward")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")


class Collaborative(models.Model):
    """One cross-sector collaboration: the tenant every other row belongs to."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    # The issue in both languages (ADR 0015): `issue` in English, `issue_fr` in French.
    issue = models.CharField(
        _("issue"), max_length=300, blank=True, help_text=_("The problem you work on together.")
    )
    issue_fr = models.CharField(_("issue, in French"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    suppression_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=5,
        help_text=_("Counts below this are hidden in shared views."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size for survey results"), default=3
    )
    shares_stakeholder_analysis = models.BooleanField(
        _("partners and viewers see the stakeholder analysis"),
        default=False,
        help_text=_(
            "Stakeholder ratings (influence, proximity, stance, interests, apprehensions) and"
            " contacts' e-mail addresses and phone numbers. Off: stewards only."
        ),
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collaborative")
        verbose_name_plural = _("collaboratives")

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A user's role in one collaborative; partners act for one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "user"], name="membership_one_per_user"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(organisation__isnull=False),
                name="membership_partner_has_organisation",
            ),
        ]
        indexes = [models.Index(fields=["collaborative", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Invitation(TenantModel):
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["collaborative", "email"])]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEvent(TenantModel):
    """Who changed what, when: membership changes and every later module's sensitive writes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set when the change came from the command line ("braid import values FILE"), not a person.
    via = models.CharField(max_length=300, blank=True, default="")
    action = models.CharField(max_length=64)  # entity.verb, see braid.collaboratives.audit
    summary = models.CharField(max_length=300, blank=True, default="")  # fallback, English
    details = models.JSONField(default=dict, blank=True)  # the action's parameters
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collaborative", "-created_at"])]

    def __str__(self) -> str:
        return self.summary


class Notice(TenantModel):
    """Something a member should know (their report was returned), shown on their home page
    until they open or dismiss it. Worded like an audit line: an action and its parameters,
    rendered in the reader's language (braid.collaboratives.audit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    summary = ""  # no stored fallback: the vocabulary words it

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collaborative", "user", "seen_at"])]

    def __str__(self) -> str:
        return self.action

"""The networks module's own records: the lessons-learned and wins logs, and target levels of
collaboration per partner or pair. The networks themselves are computed from other modules'
data (agenda activities, survey ratings, meeting attendance), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.removal import Removable
from braid.collaboratives.tenancy import TenantModel
from braid.core import bilingual


class EntryKind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    WIN = "win", _("Win")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members of the collaborative")
    PUBLIC = "public", _("Public (the public results page)")


class LogEntry(Removable):
    """One lesson learned (what happened, what we learned, what we will do differently) or one
    win (an early win or milestone to celebrate), linked to what it is about. Removing one
    can be undone for a while (`Removable`)."""

    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    # Texts in both languages (ADR 0015): `x` in English, `x_fr` in French, either may be empty.
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=200, blank=True)
    happened_on = models.DateField(_("when"))
    what_happened = models.TextField(_("what happened"), blank=True)
    what_happened_fr = models.TextField(_("what happened, in French"), blank=True)
    learned = models.TextField(_("what we learned"), blank=True)
    learned_fr = models.TextField(_("what we learned, in French"), blank=True)
    do_differently = models.TextField(_("what we will do differently"), blank=True)
    do_differently_fr = models.TextField(_("what we will do differently, in French"), blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written for"),
    )
    activities = models.ManyToManyField(
        "agenda.Activity", blank=True, related_name="+", verbose_name=_("activities")
    )
    indicators = models.ManyToManyField(
        "measures.Indicator", blank=True, related_name="+", verbose_name=_("indicators")
    )
    # What it was recorded from (a pair that sees its collaboration differently in a survey
    # round, a collaboration-health signal): the link's text and a path inside Braid.
    source_label = models.CharField(_("recorded from"), max_length=300, blank=True)
    source_url = models.CharField(
        _("link to what it was recorded from"), max_length=500, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["collaborative", "kind", "happened_on"])]

    TEXTS = ("title", "what_happened", "learned", "do_differently")

    def __str__(self) -> str:
        return bilingual.pick(self, "title").text


class TargetLevel(TenantModel):
    """The level of collaboration the plan aims for: one partner's (with the collaborative) or
    one pair's ("police and schools reach coordination by June")."""

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("target level"))
    by = models.DateField(_("by"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "organisation"],
                condition=Q(partner__isnull=True),
                name="target_level_one_per_partner",
            ),
            models.UniqueConstraint(
                fields=["collaborative", "organisation", "partner"],
                condition=Q(partner__isnull=False),
                name="target_level_one_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="target_level_in_range"
            ),
        ]


class HealthSharing(TenantModel):
    """Whether members see every partner's collaboration health (the stewards choose; by
    default a partner sees only its own and a viewer only the collaborative's)."""

    shared = models.BooleanField(_("members see every partner's health"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaborative"], name="health_sharing_one")]

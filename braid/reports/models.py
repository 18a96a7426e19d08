"""Reports (a period, chosen sections, a narrative per section, a frozen snapshot once
published) and the public results page's choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.tenancy import TenantModel


class Template(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    QUARTERLY = "quarterly", _("Quarterly update")
    FUNDER = "funder", _("Funder report")
    CUSTOM = "custom", _("Custom report")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# The longest narrative of a report section, or introduction of the public page.
NARRATIVE_MAX = 20_000


class Report(TenantModel):
    """A report for a period. While a draft it reads the data live; publishing freezes what it
    shows (both languages) in `snapshot`, which later changes to the data do not touch."""

    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title, in French"), max_length=200, blank=True)
    template = models.CharField(
        _("template"), max_length=12, choices=Template.choices, default=Template.CUSTOM
    )
    funding_source = models.ForeignKey(
        "agenda.FundingSource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding source"),
    )
    period = models.CharField(
        _("period"), max_length=20, help_text=_("2026, 2026-Q4, 2026-H1 or 2026-03")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    sections = models.JSONField(_("sections"), default=list)
    indicator_ids = models.JSONField(_("indicators"), default=list)
    # Each section's narrative by key, in English and in French (ADR 0015: `x` and `x_fr`).
    narratives = models.JSONField(_("narratives"), default=dict)
    narratives_fr = models.JSONField(_("narratives, in French"), default=dict, blank=True)
    # How many times each narrative was saved, by "<lang>:<section>": the autosave sends the
    # count it loaded, so a steward's stale tab cannot overwrite another's newer text.
    narrative_versions = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    public = models.BooleanField(_("on the public page"), default=False)
    snapshot = models.JSONField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "title", "period"], name="report_title_period"
            )
        ]
        indexes = [models.Index(fields=["collaborative", "status", "end"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def narrative_version(self, section: str, lang: str) -> int:
        """The version of one section's narrative in one language (0: never saved)."""
        return int((self.narrative_versions or {}).get(f"{lang}:{section}", 0))

    @property
    def published(self) -> bool:
        return self.status == Status.PUBLISHED


class PublicPage(TenantModel):
    """What the collaborative shows at /p/<slug>/: opt-in, section by section and indicator
    by indicator. Read through the public audience (approved figures, small counts hidden)."""

    enabled = models.BooleanField(_("public page on"), default=False)
    sections = models.JSONField(_("sections shown"), default=list)
    indicator_ids = models.JSONField(_("indicators shown"), default=list)
    intro = models.TextField(_("introduction"), blank=True)
    intro_fr = models.TextField(_("introduction, in French"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaborative"], name="public_page_one")]

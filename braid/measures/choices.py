"""The choices of the shared-measures models (indicator kinds, quadrants, directions,
aggregation rules, frequencies, powers, tiers, report statuses)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    POPULATION = "population", _("Population indicator")
    PERFORMANCE = "performance", _("Performance measure")


class Quadrant(models.TextChoices):
    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF_COUNT = "better_off_count", _("Is anyone better off? (count)")
    BETTER_OFF_PCT = "better_off_pct", _("Is anyone better off? (percentage)")


class Direction(models.TextChoices):
    UP = "up", _("Up is good")
    DOWN = "down", _("Down is good")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean (pooled numerators and denominators)")
    MEAN = "mean", _("Mean")
    LATEST = "latest", _("Latest")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    SCHOOL_YEAR = "school_year", _("School year")


class Power(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Tier(models.TextChoices):
    HEADLINE = "headline", _("Headline")
    SECONDARY = "secondary", _("Secondary")
    DEVELOPMENT = "development", _("Data development")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class ValuePath(models.TextChoices):
    """The way a figure was written, kept with each change of it."""

    FORM = "form", _("Form")
    UPLOAD = "upload", _("File upload")
    API = "api", _("API")
    CLI = "cli", _("Command line")

"""Shared measures: indicators, reporting periods, targets, partner submissions and values.

The value table is the high-volume one: its foreign keys carry no database constraint (see
docs/adr/0005-value-table.md); the import's joins, the services and `braid check_values` keep it
consistent, and indicators or organisations with values are archived, never deleted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.tenancy import TenantModel
from braid.core import bilingual
from braid.measures.choices import (
    Aggregation,
    Direction,
    Frequency,
    Kind,
    Power,
    Quadrant,
    SubmissionStatus,
    Tier,
    ValuePath,
)


class Period(TenantModel):
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    code = models.CharField(
        _("code"), max_length=12, help_text=_("2026-03, 2026-Q1, 2026 or 2025-26")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["start", "frequency"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "code"], name="period_code"),
        ]
        indexes = [models.Index(fields=["collaborative", "frequency", "start"])]

    def __str__(self) -> str:
        return self.code


class Indicator(TenantModel):
    code = models.SlugField(_("code"), max_length=40, help_text=_("Short code used in files."))
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("plain-language definition"), blank=True)
    technical_definition = models.TextField(_("technical definition"), blank=True)
    # Written in English and French (braid.core.bilingual); either name will do.
    name_fr = models.CharField(_("name, in French"), max_length=200, blank=True)
    definition_fr = models.TextField(_("plain-language definition, in French"), blank=True)
    technical_definition_fr = models.TextField(_("technical definition, in French"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.PERFORMANCE
    )
    quadrant = models.CharField(
        _("quadrant"), max_length=20, choices=Quadrant.choices, default=Quadrant.HOW_MUCH
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_fr = models.CharField(_("unit, in French"), max_length=40, blank=True)  # ADR 0015
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    aggregation = models.CharField(
        _("aggregation across partners"),
        max_length=14,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    min_value = models.FloatField(_("lowest plausible value"), null=True, blank=True)
    max_value = models.FloatField(_("highest plausible value"), null=True, blank=True)
    disaggregations = models.JSONField(
        _("disaggregations"),
        default=dict,
        blank=True,
        help_text=_('Dimensions and their values, e.g. {"age": ["12-15", "16-18"]}.'),
    )
    # What readers see for each code above, in both languages (braid.measures.dimensions):
    # {"sex": {"en": "Sex", "fr": "Sexe"}, "sex=girls": {"en": "Girls", "fr": "Filles"}}.
    disaggregation_labels = models.JSONField(
        _("names of the dimensions and groups"), default=dict, blank=True
    )
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("baseline period"),
    )
    communication_power = models.CharField(
        _("communication power"), max_length=6, choices=Power.choices, blank=True
    )
    proxy_power = models.CharField(
        _("proxy power"), max_length=6, choices=Power.choices, blank=True
    )
    data_power = models.CharField(_("data power"), max_length=6, choices=Power.choices, blank=True)
    tier = models.CharField(_("list"), max_length=12, choices=Tier.choices, default=Tier.SECONDARY)
    reporters = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="indicators",
        verbose_name=_("partners who report it"),
    )
    objectives = models.ManyToManyField(
        "agenda.Objective", blank=True, related_name="indicators", verbose_name=_("objectives")
    )
    position = models.PositiveIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Raised by every edit: a save made from an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "code"], name="indicator_code"),
        ]

    def __str__(self) -> str:
        """The name in the reader's language, else the other one (plain text)."""
        return bilingual.pick(self, "name").text

    @property
    def shown_unit(self) -> str:
        """What its figures are counted in, as a chart's axis or a figure's suffix writes it:
        "%" for a percentage, else the unit in the reader's language or the other (ADR 0015)."""
        return "%" if self.is_percentage else bilingual.pick(self, "unit").text

    @property
    def is_percentage(self) -> bool:
        """Reported as numerator and denominator, shown as a percentage."""
        return (
            self.quadrant == Quadrant.BETTER_OFF_PCT
            or self.aggregation == Aggregation.WEIGHTED_MEAN
        )


class IndicatorChange(TenantModel):
    """One field of an indicator changed by one edit: who, when, before, after."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["collaborative", "indicator", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.field}: {self.before} → {self.after}"


class Target(TenantModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("target"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "indicator", "period"], name="target_per_period"
            )
        ]


class Submission(TenantModel):
    """One organisation's report for one period: shared by everyone reporting for it."""

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "organisation", "period"], name="submission_per_period"
            )
        ]
        indexes = [models.Index(fields=["collaborative", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.period}"

    def about(self) -> dict[str, Any]:
        """The audit (and notice) parameters naming this report: id, organisation, period."""
        return {
            "submission": self.pk,
            "organisation": str(self.organisation),
            "period": str(self.period),
        }


class Value(models.Model):
    """One figure: (indicator, organisation, period, disaggregation). `disaggregation` is ""
    for the total, or "dimension=value" for one part.

    The primary key is that key itself, behind the collaborative: no surrogate id, no database
    foreign keys and no other index, because each one costs every bulk import (docs/adr/0005).
    On SQLite the table is `WITHOUT ROWID`, so the key is the table. Reads by organisation and
    period name the indicators too (`indicator_id__in`), which the key serves."""

    pk = models.CompositePrimaryKey(
        "collaborative", "indicator", "period", "organisation", "disaggregation"
    )

    collaborative = models.ForeignKey(
        "collaboratives.Collaborative",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="values",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    period = models.ForeignKey(
        Period, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    disaggregation = models.CharField(max_length=80, default="", blank=True)
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by_id = models.IntegerField(null=True)
    # The first entry, which the value history shows as its first line (braid.measures.history):
    # kept here, not as a history row, so an import writes one row per new figure, not two.
    # An insert writes the way only: until the figure first changes, its first entry is its
    # last write (`updated_*`), and the first change keeps it (`first_entry`), so an import
    # writes no more per row than before. A way of "" and no `created_at`: no first entry known
    # (seeded figures); figures from before 0012 carry an approximation, and no way.
    created_at = models.DateTimeField(null=True)
    created_by_id = models.IntegerField(null=True)
    created_way = models.CharField(max_length=10, choices=ValuePath.choices, blank=True)

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.organisation_id}/{self.period_id}: {self.value}"

    @staticmethod
    def first_entry() -> dict[str, Any]:
        """When and by whom the figure was first entered, as expressions over its row (the
        import's upsert writes the same in SQL, `imports.writers._UPSERT`)."""
        unchanged = models.Q(created_at__isnull=True)
        return {
            "created_at": Coalesce("created_at", "updated_at"),
            "created_by_id": models.Case(
                models.When(unchanged, then="updated_by_id"), default="created_by_id"
            ),
        }


def after_key(key: tuple[int, int, int, str]) -> RawSQL:
    """Values after (indicator, period, organisation, disaggregation) in key order, within a
    collaborative: a row-value comparison, which both databases read as a range of the primary
    key. (Django spells `pk__gt` on SQLite as a chain of ORs, which SQLite answers by reading
    the collaborative's values from the start: a deep page took five times the first.)"""
    table = Value._meta.db_table
    columns = ", ".join(
        f'"{table}"."{c}"'
        for c in ("indicator_id", "period_id", "organisation_id", "disaggregation")
    )
    # Column names are constants; the key goes as parameters.
    return RawSQL(f"({columns}) > (%s, %s, %s, %s)", key, output_field=models.BooleanField())  # noqa: S611


class ValueHistory(models.Model):
    """Nothing is overwritten: every change of a value keeps who, when, before, after, why."""

    collaborative_id = models.BigIntegerField()
    indicator_id = models.BigIntegerField()
    organisation_id = models.BigIntegerField()
    period_id = models.BigIntegerField()
    disaggregation = models.CharField(max_length=80, default="")
    before = models.FloatField(null=True)
    after = models.FloatField(null=True)
    changed_by_id = models.IntegerField(null=True)
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200, blank=True)
    # How it was written (form, upload, API, command line); "" for changes kept before 0006.
    way = models.CharField(max_length=10, choices=ValuePath.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["collaborative_id", "indicator_id", "organisation_id"])]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class Aggregate(TenantModel):
    """The collaborative's figure for an indicator and period, from approved values only;
    refreshed when a submission is approved, so the scorecard reads few rows.

    `partners` is how many partners' figures it covers, `assigned` how many partners report the
    indicator: a figure with fewer is partial, shown as provisional ("1 of 2 partners reported")
    and never fitted or judged (braid.lib.rba.curve_story)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aggregates")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    partners = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)

    @property
    def complete(self) -> bool:
        return self.partners >= self.assigned

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "indicator", "period"], name="aggregate_key"
            )
        ]


class Story(TenantModel):
    """The story behind the curve for one period: what happened, what partners did."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="stories")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    # In both languages (ADR 0015): `text` in English, `text_fr` in French; one is enough.
    text = models.TextField(_("story behind the curve"), blank=True)
    text_fr = models.TextField(_("story behind the curve, in French"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Counts its saves: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "indicator", "period"], name="story_per_period"
            )
        ]


class ImportJob(TenantModel):
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=500)
    status = models.CharField(max_length=10, default="queued")  # queued, running, done, failed
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def progress_key(self) -> str:
        """Where the running import publishes its rows read: the cache, which other processes
        see at once, while the import's own transaction keeps its writes to itself."""
        return f"braid:import-job:{self.pk}:rows"

    @cached_property
    def rows_seen(self) -> int:
        if self.status in ("queued", "running"):
            return max(self.rows_done, cache.get(self.progress_key, 0))
        return self.rows_done

    @property
    def status_label(self) -> str:
        """The upload's state in the reader's language, as lists and tables show it."""
        if self.status in ("done", "failed") and (self.result or {}).get("problem_count"):
            return str(_("refused: problems to fix"))
        labels = {
            "queued": _("waiting"),
            "running": _("being checked"),
            "done": _("imported"),
            "failed": _("failed"),
        }
        return str(labels.get(self.status, self.status))

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, round(100 * self.rows_seen / self.rows_total))

    class Meta:
        ordering = ["-created_at"]

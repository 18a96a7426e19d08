"""Schemas of the shared-measures API: what each endpoint takes and returns."""

import datetime as dt
from typing import Annotated, Any, Literal

from annotated_types import Interval
from ninja import Field, Schema
from pydantic import StringConstraints

from braid.core.schemas import Date, FromModel, Id, In, unset
from braid.measures.indicator_rules import MAX_DECIMALS
from braid.measures.models import Indicator, Period, Value


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    technical_definition: str
    name_fr: str
    definition_fr: str
    technical_definition_fr: str
    kind: str
    quadrant: str
    unit: str
    unit_fr: str  # the unit in French too, when written (ADR 0015)
    decimals: int
    direction: str
    aggregation: str
    frequency: str
    data_source: str
    min_value: float | None
    max_value: float | None
    disaggregations: dict[str, list[str]]
    disaggregation_labels: dict[str, dict[str, str]]
    baseline_value: float | None
    baseline_period: str | None
    communication_power: str
    proxy_power: str
    data_power: str
    tier: str
    reporters: list[int]
    version: int

    @staticmethod
    def resolve_baseline_period(obj: Any) -> str | None:
        return obj.baseline_period.code if obj.baseline_period_id else None

    @staticmethod
    def resolve_reporters(obj: Any) -> list[int]:
        return sorted(o.pk for o in obj.reporters.all())


Decimals = Annotated[int, Interval(ge=0, le=MAX_DECIMALS)]


Dimensions = dict[
    Annotated[str, StringConstraints(max_length=80)],
    list[Annotated[str, StringConstraints(max_length=80)]],
]

# {"sex": {"en": "Sex", "fr": "Sexe"}, "sex=girls": {...}}: left loose here so that the rules
# (indicator_rules.label_problems) say what is wrong, as the form does.
Labels = dict[str, dict[str, str]]


PeriodCode = Annotated[str, FromModel(Period, "code")]


class IndicatorIn(In):
    code: Annotated[str, FromModel(Indicator, "code")]
    name: Annotated[str, FromModel(Indicator, "name")] = ""  # this or name_fr
    definition: str = ""
    technical_definition: str = ""
    name_fr: Annotated[str, FromModel(Indicator, "name_fr")] = ""
    definition_fr: str = ""
    technical_definition_fr: str = ""
    kind: Annotated[str, FromModel(Indicator, "kind")] = "performance"
    quadrant: Annotated[str, FromModel(Indicator, "quadrant")] = "how_much"
    unit: Annotated[str, FromModel(Indicator, "unit")] = ""
    unit_fr: Annotated[str, FromModel(Indicator, "unit_fr")] = ""
    decimals: Decimals = 0
    direction: Annotated[str, FromModel(Indicator, "direction")] = "up"
    aggregation: Annotated[str, FromModel(Indicator, "aggregation")] = "sum"
    frequency: Annotated[str, FromModel(Indicator, "frequency")] = "monthly"
    data_source: Annotated[str, FromModel(Indicator, "data_source")] = ""
    min_value: float | None = None
    max_value: float | None = None
    disaggregations: Dimensions = {}
    disaggregation_labels: Labels = {}
    baseline_value: float | None = None
    baseline_period: PeriodCode | None = None
    communication_power: Annotated[str, FromModel(Indicator, "communication_power")] = ""
    proxy_power: Annotated[str, FromModel(Indicator, "proxy_power")] = ""
    data_power: Annotated[str, FromModel(Indicator, "data_power")] = ""
    tier: Annotated[str, FromModel(Indicator, "tier")] = "secondary"
    reporters: list[Id] = []


class IndicatorPutIn(IndicatorIn):
    version: int | None = None


class IndicatorPatchIn(In):
    """Only the fields sent change; `reporters`, when sent, is the whole new list. Text and
    choices are never null; the numbers and the baseline period may be (to clear them)."""

    code: Annotated[str, FromModel(Indicator, "code")] = unset()
    name: Annotated[str, FromModel(Indicator, "name")] = unset()
    definition: str = unset()
    technical_definition: str = unset()
    name_fr: Annotated[str, FromModel(Indicator, "name_fr")] = unset()
    definition_fr: str = unset()
    technical_definition_fr: str = unset()
    kind: Annotated[str, FromModel(Indicator, "kind")] = unset()
    quadrant: Annotated[str, FromModel(Indicator, "quadrant")] = unset()
    unit: Annotated[str, FromModel(Indicator, "unit")] = unset()
    unit_fr: Annotated[str, FromModel(Indicator, "unit_fr")] = unset()
    decimals: Decimals = unset()
    direction: Annotated[str, FromModel(Indicator, "direction")] = unset()
    aggregation: Annotated[str, FromModel(Indicator, "aggregation")] = unset()
    frequency: Annotated[str, FromModel(Indicator, "frequency")] = unset()
    data_source: Annotated[str, FromModel(Indicator, "data_source")] = unset()
    min_value: float | None = None
    max_value: float | None = None
    disaggregations: Dimensions = unset()
    disaggregation_labels: Labels = unset()
    baseline_value: float | None = None
    baseline_period: PeriodCode | None = None
    communication_power: Annotated[str, FromModel(Indicator, "communication_power")] = unset()
    proxy_power: Annotated[str, FromModel(Indicator, "proxy_power")] = unset()
    data_power: Annotated[str, FromModel(Indicator, "data_power")] = unset()
    tier: Annotated[str, FromModel(Indicator, "tier")] = unset()
    reporters: list[Id] = unset()
    version: Annotated[int | None, FromModel(Indicator, "version")] = None


class IndicatorChangeOut(Schema):
    field: str
    before: str
    after: str
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(obj: Any) -> str | None:
        return obj.changed_by.email if obj.changed_by_id else None


class PeriodOut(Schema):
    id: int
    code: str
    frequency: str
    start: dt.date
    end: dt.date
    due_date: dt.date


class ScheduleIn(In):
    frequency: Annotated[str, FromModel(Period, "frequency")]
    first: Date
    count: Annotated[int, Interval(ge=1, le=120)]
    due_days: Annotated[int, Interval(ge=0, le=120)] = 20


class TargetIn(In):
    period: PeriodCode
    value: float


class TargetsItemIn(In):
    indicator: Annotated[str, FromModel(Indicator, "code")]
    period: PeriodCode
    value: float | None


class TargetsOut(Schema):
    set: int
    removed: int


class FrameworkImportOut(Schema):
    rows: int
    created: int
    updated: int
    targets: int


class TargetOut(Schema):
    period_id: int
    value: float


class ObjectivesIn(In):
    objective_ids: list[Id]


class ValueOut(Schema):
    """One figure as the caller may see it: a suppressed figure carries no number."""

    indicator_id: int
    organisation_id: int
    period_id: int
    disaggregation: str
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool = Field(
        description="The value is hidden: a count under the collaborative's threshold "
        "(or a percentage whose numerator or denominator is one), or hidden so that one "
        "cannot be worked out from a total. value (and any hidden part) is then null."
    )
    suppression: Literal["small", "complementary"] | None = Field(
        description="Why the value is hidden: small (shown as “< 5”) or complementary (“—”)."
    )
    status: str = Field(description="The status of the organisation's report for the period.")


class ValuePage(Schema):
    items: list[ValueOut]
    next_cursor: str | None


class ValueIn(In):
    indicator: Annotated[str, FromModel(Indicator, "code")]
    period: PeriodCode
    organisation: Annotated[str, StringConstraints(max_length=200)] = ""
    disaggregation: Annotated[str, FromModel(Value, "disaggregation")] = ""
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None


class ImportOut(Schema):
    rows: int
    inserted: int
    updated: int
    warnings: list[dict[str, Any]]
    warnings_checked: bool


class SubmissionOut(Schema):
    id: int
    organisation_id: int
    period_id: int
    status: str
    comment: str


class ReturnIn(In):
    comment: str


class ScoreOut(Schema):
    indicator_id: int
    code: str
    name: str
    latest_period: str | None
    latest: float | None
    baseline: float | None
    target: float | None
    progress: float | None
    trend: Literal["improving", "worsening", "flat"]
    turning: bool | None
    forecast: float | None = Field(description="The baseline forecast for the latest period.")
    status: Literal["turning", "not_turning", "no_forecast", "no_data"]
    verdict: str
    provisional_period: str | None = Field(
        description="A newer period not every assigned partner has reported."
    )
    provisional: float | None
    partners_reported: int | None
    partners_assigned: int | None
    stale: bool = Field(description="No complete figure for the latest period now due.")


class ValueFilters(Schema):
    indicator: Id | None = None
    organisation: Id | None = None
    period: Id | None = None
    after: Annotated[str, StringConstraints(max_length=200)] = ""
    limit: int = Field(1000, ge=1, le=5000, description="Values per page (1–5000).")


class ReminderSentOut(Schema):
    organisation: str
    email: str


class UnreachableOut(Schema):
    id: int
    name: str


class RemindersOut(Schema):
    period: str
    sent: list[ReminderSentOut]  # the e-mails queued, one per member account
    nobody: list[UnreachableOut]  # owe the report and have no member account to remind


class HistoryFilters(Schema):
    indicator: Id | None = None
    organisation: Id | None = None
    period: Id | None = None
    changed_at: dt.datetime | None = Field(
        None,
        description="Only the first entries and changes of one save or import (its audit line's"
        " changed_at).",
    )
    limit: int = Field(100, ge=1, le=1000, description="Changes per page (1–1000).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Changes to skip.")


class ChangeOut(Schema):
    changed_at: dt.datetime
    who: str
    way: str = Field(description="form, upload, api or cli; empty for older changes")
    indicator: str
    organisation: str
    organisation_id: int
    period: str
    disaggregation: str
    before: float | None = Field(description="None for a figure's first entry (or a cleared one)")
    after: float | None
    reason: str


class HistoryPage(Schema):
    items: list[ChangeOut]
    next_offset: int | None

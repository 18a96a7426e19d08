from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.measures.models import Aggregation, Direction, Frequency, Kind, Power, Quadrant, Tier


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short code used in files, e.g. youth-charged.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(
        label=_("Plain-language definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    technical_definition = forms.CharField(
        label=_("Technical definition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=Quadrant.choices)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=4, initial=0)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    aggregation = forms.ChoiceField(
        label=_("Aggregation across partners"), choices=Aggregation.choices
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    data_source = forms.CharField(label=_("Data source"), max_length=200, required=False)
    min_value = forms.FloatField(label=_("Lowest plausible value"), required=False)
    max_value = forms.FloatField(label=_("Highest plausible value"), required=False)
    disaggregations = forms.CharField(
        label=_("Disaggregations"),
        required=False,
        help_text=_('JSON, e.g. {"age": ["12-15", "16-18"]}'),
    )
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    communication_power = forms.ChoiceField(
        label=_("Communication power"), choices=[("", "—"), *Power.choices], required=False
    )
    proxy_power = forms.ChoiceField(
        label=_("Proxy power"), choices=[("", "—"), *Power.choices], required=False
    )
    data_power = forms.ChoiceField(
        label=_("Data power"), choices=[("", "—"), *Power.choices], required=False
    )
    tier = forms.ChoiceField(label=_("List"), choices=Tier.choices)
    reporters = forms.MultipleChoiceField(
        label=_("Partners who report it"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reporters"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(o.pk), o.name) for o in organisations]

    def clean_disaggregations(self) -> dict[str, list[str]]:
        text = self.cleaned_data.get("disaggregations") or ""
        if not text.strip():
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _('Write it as JSON, e.g. {"age": ["12-15", "16-18"]}.')
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Write it as JSON, e.g. {"age": ["12-15", "16-18"]}.'))
        return value


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: indicator, period, value (numerator and denominator for percentages), optional disaggregation."
        ),
    )
    decimal_comma = forms.BooleanField(
        label=_("Numbers use a decimal comma (1 234,5)"), required=False
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs changing"), widget=forms.Textarea(attrs={"rows": 2})
    )


class StoryForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    text = forms.CharField(
        label=_("Story behind the curve"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    first = forms.DateField(
        label=_("First period starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    count = forms.IntegerField(label=_("How many periods"), min_value=1, max_value=120, initial=12)
    due_days = forms.IntegerField(
        label=_("Due, days after the period ends"), min_value=0, max_value=120, initial=20
    )


class TargetForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    value = forms.FloatField(label=_("Target"))

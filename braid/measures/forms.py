from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import BilingualForm
from braid.measures import dimensions
from braid.measures.models import Aggregation, Direction, Frequency, Kind, Power, Quadrant, Tier


class IndicatorForm(BilingualForm):
    bilingual = ("name", "definition", "technical_definition", "unit")  # ADR 0015

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
    baseline_value = forms.FloatField(label=_("Baseline value"), required=False)
    baseline_period_id = forms.TypedChoiceField(
        label=_("Baseline period"), required=False, coerce=int, empty_value=None
    )
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

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organisations: Any = (), periods: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reporters"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(o.pk), o.name) for o in organisations]
        baseline = self.fields["baseline_period_id"]
        assert isinstance(baseline, forms.ChoiceField)
        baseline.choices = [("", "—"), *((str(p.pk), p.code) for p in periods)]


@dataclass
class EditorRow:
    """One dimension in the editor: its code, its groups' codes (typed with commas), its
    names in English and French, and each group's (code, English, French) names."""

    name: str = ""
    values: str = ""
    en: str = ""
    fr: str = ""
    groups: list[tuple[str, str, str]] = field(default_factory=list)


class DisaggregationEditor:
    """The small editor of an indicator's breakdowns: one row per dimension, its values
    separated by commas, and boxes for the English and French names of the dimension and of
    each value already declared; rows are added with a button and removed with a checkbox.

    Fields: `dim-count`, then `dim-N-name`, `dim-N-values`, `dim-N-en`, `dim-N-fr`,
    `dim-N-remove` for each row, and `dim-N-g-M-code`, `-en`, `-fr` for its M-th value."""

    SPARE = 1  # empty rows offered below the declared ones

    def __init__(
        self,
        data: Any = None,
        initial: dict[str, list[str]] | None = None,
        labels: dict[str, Any] | None = None,
    ) -> None:
        self.rows: list[EditorRow] = []
        self.error = ""
        if data is None:
            self.rows = [
                self._saved(dim, vals, labels or {}) for dim, vals in (initial or {}).items()
            ]
            self.rows += [EditorRow() for _n in range(self.SPARE)]
            return
        try:
            count = min(int(data.get("dim-count", 0)), 50)
        except ValueError:
            count = 0
        self.rows = [self._posted(data, n) for n in range(count) if not data.get(f"dim-{n}-remove")]
        if data.get("action") == "add-dimension" or not self.rows:
            self.rows.append(EditorRow())

    @staticmethod
    def _saved(dim: str, values: list[str], labels: dict[str, Any]) -> EditorRow:
        def named(k: str) -> tuple[str, str]:
            names = labels.get(k) or {}
            return str(names.get("en", "")), str(names.get("fr", ""))

        groups = [(g, *named(dimensions.key(dim, g))) for g in values]
        return EditorRow(dim, ", ".join(values), *named(dim), groups)

    @staticmethod
    def _posted(data: Any, n: int) -> EditorRow:
        def got(name: str) -> str:
            return str(data.get(f"dim-{n}-{name}", "")).strip()

        values = got("values")
        named: dict[str, tuple[str, str]] = {}
        for m in range(200):  # the boxes of the values shown last time, by their codes
            code = got(f"g-{m}-code")
            if not code:
                break
            named[code] = (got(f"g-{m}-en"), got(f"g-{m}-fr"))
        typed = [v.strip() for v in values.split(",") if v.strip()]
        groups = [(v, *named.get(v, ("", ""))) for v in typed]
        return EditorRow(got("name"), values, got("en"), got("fr"), groups)

    def value(self) -> dict[str, list[str]]:
        """The declared dimensions; a row with values but no name, or the same dimension
        twice, is `error`."""
        dims: dict[str, list[str]] = {}
        for row in self.rows:
            name, values = row.name, row.values
            parts = [v.strip() for v in values.split(",") if v.strip()]
            if not name and not parts:
                continue
            if not name:
                self.error = _("Name the dimension of the values “%(v)s”, e.g. age.") % {
                    "v": values
                }
            elif name in dims:
                self.error = _("The dimension “%(dim)s” is declared twice.") % {"dim": name}
            dims[name] = parts
        return dims

    def labels(self) -> dict[str, dict[str, str]]:
        """The names typed, by key ("sex", "sex=girls"); the rules check them."""
        out: dict[str, dict[str, str]] = {}
        for row in self.rows:
            if not row.name:
                continue
            named = [(row.name, row.en, row.fr)]
            named += [(dimensions.key(row.name, g.strip()), en, fr) for g, en, fr in row.groups]
            for k, en, fr in named:
                if en or fr:
                    out[k] = {lang: t for lang, t in (("en", en), ("fr", fr)) if t}
        return out

    @property
    def numbered(self) -> list[tuple[int, EditorRow]]:
        return list(enumerate(self.rows))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: indicator, period, value (numerator and denominator for percentages), optional disaggregation."
        ),
    )
    decimal = forms.ChoiceField(
        label=_("Decimal mark in the file"),
        choices=[
            ("", _("Find it from the file")),
            ("point", _("A point: 1,234.5 or 1234.5")),
            ("comma", _("A comma: 1 234,5 or 1234,5")),
        ],
        required=False,
        help_text=_(
            "When the file does not tell (only whole numbers, or 1,500), your language decides. Numbers stored as numbers in XLSX need no choice."
        ),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs changing"), widget=forms.Textarea(attrs={"rows": 2})
    )


class StoryForm(BilingualForm):
    bilingual = ("text",)  # in English, French or both (ADR 0015)
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    text = forms.CharField(
        label=_("Story behind the curve"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # The story's version as loaded (0: none yet): a save over a newer one is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)


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

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import ContributionKind
from braid.core.bilingual import BilingualForm

DATE = forms.DateInput(attrs={"type": "date"})


def _set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ContributionForm(forms.Form):
    organisation_id = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    value = forms.CharField(
        label=_("Value ($)"),
        required=False,
        help_text=_("In dollars; for staff time, in-kind, data and space, the estimated value."),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organisation_id", [("", "—"), *organisations])


class FundingSourceForm(forms.Form):
    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    funder = forms.CharField(label=_("Funder"), max_length=200)
    organisation_id = forms.TypedChoiceField(
        label=_("Partner organisation (if the funder is a partner)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    programme = forms.CharField(label=_("Programme"), max_length=200, required=False)
    mandate = forms.CharField(
        label=_("Mandate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the funder exists to fund, in its own words."),
    )
    reporting_requirements = forms.CharField(
        label=_("Reporting requirements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.CharField(label=_("Amount ($)"), required=False)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=DATE)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organisation_id", [("", "—"), *organisations])


class DeadlineForm(BilingualForm):
    bilingual = ("title",)  # in English, in French or in both (ADR 0015)
    title = forms.CharField(label=_("What is due"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

"""Forms of the surveys pages (stewards' side; the respondent's pages read their own POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import add_french, check_pairs
from braid.surveys.models import RoundLanguages


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    languages = forms.ChoiceField(label=_("Languages"), choices=RoundLanguages.choices)
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A partnership check-up mixes collaboration factors, barriers and conditions."),
    )

    def __init__(self, *args: Any, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs["initial"] = {"opens_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = instruments  # type: ignore[attr-defined]
        add_french(self, ["title"])  # in either language (ADR 0015)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_pairs(self)
        return data


class ReopenForm(forms.Form):
    closes_on = forms.DateField(
        label=_("New closing date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Why reopen"), max_length=300)


class RespondentsForm(forms.Form):
    organisations = forms.MultipleChoiceField(
        label=_("Everyone with an e-mail address in these organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their contacts and member accounts."),
    )
    others = forms.CharField(
        label=_("Anyone else, one per line: e-mail, organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: sam@example.org, Riverside Police Service"),
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [  # type: ignore[attr-defined]
            (str(k), v) for k, v in organisations
        ]


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))

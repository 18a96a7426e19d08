"""Forms of the report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import add_french
from braid.reports.models import Template


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("A year (2026), a quarter (2026-Q4), a half (2026-H1) or a month (2026-03)."),
    )
    template = forms.ChoiceField(label=_("Template"), choices=Template.choices)
    funding_source_id = forms.TypedChoiceField(
        label=_("Funder"), required=False, coerce=int, empty_value=None
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to start with the template's sections."),
    )
    indicator_ids = forms.TypedMultipleChoiceField(
        label=_("Indicators"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to show every indicator."),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        indicators: list[tuple[int, str]],
        funders: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The title in both languages (ADR 0015); the English one names the report (unique
        # for its period), so it stays required.
        add_french(self, ["title"])
        self.fields["title"].required = True
        self.fields["title"].pair_required = False  # type: ignore[attr-defined]
        self.fields["sections"].choices = sections  # type: ignore[attr-defined]
        self.fields["indicator_ids"].choices = indicators  # type: ignore[attr-defined]
        self.fields["funding_source_id"].choices = [("", "—"), *funders]  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    public = forms.BooleanField(label=_("Also on the public results page"), required=False)


class PublicPageForm(forms.Form):
    enabled = forms.BooleanField(label=_("The public results page is on"), required=False)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for anyone who finds the page: who you are, what you do."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections shown"), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicator_ids = forms.TypedMultipleChoiceField(
        label=_("Indicators shown"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only approved figures are shown; small counts stay hidden."),
    )
    # The choices' version as loaded: a save over someone else's newer one is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        indicators: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        add_french(self, ["intro"])
        self.fields["sections"].choices = sections  # type: ignore[attr-defined]
        self.fields["indicator_ids"].choices = indicators  # type: ignore[attr-defined]

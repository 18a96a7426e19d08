"""Forms of the networks pages: the lessons and wins logs, target levels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import add_french, check_pairs
from braid.networks.models import EntryKind, LogEntry, Visibility

LEVEL_CHOICES = [
    (1, _("1 · Networking")),
    (2, _("2 · Cooperation")),
    (3, _("3 · Coordination")),
    (4, _("4 · Full collaboration")),
]


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    happened_on = forms.DateField(
        label=_("When"), widget=forms.DateInput(attrs={"type": "date"}), required=True
    )
    what_happened = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    learned = forms.CharField(
        label=_("What we learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    do_differently = forms.CharField(
        label=_("What we will do differently"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )
    activity_ids = forms.TypedMultipleChoiceField(
        label=_("Activities it is about"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator_ids = forms.TypedMultipleChoiceField(
        label=_("Indicators it is about"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        activities: list[tuple[int, str]],
        indicators: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_ids"].choices = activities  # type: ignore[attr-defined]
        self.fields["indicator_ids"].choices = indicators  # type: ignore[attr-defined]
        if kind == EntryKind.WIN:
            del self.fields["do_differently"]
            self.fields["what_happened"].label = _("What we achieved")
            self.fields["learned"].label = _("Why it matters")
        if not activities:
            del self.fields["activity_ids"]
        if not indicators:
            del self.fields["indicator_ids"]
        add_french(self, [f for f in LogEntry.TEXTS if f in self.fields])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_pairs(self)
        return data


class TargetLevelForm(forms.Form):
    organisation_id = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    partner_id = forms.TypedChoiceField(
        label=_("With (for a pair)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty for the partner's level with the collaborative as a whole."),
    )
    level = forms.TypedChoiceField(label=_("Target level"), coerce=int, choices=LEVEL_CHOICES)
    by = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = organisations  # type: ignore[attr-defined]
        self.fields["partner_id"].choices = [  # type: ignore[attr-defined]
            ("", _("— the collaborative as a whole —")),
            *organisations,
        ]

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import BodyKind, DecisionMethod, LeadershipTitle
from braid.core.bilingual import BilingualForm

DATE = forms.DateInput(attrs={"type": "date"})


def _choices(form: forms.Form, name: str, values: list[Any]) -> None:
    f = form.fields[name]
    assert isinstance(f, forms.ChoiceField)
    f.choices = values


class RulesForm(BilingualForm):
    bilingual = ("meeting_frequency", "channels", "notes")

    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    name = forms.CharField(label=_("Name"), max_length=200)
    decision_method = forms.ChoiceField(label=_("Decision method"), choices=DecisionMethod.choices)
    quorum_pct = forms.IntegerField(
        label=_("Quorum (% of members present)"),
        required=False,
        help_text=_("Majority vote only."),
    )
    majority_pct = forms.IntegerField(
        label=_("Majority needed (% of votes cast)"),
        required=False,
        help_text=_("Majority vote only, e.g. 50 or 67."),
    )
    meeting_frequency = forms.CharField(
        label=_("Meeting frequency"), max_length=200, required=False
    )
    channels = forms.CharField(
        label=_("Communication channels"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agenda_drafted_by = forms.CharField(
        label=_("Who drafts agendas"), max_length=200, required=False
    )
    agenda_notice_days = forms.IntegerField(
        label=_("Agenda circulated this many days before the meeting"),
        required=False,
        help_text=_("E.g. 7. Meetings show the date the agenda is due and flag a late one."),
    )
    minutes_taken_by = forms.CharField(label=_("Who takes minutes"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Other rules"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BodyForm(BilingualForm):
    bilingual = ("purpose",)

    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    member_organisation_ids = forms.TypedMultipleChoiceField(
        label=_("Member organisations"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    member_contact_ids = forms.TypedMultipleChoiceField(
        label=_("People"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    chair_id = forms.TypedChoiceField(
        label=_("Chair"), coerce=int, required=False, empty_value=None
    )
    rules_id = forms.TypedChoiceField(
        label=_("Rules of procedure"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        contacts: list[Any],
        rules: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "member_organisation_ids", organisations)
        _choices(self, "member_contact_ids", contacts)
        _choices(self, "chair_id", [("", "—"), *contacts])
        _choices(self, "rules_id", [("", "—"), *rules])


class LeadershipForm(forms.Form):
    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.ChoiceField(label=_("Role"), choices=LeadershipTitle.choices)
    body_id = forms.TypedChoiceField(label=_("Body"), coerce=int, required=False, empty_value=None)
    person = forms.CharField(label=_("Person"), max_length=200)
    organisation_id = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    term_start = forms.DateField(label=_("Term starts"), required=False, widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, organisations: list[Any], bodies: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "organisation_id", [("", "—"), *organisations])
        _choices(self, "body_id", [("", "—"), *bodies])

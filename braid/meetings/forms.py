from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import add_french, check_pairs
from braid.meetings.models import ActionStatus, Decision, Frequency, Gathering, Method, Purpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def set_choices(form: forms.Form, name: str, values: list[Any], blank: bool = False) -> None:
    f = form.fields[name]
    assert isinstance(f, forms.ChoiceField)
    f.choices = ([("", "—")] if blank else []) + list(values)


class _When(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    gathering = forms.ChoiceField(label=_("Who meets"), choices=Gathering.choices)
    body_id = forms.TypedChoiceField(
        label=_("Governance body"), coerce=int, required=False, empty_value=None
    )
    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME, required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.CharField(
        label=_("Video link"),
        max_length=500,
        required=False,
        help_text=_("The address people open to join, e.g. https://meet.example.org/abc."),
    )
    organisation_ids = forms.TypedMultipleChoiceField(
        label=_("Invited organisations"),
        coerce=int,
        required=False,
        help_text=_("Leave empty to invite the body's members (or every partner)."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    user_ids = forms.TypedMultipleChoiceField(
        label=_("Invited people"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, bodies: Any, organisations: Any, users: Any, **kw: Any):
        super().__init__(*args, **kw)
        set_choices(self, "body_id", bodies, blank=True)
        set_choices(self, "organisation_ids", organisations)
        set_choices(self, "user_ids", users)

    def clean_organisation_ids(self) -> list[int] | None:
        return self.cleaned_data.get("organisation_ids") or None


class MeetingForm(_When):
    pass


class SeriesForm(_When):
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Frequency.choices)
    count = forms.IntegerField(label=_("Number of meetings"), required=False, initial=12)
    template = forms.CharField(
        label=_("Template agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line; every meeting of the series starts with them."),
    )

    field_order = [
        "title",
        "gathering",
        "body_id",
        "frequency",
        "date",
        "start_time",
        "end_time",
        "count",
    ]

    def clean_template(self) -> list[str]:
        return [
            line for line in (self.cleaned_data.get("template") or "").splitlines() if line.strip()
        ]


class MeetingEditForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Apply the change to"),
        choices=[
            ("occurrence", _("This occurrence only")),
            ("series", _("This and every later meeting of the series")),
        ],
        widget=forms.RadioSelect,
        initial="occurrence",
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.CharField(label=_("Video link"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, in_series: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        if not in_series:
            del self.fields["scope"]


class OwnedForm(forms.Form):
    """A form with an owner (a member and/or an organisation) and links to an indicator and an
    activity (agenda items and action items), their choices given by the view."""

    organisation_field = "organisation_id"

    def __init__(
        self,
        *args: Any,
        users: Any,
        organisations: Any,
        indicators: Any,
        activities: Any,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        set_choices(self, "owner_id", users, blank=True)
        set_choices(self, self.organisation_field, organisations, blank=True)
        set_choices(self, "indicator_id", indicators, blank=True)
        set_choices(self, "activity_id", activities, blank=True)


class ItemForm(OwnedForm):
    title = forms.CharField(label=_("Item"), max_length=300)
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, initial=Purpose.DISCUSSION
    )
    minutes_allotted = forms.IntegerField(label=_("Minutes allotted"), required=False)
    owner_id = forms.TypedChoiceField(
        label=_("Owner"), coerce=int, required=False, empty_value=None
    )
    owner_organisation_id = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    indicator_id = forms.TypedChoiceField(
        label=_("Linked indicator"), coerce=int, required=False, empty_value=None
    )
    activity_id = forms.TypedChoiceField(
        label=_("Linked activity"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )

    organisation_field = "owner_organisation_id"


class ItemEditForm(ItemForm):
    # The item's version as loaded: a save over someone else's newer one is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("Item you propose"), max_length=300)
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, initial=Purpose.DISCUSSION
    )
    note = forms.CharField(
        label=_("Why it matters"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, *italic*, lists, links. Scripts and HTML are removed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("Corrected minutes"), widget=forms.Textarea(attrs={"rows": 14}))
    reason = forms.CharField(
        label=_("Why the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the correction, with your name and the date."),
    )


def _multi(label: Any) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("What was decided"), max_length=300)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    meeting_id = forms.TypedChoiceField(
        label=_("Meeting"), coerce=int, required=False, empty_value=None
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the meeting's date."),
    )
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    objection_lines = forms.CharField(
        label=_("Objections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Consent: one objection per line."),
    )
    resolution = forms.CharField(
        label=_("How the objections were resolved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: they are unresolved and the proposal is not adopted."),
    )
    dissenting_ids = _multi(_("Organisations that dissented"))
    activity_ids = _multi(_("Activities it changes"))
    indicator_ids = _multi(_("Indicators it aims at"))
    agenda_version_ids = _multi(_("Common agenda versions it adopts or amends"))
    terms_version_ids = _multi(_("Terms of reference it adopts or amends"))
    supersedes_id = forms.TypedChoiceField(
        label=_("Supersedes"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    changes = forms.CharField(
        label=_("What it changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the agenda version or terms of reference it amends."),
    )

    def __init__(
        self,
        *args: Any,
        meetings: Any,
        organisations: Any,
        activities: Any,
        indicators: Any,
        decisions: Any,
        agenda_versions: Any = (),
        terms_versions: Any = (),
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        set_choices(self, "meeting_id", meetings, blank=True)
        set_choices(self, "agenda_version_ids", agenda_versions)
        set_choices(self, "terms_version_ids", terms_versions)
        set_choices(self, "dissenting_ids", organisations)
        set_choices(self, "activity_ids", activities)
        set_choices(self, "indicator_ids", indicators)
        set_choices(self, "supersedes_id", decisions, blank=True)
        add_french(self, Decision.TEXTS)  # what was decided in either language (ADR 0015)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_pairs(self)
        return data

    def clean_objection_lines(self) -> list[str]:
        return [
            x.strip()
            for x in (self.cleaned_data.get("objection_lines") or "").splitlines()
            if x.strip()
        ]


class ActionForm(OwnedForm):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner_id = forms.TypedChoiceField(
        label=_("Owner"), coerce=int, required=False, empty_value=None
    )
    organisation_id = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    indicator_id = forms.TypedChoiceField(
        label=_("Linked indicator"), coerce=int, required=False, empty_value=None
    )
    activity_id = forms.TypedChoiceField(
        label=_("Linked activity"), coerce=int, required=False, empty_value=None
    )
    meeting_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decision_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    organisation_field = "organisation_id"


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    text = forms.CharField(
        label=_("Update"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.agenda.models import (
    ActivityStatus,
    AgendaVersion,
    Goal,
    Horizon,
    MilestoneKind,
    Objective,
)
from braid.core.bilingual import BilingualForm, add_french, check_pairs

DATE = forms.DateInput(attrs={"type": "date"})


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AgendaForm(BilingualForm):
    """The agenda's sections; when the current version has endorsements, saving asks first
    (a new version starts with none)."""

    bilingual = (*AgendaVersion.TEXT_FIELDS, "change_note")
    base_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    problem = forms.CharField(
        label=_("Problem statement"),
        required=False,
        widget=_area(5),
        help_text=_("The problem in a few sentences, with the figures that show it."),
    )
    vision = forms.CharField(
        label=_("Vision"),
        required=False,
        widget=_area(3),
        help_text=_("What the community looks like when the problem is solved."),
    )
    mission = forms.CharField(
        label=_("Mission"), required=False, widget=_area(3), help_text=_("What we do together.")
    )
    values = forms.CharField(label=_("Values"), required=False, widget=_area(3))
    north_star = forms.CharField(
        label=_("North Star goal"),
        required=False,
        widget=_area(2),
        help_text=_("One measurable goal everyone steers by, with a date."),
    )
    urgency = forms.CharField(
        label=_("Case for urgency"),
        required=False,
        widget=_area(3),
        help_text=_("Why now: what it costs to wait."),
    )
    change_note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("One line for the history, e.g. “Vision reworded after the March retreat”."),
    )

    def __init__(self, *args: Any, endorsed: int = 0, number: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if endorsed:
            self.fields["confirm_new_version"] = forms.BooleanField(
                label=_(
                    "I understand: partners endorse the new version again; the %(n)s "
                    "endorsements stay with version %(v)s."
                )
                % {"n": endorsed, "v": number},
                error_messages={
                    "required": _("Tick this to save: a new version starts without endorsements.")
                },
            )


class EndorseForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = organisations


class GoalForm(BilingualForm):
    bilingual = Goal.TEXTS  # in English, in French or in both (ADR 0015)
    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=_area(3))


class ObjectiveForm(BilingualForm):
    bilingual = Objective.TEXTS  # in English, in French or in both (ADR 0015)
    # The version the editor loaded (a stale save is refused); empty when adding.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)
    title = forms.CharField(label=_("Objective"), max_length=300)
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    expected_results = forms.CharField(
        label=_("Expected results"),
        required=False,
        widget=_area(3),
        help_text=_("One per line."),
    )
    means = forms.CharField(label=_("Means and resources needed"), required=False, widget=_area(3))
    evaluation_method = forms.CharField(
        label=_("Evaluation method"),
        required=False,
        widget=_area(3),
        help_text=_("How we will know it was reached: data, survey, review…"),
    )

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = goals


class ActivityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=_area(4))
    lead_id = forms.TypedChoiceField(
        label=_("Lead organisation"), coerce=int, required=False, empty_value=None
    )
    supporter_ids = forms.TypedMultipleChoiceField(
        label=_("Supporting organisations"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    objective_ids = forms.TypedMultipleChoiceField(
        label=_("Objectives it serves"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    body_id = forms.TypedChoiceField(
        label=_("Owned by (governance body)"), coerce=int, required=False, empty_value=None
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end = forms.DateField(label=_("End"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    status_reason = forms.CharField(
        label=_("Reason (needed when stalled or dropped)"), required=False, widget=_area(2)
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[int, str]],
        objectives: list[tuple[int, str]],
        bodies: list[tuple[int, str]],
        partner_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[Any]] = {
            "lead_id": [("", "—"), *organisations],
            "supporter_ids": organisations,
            "objective_ids": objectives,
            "body_id": [("", "—"), *bodies],
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values
        if partner_only:
            for name in ("title", "lead_id", "supporter_ids", "objective_ids", "body_id"):
                del self.fields[name]
        add_french(self, [f for f in ("title",) if f in self.fields])  # ADR 0015

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_pairs(self)
        return data


class MilestoneForm(BilingualForm):
    bilingual = ("title",)  # in English, in French or in both (ADR 0015)
    title = forms.CharField(label=_("Milestone or interim goal"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress note"), widget=_area(3))

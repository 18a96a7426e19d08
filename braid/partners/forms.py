from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import BilingualForm
from braid.partners.models import (
    Category,
    Channel,
    Contact,
    Effect,
    Organisation,
    PartnerRole,
    PartnerStatus,
    Size,
    Stance,
)


def _limit(model: Any, name: str) -> int:
    """The field's length as the model declares it: one place for it."""
    return int(model._meta.get_field(name).max_length)


DATE = forms.DateInput(attrs={"type": "date"})
SCORES = [(i, str(i)) for i in range(1, 6)]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=_limit(Organisation, "name"))
    sector = forms.ChoiceField(label=_("Sector"))
    role = forms.ChoiceField(
        label=_("Role in the collaborative"),
        required=False,
        choices=[("", "—"), *PartnerRole.choices],
    )
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priorities = forms.CharField(
        label=_("Stated priorities"),
        required=False,
        help_text=_("In the organisation's own words."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        label=_("Website"), required=False, max_length=_limit(Organisation, "website")
    )
    size = forms.ChoiceField(label=_("Size"), required=False, choices=[("", "—"), *Size.choices])
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)
    # The version the editor loaded: a save over a newer one is refused (optimistic locking).
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, sectors: list[tuple[str, str]], partner_only: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sectors
        if partner_only:
            for name in ("role", "notes", "joined_on", "left_on"):
                del self.fields[name]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PartnerStatus.choices)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=_limit(Contact, "name"))
    role = forms.CharField(label=_("Role"), max_length=_limit(Contact, "role"), required=False)
    email = forms.CharField(label=_("E-mail"), max_length=_limit(Contact, "email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=_limit(Contact, "phone"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=[("en", _("English")), ("fr", _("French"))]
    )


class OutreachForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    offered = forms.CharField(
        label=_("What we offered"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    asked = forms.CharField(
        label=_("What we asked"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)


class RatingForm(forms.Form):
    influence = forms.TypedChoiceField(
        label=_("Influence over the issue (1–5)"), choices=SCORES, coerce=int
    )
    proximity = forms.TypedChoiceField(
        label=_("Proximity to key stakeholders and institutions (1–5)"), choices=SCORES, coerce=int
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, initial="neutral")
    interests = forms.CharField(
        label=_("Interests"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    apprehensions = forms.CharField(
        label=_("Apprehensions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Reported level"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", "—"),
            (0, _("None")),
            (1, _("Networking")),
            (2, _("Cooperation")),
            (3, _("Coordination")),
            (4, _("Full collaboration")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FramingForm(BilingualForm):
    bilingual = ("framing",)
    sector = forms.ChoiceField(label=_("Sector"))
    framing = forms.CharField(
        label=_("How this sector would put the issue"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, sectors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sector"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sectors


class DraftForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 12}))
    channel = forms.ChoiceField(label=_("Sent by"), choices=Channel.choices, initial="email")
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)


class ContextForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    end_date = forms.DateField(label=_("Until"), required=False, widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    effect = forms.ChoiceField(label=_("Effect"), choices=Effect.choices)
    title = forms.CharField(label=_("What"), max_length=200)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CustomSectorForm(forms.Form):
    label = forms.CharField(label=_("New sector"), max_length=100)

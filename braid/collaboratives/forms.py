from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.models import Role
from braid.core.bilingual import BilingualForm


class CollaborativeForm(BilingualForm):
    bilingual = ("issue",)  # in English, French or both (ADR 0015)

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("Used in links. Leave empty to make one from the name."),
    )
    issue = forms.CharField(
        label=_("Issue"),
        max_length=300,
        required=False,
        help_text=_("The problem you work on together, e.g. youth violence."),
    )


class SettingsForm(BilingualForm):
    bilingual = ("issue",)

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    issue = forms.CharField(label=_("Issue"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    suppression_threshold = forms.IntegerField(
        label=_("Small-cell threshold"),
        min_value=1,
        max_value=100,
        help_text=_("Counts below this are shown as “< n” to partners, viewers and the public."),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size for survey results"),
        min_value=1,
        max_value=100,
        help_text=_("Survey scores of smaller groups are hidden."),
    )
    shares_stakeholder_analysis = forms.BooleanField(
        label=_("Partners and viewers see the stakeholder analysis"),
        required=False,
        help_text=_(
            "Stakeholder ratings (influence, proximity, stance, interests, apprehensions) and"
            " contacts' e-mail addresses and phone numbers. Unticked: stewards only."
        ),
    )


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Required for partners: the organisation they act for."),
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(o.pk, o.name) for o in organisations]


class InvitationForm(RoleFields):
    email = forms.EmailField(label=_("E-mail address"))
    field_order = ["email", "role", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The least powerful role unless the steward chooses more: a slip must not grant full rights.
        self.fields["role"].initial = Role.VIEWER


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ; type the same one twice."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

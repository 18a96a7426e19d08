from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from braid.core.bilingual import BilingualForm

DATE = forms.DateInput(attrs={"type": "date"})


class IssueForm(BilingualForm):
    """The title and clauses a version carries, each in English and French (ADR 0015)."""

    bilingual = ("title", "data_sharing", "term_and_exit")

    title = forms.CharField(label=_("Title"), max_length=200)
    effective_from = forms.DateField(label=_("In effect from"), required=False, widget=DATE)
    effective_to = forms.DateField(label=_("Until"), required=False, widget=DATE)
    data_sharing = forms.CharField(
        label=_("Data sharing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What partners share, at what level of detail, and how it is protected."),
    )
    term_and_exit = forms.CharField(
        label=_("Term and exit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How long the terms last, how they are reviewed, and how a partner leaves."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        """A first version is offered the usual title in each language, each in its own box
        (not the reader's language's word in both)."""
        super().__init__(*args, **kwargs)
        for name, lang in (("title", "en"), ("title_fr", "fr")):
            with translation.override(lang):
                self.fields[name].initial = gettext("Terms of reference")


class SignForm(forms.Form):
    """The name and title a signature records: both asked for, neither filled in silently."""

    signatory = forms.CharField(
        label=_("Name of the person who signs"),
        max_length=200,
        error_messages={
            "required": _("Write the name of the person who signs, as it should appear.")
        },
    )
    signatory_title = forms.CharField(
        label=_("Their title"),
        max_length=200,
        help_text=_("E.g. Executive director. The signature records it."),
        error_messages={
            "required": _(
                "Write the signer's title, e.g. “Executive director”: the signature records it."
            )
        },
    )
